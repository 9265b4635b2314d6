using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Leaky ReLU, computed by TorchSharp's <c>functional.leaky_relu</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>LeakyReLU(x) = x</c> for <c>x &gt; 0</c>, <c>negative_slope·x</c> otherwise.</para>
    /// <para>Derivative: 1 for <c>x &gt; 0</c>, <c>negative_slope</c> for <c>x &lt;= 0</c> (at <c>x = 0</c> the gradient is <c>negative_slope</c>, libtorch's convention).</para>
    /// <para>Defaults: <c>negative_slope = 0.01</c>; any finite value is accepted, as in PyTorch.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>var y = Activations.LeakyReLU(negative_slope: 0.2).call(torch.randn(3, 4));</code></example>
    /// </remarks>
    public sealed class LeakyReLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="negative_slope">Slope for <c>x &lt;= 0</c>; must be finite.</param>
        public LeakyReLU(double negative_slope = 0.01) : base(nameof(LeakyReLU))
        {
            Guard.Finite(negative_slope, nameof(negative_slope));
            this.negative_slope = negative_slope;
        }

        /// <summary>Slope for <c>x &lt;= 0</c>.</summary>
        public double negative_slope { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.leaky_relu(input, negative_slope);

        /// <inheritdoc/>
        public override string ToString() => $"LeakyReLU(negative_slope={Text.Num(negative_slope)})";
    }

    public static partial class Activations
    {
        /// <summary>Leaky ReLU; see <see cref="TorchActivations.LeakyReLU"/>.</summary>
        public static LeakyReLU LeakyReLU(double negative_slope = 0.01) => new LeakyReLU(negative_slope);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>Leaky ReLU, TorchSharp's built-in.</summary>
        public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01)
        {
            Guard.Finite(negative_slope, nameof(negative_slope));
            return nn.functional.leaky_relu(input, negative_slope);
        }
    }
}
