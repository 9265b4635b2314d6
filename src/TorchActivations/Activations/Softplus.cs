using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Softplus, a smooth ReLU, computed by TorchSharp's <c>functional.softplus</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>Softplus(x) = (1/beta)·log(1 + e^(beta·x))</c>, and <c>x</c> itself where
    /// <c>beta·x &gt; threshold</c> (for numerical stability, as in PyTorch). Range <c>(0, ∞)</c>.</para>
    /// <para>Derivative: <c>σ(beta·x)</c> (1 in the linear region).</para>
    /// <para>Defaults: <c>beta = 1</c>, <c>threshold = 20</c>; both must be finite and &gt; 0.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>var y = Activations.Softplus(beta: 2, threshold: 20).call(torch.randn(3, 4));</code></example>
    /// </remarks>
    public sealed class Softplus : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="beta">Sharpness; finite and &gt; 0.</param>
        /// <param name="threshold">Above <c>beta·x &gt; threshold</c> the output is <c>x</c>; finite and &gt; 0.</param>
        public Softplus(double beta = 1.0, double threshold = 20.0) : base(nameof(Softplus))
        {
            Validate(beta, threshold);
            this.beta = beta;
            this.threshold = threshold;
        }

        /// <summary>Sharpness.</summary>
        public double beta { get; }

        /// <summary>Linear-region threshold on <c>beta·x</c>.</summary>
        public double threshold { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.softplus(input, beta, threshold);

        /// <inheritdoc/>
        public override string ToString() => $"Softplus(beta={Text.Num(beta)}, threshold={Text.Num(threshold)})";


        internal static void Validate(double beta, double threshold)
        {
            Guard.Positive(beta, nameof(beta));
            Guard.Positive(threshold, nameof(threshold));
        }
    }

    public static partial class Activations
    {
        /// <summary>Softplus; see <see cref="TorchActivations.Softplus"/>.</summary>
        public static Softplus Softplus(double beta = 1.0, double threshold = 20.0) => new Softplus(beta, threshold);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>Softplus, TorchSharp's built-in.</summary>
        public static Tensor softplus(Tensor input, double beta = 1.0, double threshold = 20.0)
        {
            TorchActivations.Softplus.Validate(beta, threshold);
            return nn.functional.softplus(input, beta, threshold);
        }
    }
}
