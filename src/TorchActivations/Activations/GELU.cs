using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Gaussian Error Linear Unit (Hendrycks &amp; Gimpel, 2016), exact or with the tanh approximation.
    /// </summary>
    /// <remarks>
    /// <para>Formula, <c>approximate = "none"</c> (default): <c>GELU(x) = x·Φ(x) = x/2 · (1 + erf(x/√2))</c>,
    /// with <c>Φ</c> the standard normal CDF. float32 CPU tensors run a fused managed kernel (faster than
    /// libtorch's, and +∞ at +∞ where libtorch's float32 kernel gives NaN); other tensors run libtorch's own
    /// <c>gelu</c>, with +∞ kept at +∞ in float32.</para>
    /// <para>Formula, <c>approximate = "tanh"</c>: <c>x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>.
    /// Computed by a fused managed kernel on CPU float32 and float64 tensors, else by libtorch's own
    /// <c>gelu</c> kernel with <c>approximate = tanh</c>.</para>
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
            if (approximate == "tanh" && ActivationKernels.Fusable(input))
                return is_grad_enabled() && input.requires_grad ? Kernels.FusedGeluTanhFunction.Apply(input) : Kernels.FusedGeluTanh.Forward(input);
            if (approximate == "none" && ActivationKernels.GeluExactFusable(input))
                return is_grad_enabled() && input.requires_grad ? Kernels.FusedGeluExactFunction.Apply(input) : Kernels.FusedGeluExact.Forward(input);
            var form = approximate == "none" ? TorchSharp.Modules.GELU.Approximate.none : TorchSharp.Modules.GELU.Approximate.tanh;
            using var scope = NewDisposeScope();
            Tensor y;
            if (input.dim() <= MaxKernelDims) y = nn.functional.gelu(input, form);
            else {
                // libtorch's float32 kernel (oneDNN's) rejects inputs of more than 12 dimensions with "dimensions
                // are invalid"; GELU is elementwise, so it runs on the flattened input instead.
                y = nn.functional.gelu(input.reshape(-1), form).reshape(input.shape);
            }
            // libtorch's float32 exact kernel gives NaN at +inf, where GELU(x) = x·Φ(x) is +inf: the output is
            // patched where the input holds one (isposinf and where over all of it cost more than the GELU).
            if (approximate == "none" && input.dtype == ScalarType.Float32 && HoldsPositiveInfinity(input))
                y = where(input.isposinf(), input, y);
            return y.MoveToOuterDisposeScope();
        }

        /// <summary>Whether a float32 tensor holds +inf: a vectorised scan of its bits where its memory is one CPU
        /// span (no allocation, nanoseconds for a layer's input), libtorch's max elsewhere.</summary>
        private static bool HoldsPositiveInfinity(Tensor x)
        {
            if (x.numel() == 0) return false;
            if (x.device_type == DeviceType.CPU && x.is_contiguous() && Kernels.TensorMemory.FitsOneSpan(x))
                return MemoryMarshal.Cast<byte, int>(x.bytes).Contains(PositiveInfinityBits);
            float max = x.max().item<float>();
            return float.IsPositiveInfinity(max) || float.IsNaN(max);
        }

        private const int PositiveInfinityBits = 0x7F800000;

        /// <summary>Most dimensions libtorch's exact GELU kernel accepts.</summary>
        private const int MaxKernelDims = 12;
    }
}
