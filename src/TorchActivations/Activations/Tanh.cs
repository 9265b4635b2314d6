using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Hyperbolic tangent, computed by TorchSharp's <c>functional.tanh</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))</c>. Range <c>(−1, 1)</c>, zero-centred.</para>
    /// <para>Derivative: <c>1 − tanh²(x)</c>, at most 1 (at 0), vanishing for large <c>|x|</c>.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>var h = Activations.Tanh().call(torch.randn(3, 4));</code></example>
    /// </remarks>
    public sealed class Tanh : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public Tanh() : base(nameof(Tanh)) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.tanh(input);

        /// <inheritdoc/>
        public override string ToString() => "Tanh()";
    }

    public static partial class Activations
    {
        /// <summary>Hyperbolic tangent; see <see cref="TorchActivations.Tanh"/>.</summary>
        public static Tanh Tanh() => new Tanh();
    }

    public static partial class ActivationFunctions
    {
        /// <summary><c>tanh(x)</c>, TorchSharp's built-in.</summary>
        public static Tensor tanh(Tensor input) => nn.functional.tanh(input);
    }
}
