using System;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// The fused native kernels behind Swish, GELU (tanh form), ClippedReLU, RReLU (training) and Maxout:
    /// whether they are loaded, which CPU code they run, which path a layer takes for an input and why, and a
    /// switch to the composite path.
    /// </summary>
    /// <remarks>
    /// <para>Each of those layers has two implementations with the same values and gradients: a fused one (a
    /// native library of single-pass CPU kernels, registered as libtorch autograd functions, so the backward
    /// runs without a trip through .NET) and a composite one built from TorchSharp operations. The fused path
    /// is taken for float32 and float64 CPU tensors when the library is loaded; anything else (another
    /// dtype, a CUDA tensor, a process whose libtorch differs from the one the library was built against, a
    /// platform other than Linux x86-64) takes the composite path, which works everywhere TorchSharp does.</para>
    /// <para>The library is compiled for several CPU levels (baseline x86-64, AVX2 with FMA, AVX-512) and picks
    /// the best the CPU supports when it loads; the environment variable
    /// <c>TORCHACTIVATIONS_CPU_CAPABILITY=default|avx2|avx512</c> asks for a lower one. Setting
    /// <c>TORCHACTIVATIONS_KERNELS=composite</c> before the first call, or <see cref="ForceComposite"/> at any
    /// time, turns the fused path off.</para>
    /// <example><code>
    /// Console.WriteLine(ActivationKernels.Status);
    /// Console.WriteLine(ActivationKernels.PathFor(Activations.Swish(), torch.randn(8, 16)));
    /// </code></example>
    /// </remarks>
    public static class ActivationKernels
    {
        private static volatile bool forceComposite =
            string.Equals(Environment.GetEnvironmentVariable("TORCHACTIVATIONS_KERNELS"), "composite", StringComparison.OrdinalIgnoreCase);

        /// <summary>When true, every layer takes its composite path.</summary>
        public static bool ForceComposite {
            get => forceComposite;
            set => forceComposite = value;
        }

        /// <summary>Whether the native kernel library is loaded.</summary>
        public static bool IsAvailable => Kernels.KernelLibrary.UnavailableReason == null;

        /// <summary>The CPU level of the loaded kernels ("DEFAULT", "AVX2" or "AVX512"), or null.</summary>
        public static string CpuCapability => Kernels.KernelLibrary.Capability;

        /// <summary>One line: the kernels loaded (CPU level, libtorch version), or why they are not.</summary>
        public static string Status => IsAvailable
            ? $"fused kernels loaded: {CpuCapability} code, built against libtorch {Kernels.KernelLibrary.LibtorchVersion}" + (ForceComposite ? " (not used: ForceComposite is set)" : "")
            : "fused kernels not loaded: " + Kernels.KernelLibrary.UnavailableReason;

        /// <summary>The path <paramref name="layer"/> takes for <paramref name="input"/> in its current mode.</summary>
        public static KernelPath PathFor(nn.Module<Tensor, Tensor> layer, Tensor input)
        {
            if (layer is null) throw new ArgumentNullException(nameof(layer));
            if (input is null) throw new ArgumentNullException(nameof(input));
            switch (layer) {
                case Swish _: return Check("swish", input);
                case GELU g when g.approximate == "tanh": return Check("gelu_tanh", input);
                case GELU _: return KernelPath.BuiltIn("libtorch's gelu (exact form), already one pass each way");
                case ClippedReLU _: return Check("clipped_relu", input);
                case RReLU r when r.training: return Check("rrelu", input);
                case RReLU _: return KernelPath.BuiltIn("libtorch's leaky_relu with the mean slope (evaluation mode)");
                case Maxout _:
                case MaxoutLinear _: return Check("maxout", input);
                default: return KernelPath.BuiltIn($"{layer.GetName()} calls a libtorch built-in");
            }
        }

        /// <summary>The layers' hot-path test: whether the fused kernels take <paramref name="input"/>.</summary>
        internal static bool Fusable(Tensor input) =>
            !ForceComposite && (input.dtype == ScalarType.Float32 || input.dtype == ScalarType.Float64)
            && input.device_type == DeviceType.CPU && IsAvailable;

        /// <summary>Whether the fused <paramref name="kernel"/> takes <paramref name="input"/>, and why (not).</summary>
        internal static KernelPath Check(string kernel, Tensor input)
        {
            if (ForceComposite) return KernelPath.Composite(kernel, "ActivationKernels.ForceComposite is set");
            if (input.device_type != DeviceType.CPU) return KernelPath.Composite(kernel, $"the input is on {input.device}; the fused kernels are CPU kernels");
            if (input.dtype != ScalarType.Float32 && input.dtype != ScalarType.Float64)
                return KernelPath.Composite(kernel, $"the input is {input.dtype}; the fused kernels take Float32 and Float64");
            if (!IsAvailable) return KernelPath.Composite(kernel, Kernels.KernelLibrary.UnavailableReason);
            return KernelPath.FusedKernel(kernel, CpuCapability);
        }
    }

    /// <summary>Which implementation a layer uses for an input, and why.</summary>
    public sealed class KernelPath
    {
        private KernelPath(bool fused, string description)
        {
            Fused = fused;
            Description = description;
        }

        /// <summary>True when the fused native kernel runs.</summary>
        public bool Fused { get; }

        /// <summary>What runs, and why.</summary>
        public string Description { get; }

        internal static KernelPath FusedKernel(string kernel, string capability) => new KernelPath(true, $"fused {kernel} kernel ({capability})");
        internal static KernelPath Composite(string kernel, string why) => new KernelPath(false, $"composite {kernel}: {why}");
        internal static KernelPath BuiltIn(string what) => new KernelPath(false, what);

        /// <inheritdoc/>
        public override string ToString() => Description;
    }
}
