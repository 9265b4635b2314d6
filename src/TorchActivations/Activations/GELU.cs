using System;
using System.Collections.Generic;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Gaussian Error Linear Unit (Hendrycks &amp; Gimpel, 2016), exact or with the tanh approximation.
    /// </summary>
    /// <remarks>
    /// <para>Formula, <c>approximate = "none"</c> (default): <c>GELU(x) = x·Φ(x) = x/2 · (1 + erf(x/√2))</c>,
    /// with <c>Φ</c> the standard normal CDF. Computed by libtorch's own <c>gelu</c> kernel.</para>
    /// <para>Formula, <c>approximate = "tanh"</c>: <c>x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>.
    /// TorchSharp 0.106 has no <c>approximate</c> option, so this is built from tensor ops using the identity
    /// <c>(1 + tanh(u))/2 = σ(2u)</c>, i.e. <c>x·σ(2√(2/π)·(x + 0.044715·x³))</c>, which needs fewer passes,
    /// in a custom autograd function that saves only x.</para>
    /// <para>Derivative: exact mode <c>Φ(x) + x·φ(x)</c> (φ the normal density); tanh mode, with
    /// <c>u = √(2/π)(x + 0.044715x³)</c> and <c>t = tanh(u)</c>: <c>(1 + t)/2 + x/2 · (1 − t²) · √(2/π)(1 + 3·0.044715x²)</c>.
    /// Both are smooth, so second derivatives exist and double backward works.</para>
    /// <para>Any other <c>approximate</c> value is an <see cref="ArgumentException"/>.</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>
    /// var exact = Activations.GELU();
    /// var fast = Activations.GELU(approximate: "tanh");
    /// </code></example>
    /// </remarks>
    public sealed class GELU : nn.Module<Tensor, Tensor>
    {
        /// <summary>The accepted values of <c>approximate</c>.</summary>
        public static readonly string[] ApproximateModes = { "none", "tanh" };

        /// <summary>Creates the layer.</summary>
        /// <param name="approximate">"none" for the exact erf form, "tanh" for the tanh approximation.</param>
        public GELU(string approximate = "none") : base(nameof(GELU))
        {
            Validate(approximate);
            this.approximate = approximate;
        }

        /// <summary>"none" (exact) or "tanh".</summary>
        public string approximate { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => ActivationFunctions.gelu(input, approximate);

        /// <inheritdoc/>
        public override string ToString() => $"GELU(approximate={approximate})";

        internal static void Validate(string approximate)
        {
            if (Array.IndexOf(ApproximateModes, approximate) < 0)
                throw new ArgumentException(
                    $"approximate must be one of \"none\", \"tanh\"; got {(approximate is null ? "null" : "\"" + approximate + "\"")}.",
                    nameof(approximate));
        }
    }

    public static partial class Activations
    {
        /// <summary>GELU, exact or tanh-approximated; see <see cref="TorchActivations.GELU"/>.</summary>
        public static GELU GELU(string approximate = "none") => new GELU(approximate);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>GELU; see <see cref="TorchActivations.GELU"/>.</summary>
        public static Tensor gelu(Tensor input, string approximate = "none")
        {
            TorchActivations.GELU.Validate(approximate);
            Guard.FloatingPoint(input, "gelu");
            if (approximate != "none")
                return ActivationKernels.Fusable(input) ? Kernels.KernelLibrary.GeluTanh(input) : GeluTanhFunction.apply(input);
            if (input.dim() <= MaxKernelDims) return nn.functional.gelu(input);
            // libtorch's exact kernel (oneDNN's, for float32) rejects inputs of more than 12 dimensions with
            // "dimensions are invalid"; GELU is elementwise, so it runs on the flattened input instead.
            using var flat = input.reshape(-1);
            using var output = nn.functional.gelu(flat);
            return output.reshape(input.shape);
        }

        /// <summary>Most dimensions libtorch's exact GELU kernel accepts.</summary>
        private const int MaxKernelDims = 12;
    }

    /// <summary>
    /// GELU's tanh approximation as an autograd function that saves only x.
    /// </summary>
    /// <remarks>
    /// Uses <c>(1 + tanh u)/2 = σ(2u)</c>: <c>y = x·σ(z)</c> with <c>z = x·(A + B·x²)</c>, <c>A = 2√(2/π)</c>,
    /// <c>B = A·0.044715</c>. Then <c>dy/dx = σ(z) + x·σ(z)(1 − σ(z))·(A + 3B·x²)</c>.
    /// The forward (run without a graph) updates one buffer in place, so it allocates only the output;
    /// autograd through the six separate ops would allocate and keep five input-sized intermediates.
    /// The backward recomputes σ(z) with ordinary differentiable ops, so double backward works.
    /// </remarks>
    internal sealed class GeluTanhFunction : autograd.SingleTensorFunction<GeluTanhFunction>
    {
        internal static readonly double A = 2 * Math.Sqrt(2 / Math.PI);
        internal static readonly double B = A * 0.044715;

        public override string Name => "GeluTanhBackward";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward(new List<Tensor> { x });
            var y = x.square();
            y.mul_(B).add_(A).mul_(x).sigmoid_().mul_(x);
            return y;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            using var scope = NewDisposeScope();
            var x = ctx.get_saved_variables()[0];
            var x2 = x.square();
            var s = (x * (x2 * B + A)).sigmoid();
            var slope = x2 * (3 * B) + A;                    // dz/dx
            var derivative = s + x * s * (1 - s) * slope;    // dy/dx
            return new List<Tensor> { (grad_output * derivative).MoveToOuterDisposeScope() };
        }
    }
}
