using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Exponential linear unit (Clevert et al., 2015), computed by TorchSharp's <c>functional.elu</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>ELU(x) = x</c> for <c>x &gt; 0</c>, <c>alpha·(e^x − 1)</c> otherwise. Range <c>(−alpha, ∞)</c>.</para>
    /// <para>Derivative: 1 for <c>x &gt; 0</c>, <c>alpha·e^x</c> for <c>x &lt;= 0</c> (so <c>alpha</c> at <c>x = 0</c>;
    /// continuous there only when <c>alpha = 1</c>).</para>
    /// <para>Defaults: <c>alpha = 1</c>; any finite value is accepted, as in PyTorch.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>var y = Activations.ELU(alpha: 1.0).call(torch.randn(3, 4));</code></example>
    /// </remarks>
    public sealed class ELU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="alpha">Scale of the negative part; must be finite.</param>
        public ELU(double alpha = 1.0) : base(nameof(ELU))
        {
            Guard.Finite(alpha, nameof(alpha));
            this.alpha = alpha;
        }

        /// <summary>Scale of the negative part.</summary>
        public double alpha { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.elu(input, alpha);

        /// <inheritdoc/>
        public override string ToString() => $"ELU(alpha={Text.Num(alpha)})";
    }

    public static partial class Activations
    {
        /// <summary>Exponential linear unit; see <see cref="TorchActivations.ELU"/>.</summary>
        public static ELU ELU(double alpha = 1.0) => new ELU(alpha);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>ELU, TorchSharp's built-in.</summary>
        public static Tensor elu(Tensor input, double alpha = 1.0)
        {
            Guard.Finite(alpha, nameof(alpha));
            return nn.functional.elu(input, alpha);
        }
    }
}
