using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Sigmoid-weighted linear unit (SiLU, Swish with β = 1), computed by TorchSharp's <c>functional.silu</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>SiLU(x) = x·σ(x)</c>. Range about <c>[−0.278, ∞)</c>; non-monotonic (minimum near x = −1.28).</para>
    /// <para>Derivative: <c>σ(x)·(1 + x·(1 − σ(x)))</c>.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <para>For a learnable β use <see cref="Swish"/>.</para>
    /// <example><code>var y = Activations.SiLU().call(torch.randn(3, 4));</code></example>
    /// </remarks>
    public sealed class SiLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        public SiLU() : base(nameof(SiLU)) { }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.silu(input);

        /// <inheritdoc/>
        public override string ToString() => "SiLU()";
    }

    public static partial class Activations
    {
        /// <summary>SiLU, <c>x·σ(x)</c>; see <see cref="TorchActivations.SiLU"/>.</summary>
        public static SiLU SiLU() => new SiLU();
    }

    public static partial class ActivationFunctions
    {
        /// <summary><c>x·σ(x)</c>, TorchSharp's built-in.</summary>
        public static Tensor silu(Tensor input) => nn.functional.silu(input);
    }
}
