using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Rectified linear unit, computed by TorchSharp's <c>functional.relu</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>ReLU(x) = max(0, x)</c>. Range <c>[0, ∞)</c>.</para>
    /// <para>Derivative: 1 for <c>x &gt; 0</c>, 0 for <c>x &lt; 0</c>; at the kink <c>x = 0</c> the gradient is 0 (libtorch's convention).</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device. NaN propagates.</para>
    /// <example><code>var y = Activations.ReLU().call(torch.randn(3, 4));</code></example>
    /// </remarks>
    public sealed class ReLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public ReLU() : base(nameof(ReLU)) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.relu(input);

        /// <inheritdoc/>
        public override string ToString() => "ReLU()";
    }

    public static partial class Activations
    {
        /// <summary>Rectified linear unit; see <see cref="TorchActivations.ReLU"/>.</summary>
        public static ReLU ReLU() => new ReLU();
    }

    public static partial class ActivationFunctions
    {
        /// <summary><c>max(0, x)</c>, TorchSharp's built-in.</summary>
        public static Tensor relu(Tensor input) => nn.functional.relu(input);
    }
}
