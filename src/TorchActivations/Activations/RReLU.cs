using System;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Randomized leaky ReLU (Xu et al., 2015, "Empirical Evaluation of Rectified Activations in
    /// Convolutional Network").
    /// </summary>
    /// <remarks>
    /// <para>Formula: <c>RReLU(x) = x</c> for <c>x &gt; 0</c>, and <c>a·x</c> otherwise, where</para>
    /// <list type="bullet">
    /// <item>in training mode every element draws its own slope <c>a ~ U(lower, upper)</c> on each
    /// forward call (from the default generator, so <c>torch.random.manual_seed</c> makes it reproducible);</item>
    /// <item>in eval mode the slope is fixed at <c>a = (lower + upper) / 2</c>, which is a leaky ReLU.</item>
    /// </list>
    /// <para>Derivative: 1 for <c>x &gt; 0</c>, and <c>a</c> for <c>x &lt;= 0</c>, using exactly the slope that
    /// the forward pass drew for that element (at <c>x = 0</c> the gradient is <c>a</c>, as in PyTorch).</para>
    /// <para>Defaults: <c>lower = 1/8</c>, <c>upper = 1/3</c>. Requires <c>0 &lt;= lower &lt;= upper</c>.</para>
    /// <para>Shape: input <c>(*)</c>, any shape; output has the same shape, dtype and device.</para>
    /// <para>Unlike TorchSharp's own <c>nn.RReLU</c>, which never samples in training, this layer
    /// really draws a slope per element.</para>
    /// <example><code>
    /// var act = Activations.RReLU(lower: 0.1, upper: 0.3);
    /// act.train();                 // random slopes
    /// var y = act.call(torch.randn(4, 8));
    /// act.eval();                  // slope 0.2 everywhere
    /// </code></example>
    /// </remarks>
    public sealed class RReLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer; see the class remarks for the meaning of the bounds.</summary>
        /// <param name="lower">Lower bound of the slope distribution, <c>0 &lt;= lower &lt;= upper</c>.</param>
        /// <param name="upper">Upper bound of the slope distribution.</param>
        public RReLU(double lower = 1.0 / 8, double upper = 1.0 / 3) : base(nameof(RReLU))
        {
            Validate(lower, upper);
            this.lower = lower;
            this.upper = upper;
        }

        /// <summary>Lower bound of the slope distribution.</summary>
        public double lower { get; }

        /// <summary>Upper bound of the slope distribution.</summary>
        public double upper { get; }

        /// <summary>Applies the layer, sampling slopes when the module is in training mode.</summary>
        public override Tensor forward(Tensor input) => ActivationFunctions.rrelu(input, lower, upper, training);

        /// <inheritdoc/>
        public override string ToString() => $"RReLU(lower={Text.Num(lower)}, upper={Text.Num(upper)})";

        internal static void Validate(double lower, double upper)
        {
            Guard.Finite(lower, nameof(lower));
            Guard.Finite(upper, nameof(upper));
            if (lower < 0)
                throw new ArgumentOutOfRangeException(nameof(lower), lower, $"lower must satisfy 0 <= lower <= upper, got lower = {Text.Num(lower)}.");
            if (upper < lower)
                throw new ArgumentOutOfRangeException(nameof(upper), upper,
                    $"upper must satisfy lower <= upper, got lower = {Text.Num(lower)} and upper = {Text.Num(upper)}.");
        }
    }

    public static partial class Activations
    {
        /// <summary>Randomized leaky ReLU; see <see cref="TorchActivations.RReLU"/>.</summary>
        public static RReLU RReLU(double lower = 1.0 / 8, double upper = 1.0 / 3) => new RReLU(lower, upper);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>
        /// Randomized leaky ReLU; see <see cref="TorchActivations.RReLU"/>. With <paramref name="training"/>
        /// false this is a leaky ReLU with slope <c>(lower + upper) / 2</c>.
        /// </summary>
        public static Tensor rrelu(Tensor input, double lower = 1.0 / 8, double upper = 1.0 / 3, bool training = false)
        {
            TorchActivations.RReLU.Validate(lower, upper);
            Guard.FloatingPoint(input, "rrelu");
            if (!training)
                return nn.functional.leaky_relu(input, (lower + upper) / 2);

            using var scope = NewDisposeScope();
            if (ActivationKernels.Fusable(input)) {
                ulong seed = Kernels.FusedRReLU.DrawSeed();
                var fused = is_grad_enabled() && input.requires_grad
                    ? Kernels.FusedRReLUFunction.Apply(input, lower, upper, seed)
                    : Kernels.FusedRReLU.Forward(input, lower, upper, seed);
                return fused.MoveToOuterDisposeScope();
            }
            // One slope per element. It enters the graph as a constant factor, so autograd's backward
            // multiplies by exactly these slopes; `where` keeps positives (and their gradient 1) untouched.
            var slopes = empty_like(input).uniform_(lower, upper);
            return where(input > 0, input, input * slopes).MoveToOuterDisposeScope();
        }
    }
}
