using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// ReLU clipped at a ceiling (as in Deep Speech, Hannun et al., 2014; <c>ceiling = 6</c> gives ReLU6).
    /// </summary>
    /// <remarks>
    /// <para>Formula: <c>ClippedReLU(x) = min(max(0, x), ceiling)</c>.</para>
    /// <para>Derivative: 1 for <c>0 &lt; x &lt; ceiling</c>, 0 for <c>x &lt; 0</c> and <c>x &gt; ceiling</c>.</para>
    /// <para>At the two kinks the gradient is <b>0</b>: at <c>x = 0</c> this matches ReLU's convention in
    /// PyTorch, and at <c>x = ceiling</c> it matches <c>hardtanh</c>/<c>ReLU6</c> (a saturated unit passes no
    /// gradient). In short, the gradient is 1 exactly on the open interval <c>(0, ceiling)</c>.</para>
    /// <para>Requires <c>ceiling &gt; 0</c>; there is no default. NaN inputs give NaN, <c>+inf</c> gives
    /// <c>ceiling</c> and <c>-inf</c> gives 0.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <para>Built from <c>clamp</c> and <c>where</c> rather than on TorchSharp 0.106's <c>hardtanh</c>, whose
    /// non-inplace form returns its input unclamped.</para>
    /// <example><code>
    /// var act = Activations.ClippedReLU(ceiling: 20);
    /// var y = act.call(torch.linspace(-30, 30, 7));   // [0, 0, 0, 0, 10, 20, 20]
    /// </code></example>
    /// </remarks>
    public sealed class ClippedReLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="ceiling">Largest output value; must be a finite number &gt; 0.</param>
        public ClippedReLU(double ceiling) : base(nameof(ClippedReLU))
        {
            Guard.Positive(ceiling, nameof(ceiling));
            this.ceiling = ceiling;
        }

        /// <summary>Largest output value.</summary>
        public double ceiling { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => ActivationFunctions.clipped_relu(input, ceiling);

        /// <inheritdoc/>
        public override string ToString() => $"ClippedReLU(ceiling={Text.Num(ceiling)})";
    }

    public static partial class Activations
    {
        /// <summary>ReLU clipped at <paramref name="ceiling"/>; see <see cref="TorchActivations.ClippedReLU"/>.</summary>
        public static ClippedReLU ClippedReLU(double ceiling) => new ClippedReLU(ceiling);
    }

    public static partial class ActivationFunctions
    {
        /// <summary><c>min(max(0, x), ceiling)</c>; see <see cref="TorchActivations.ClippedReLU"/>.</summary>
        public static Tensor clipped_relu(Tensor input, double ceiling)
        {
            Guard.Positive(ceiling, nameof(ceiling));
            Guard.NotNull(input, nameof(input));
            using var scope = NewDisposeScope();
            // The value comes from a detached clamp (which also propagates NaN); the gradient comes from
            // `where`, which routes it to x only strictly inside (0, ceiling). A plain clamp would give
            // gradient 1 at both kinks, because libtorch's clamp backward uses min <= x <= max.
            var inside = (input > 0).logical_and(input < ceiling);
            var clamped = input.detach().clamp(0, ceiling);
            return where(inside, input, clamped).MoveToOuterDisposeScope();
        }
    }
}
