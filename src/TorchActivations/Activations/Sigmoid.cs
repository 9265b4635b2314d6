using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Logistic sigmoid, computed by TorchSharp's <c>functional.sigmoid</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>σ(x) = 1 / (1 + e^(−x))</c>. Range <c>(0, 1)</c>.</para>
    /// <para>Derivative: <c>σ(x)·(1 − σ(x))</c>, at most 1/4 (at 0), so gradients shrink through deep stacks.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>var p = Activations.Sigmoid().call(logits);</code></example>
    /// </remarks>
    public sealed class Sigmoid : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public Sigmoid() : base(nameof(Sigmoid)) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.sigmoid(input);

        /// <inheritdoc/>
        public override string ToString() => "Sigmoid()";
    }

    public static partial class Activations
    {
        /// <summary>Logistic sigmoid; see <see cref="TorchActivations.Sigmoid"/>.</summary>
        public static Sigmoid Sigmoid() => new Sigmoid();
    }

    public static partial class ActivationFunctions
    {
        /// <summary><c>1 / (1 + e^(−x))</c>, TorchSharp's built-in.</summary>
        public static Tensor sigmoid(Tensor input) => nn.functional.sigmoid(input);
    }
}
