using System;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// The fused kernels behind Swish, GELU (both forms), ClippedReLU, training-mode RReLU and Maxout: which
    /// path a layer takes for an input and why, the vector width they run at, and a switch to the composite path.
    /// </summary>
    /// <remarks>
    /// <para>Each of those layers has two implementations with the same values and gradients. The fused one
    /// is a pair of managed SIMD kernels (System.Runtime.Intrinsics, one pass forward and one backward) in a
    /// TorchSharp custom autograd function; it runs wherever .NET does, with no native code of its own. It
    /// takes float32 and float64 CPU tensors of at least <see cref="MinimumElements"/> elements (exact GELU:
    /// float32 only; libtorch's float64 kernel is exact already); a
    /// non-contiguous input is made contiguous first, and a tensor beyond a span's 2 GiB is walked in chunks.
    /// The composite one is built from TorchSharp operations and runs everywhere else: other dtypes, CUDA
    /// tensors, small inputs (where a custom function's fixed cost outweighs what one pass saves).</para>
    /// <para>The kernels use the widest vectors the CPU accelerates (Vector512, Vector256 or Vector128; scalar
    /// code where none is); <c>TORCHACTIVATIONS_VECTOR_WIDTH=256|128|scalar</c> asks for a narrower width.
    /// They split work over <c>torch.get_num_threads()</c> threads in fixed blocks, so results are the same
    /// bits at any thread count. Setting <c>TORCHACTIVATIONS_KERNELS=composite</c> before the
    /// first call, or <see cref="ForceComposite"/> at any time, turns the fused path off.</para>
    /// <example><code>
    /// Console.WriteLine(ActivationKernels.Status);
    /// Console.WriteLine(ActivationKernels.PathFor(Activations.Swish(), torch.randn(64, 256)));
    /// </code></example>
    /// </remarks>
    public static class ActivationKernels
    {
        /// <summary>The default of <see cref="MinimumElements"/>: below it the composite path is as fast or faster.</summary>
        public const long DefaultMinimumElements = 4096;

        private static volatile bool forceComposite =
            string.Equals(Environment.GetEnvironmentVariable("TORCHACTIVATIONS_KERNELS"), "composite", StringComparison.OrdinalIgnoreCase);

        private static long minimumElements = DefaultMinimumElements;

        /// <summary>When true, every layer takes its composite path.</summary>
        public static bool ForceComposite {
            get => forceComposite;
            set => forceComposite = value;
        }

        /// <summary>Inputs with fewer elements take the composite path (0 sends every input to the kernels).</summary>
        public static long MinimumElements {
            get => Interlocked.Read(ref minimumElements);
            set {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "MinimumElements must be >= 0.");
                Interlocked.Exchange(ref minimumElements, value);
            }
        }

        /// <summary>Whether the fused kernels are available: always, since they are managed code.</summary>
        public static bool IsAvailable => true;

        /// <summary>The vector width the kernels run at: "Vector512", "Vector256", "Vector128" or "scalar".</summary>
        public static string VectorWidth => Describe(Kernels.ManagedKernelWidth.Current);

        /// <summary>One line: the kernels' vector width and what they take, or that they are switched off.</summary>
        public static string Status =>
            $"fused managed kernels: {VectorWidth} code for float32 and float64 CPU tensors of {MinimumElements} elements or more"
            + (ForceComposite ? " (not used: ForceComposite is set)" : "");

        /// <summary>The path <paramref name="layer"/> takes for <paramref name="input"/> in its current mode.</summary>
        public static KernelPath PathFor(nn.Module<Tensor, Tensor> layer, Tensor input)
        {
            if (layer is null) throw new ArgumentNullException(nameof(layer));
            if (input is null) throw new ArgumentNullException(nameof(input));
            switch (layer) {
                case Swish _: return Check("swish", input);
                case GELU g when g.approximate == "tanh": return Check("gelu_tanh", input);
                case GELU _:
                    return input.dtype == ScalarType.Float32
                        ? Check("gelu", input)
                        : KernelPath.BuiltIn($"libtorch's gelu (exact form): the fused exact kernel takes Float32 only, not {input.dtype}");
                case ClippedReLU _: return Check("clipped_relu", input);
                case RReLU r when r.training: return Check("rrelu", input);
                case RReLU _: return KernelPath.BuiltIn("libtorch's leaky_relu with the mean slope (evaluation mode)");
                case Maxout m: return CheckMaxout(input, m.pieces, m.dim);
                case MaxoutLinear m: {
                    // Maxout runs on the linear map's output: the input's leading shape, out_features · pieces wide.
                    long n = input.ndim == 0 ? 0 : input.numel() / Math.Max(1, input.shape[^1]) * m.out_features * m.pieces;
                    string why = Reason(input, n) ?? PiecesReason(m.pieces);
                    return why is null ? KernelPath.FusedKernel("maxout", VectorWidth) : KernelPath.Composite("maxout", why);
                }
                default: return KernelPath.BuiltIn($"{layer.GetName()} calls a libtorch built-in");
            }
        }

        /// <summary>The layers' hot-path test: whether the fused kernels take <paramref name="input"/>.</summary>
        internal static bool Fusable(Tensor input) => Reason(input) is null;

        /// <summary>Whether the fused exact GELU kernel (float32 only) takes <paramref name="input"/>.</summary>
        internal static bool GeluExactFusable(Tensor input) => input.dtype == ScalarType.Float32 && Reason(input) is null;

        /// <summary>Whether the fused Maxout kernel takes <paramref name="input"/> grouped along <paramref name="dim"/>.</summary>
        internal static bool MaxoutFusable(Tensor input, long pieces, long dim) => Reason(input) is null && MaxoutReason(input, pieces, dim) is null;

        /// <summary>Why the fused kernels do not take <paramref name="input"/>, or null when they do.</summary>
        private static string Reason(Tensor input) => Reason(input, input.numel());

        private static string Reason(Tensor input, long n)
        {
            if (ForceComposite) return "ActivationKernels.ForceComposite is set";
            if (input.device_type != DeviceType.CPU) return $"the input is on {input.device}; the fused kernels are CPU kernels";
            if (input.dtype != ScalarType.Float32 && input.dtype != ScalarType.Float64)
                return $"the input is {input.dtype}; the fused kernels take Float32 and Float64";
            long minimum = MinimumElements;
            if (n < minimum) return $"the input has {n} elements, fewer than ActivationKernels.MinimumElements ({minimum}), where a custom function's fixed cost outweighs one pass";
            return null;
        }

        private static string MaxoutReason(Tensor input, long pieces, long dim)
        {
            if (PiecesReason(pieces) is string tooMany) return tooMany;
            if (!Kernels.TensorMemory.FitsOneSpan(input)) return "the input is larger than one span (2 GiB); the fused maxout kernel takes whole groups in one span";
            long d = dim < 0 ? dim + input.ndim : dim;
            long inner = 1;
            for (long i = d + 1; i < input.ndim; i++) inner *= input.shape[i];
            if (inner * pieces > int.MaxValue) return "a group spans more than 2^31 elements";
            return null;
        }

        private static string PiecesReason(long pieces) =>
            pieces > Kernels.MaxoutKernel.MaxPieces ? $"pieces = {pieces}; the fused maxout kernel takes at most {Kernels.MaxoutKernel.MaxPieces}" : null;

        private static KernelPath Check(string kernel, Tensor input)
        {
            string why = Reason(input);
            return why is null ? Fused(kernel, input) : KernelPath.Composite(kernel, why);
        }

        private static KernelPath CheckMaxout(Tensor input, long pieces, long dim)
        {
            string why = Reason(input) ?? MaxoutReason(input, pieces, dim);
            return why is null ? Fused("maxout", input) : KernelPath.Composite("maxout", why);
        }

        private static KernelPath Fused(string kernel, Tensor input)
        {
            string how = VectorWidth;
            if (!input.is_contiguous()) how += ", after a contiguous copy of the strided input";
            if (!Kernels.TensorMemory.FitsOneSpan(input)) how += ", in chunks of at most 2 GiB";
            return KernelPath.FusedKernel(kernel, how);
        }

        private static string Describe(Kernels.VectorWidth width) => width switch {
            Kernels.VectorWidth.Bits512 => "Vector512",
            Kernels.VectorWidth.Bits256 => "Vector256",
            Kernels.VectorWidth.Bits128 => "Vector128",
            _ => "scalar",
        };
    }

    /// <summary>Which implementation a layer uses for an input, and why.</summary>
    public sealed class KernelPath
    {
        private KernelPath(bool fused, string description)
        {
            Fused = fused;
            Description = description;
        }

        /// <summary>True when a fused kernel runs.</summary>
        public bool Fused { get; }

        /// <summary>What runs, and why.</summary>
        public string Description { get; }

        internal static KernelPath FusedKernel(string kernel, string how) => new KernelPath(true, $"fused {kernel} kernel ({how})");
        internal static KernelPath Composite(string kernel, string why) => new KernelPath(false, $"composite {kernel}: {why}");
        internal static KernelPath BuiltIn(string what) => new KernelPath(false, what);

        /// <inheritdoc/>
        public override string ToString() => Description;
    }
}
