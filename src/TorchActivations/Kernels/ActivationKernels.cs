using System;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Which implementation each layer runs for an input, and why, with a switch to the composite path.
    /// </summary>
    /// <remarks>
    /// <para>Swish, GELU's tanh form, ClippedReLU, training-mode RReLU and Maxout each have a composite path
    /// built from TorchSharp operations, which works wherever TorchSharp does (every dtype, CPU and CUDA).
    /// This build has no fused kernels, so every layer takes that path and <see cref="Status"/> says so.
    /// Setting <c>TORCHACTIVATIONS_KERNELS=composite</c> before the first call, or <see cref="ForceComposite"/>,
    /// keeps the composite path whatever a build offers.</para>
    /// <example><code>
    /// Console.WriteLine(ActivationKernels.Status);
    /// Console.WriteLine(ActivationKernels.PathFor(Activations.Swish(), torch.randn(8, 16)));
    /// </code></example>
    /// </remarks>
    public static class ActivationKernels
    {
        private const string NoKernels = "this build has no fused kernels";

        private static volatile bool forceComposite =
            string.Equals(Environment.GetEnvironmentVariable("TORCHACTIVATIONS_KERNELS"), "composite", StringComparison.OrdinalIgnoreCase);

        /// <summary>When true, every layer takes its composite path.</summary>
        public static bool ForceComposite {
            get => forceComposite;
            set => forceComposite = value;
        }

        /// <summary>Whether fused kernels are available.</summary>
        public static bool IsAvailable => false;

        /// <summary>One line: which kernels run, or why none does.</summary>
        public static string Status => $"fused kernels not available: {NoKernels}; every layer takes its composite path";

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

        private static KernelPath Check(string kernel, Tensor input) =>
            KernelPath.Composite(kernel, ForceComposite ? "ActivationKernels.ForceComposite is set" : NoKernels);
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

        internal static KernelPath FusedKernel(string kernel, string capability) => new KernelPath(true, $"fused {kernel} kernel ({capability})");
        internal static KernelPath Composite(string kernel, string why) => new KernelPath(false, $"composite {kernel}: {why}");
        internal static KernelPath BuiltIn(string what) => new KernelPath(false, what);

        /// <inheritdoc/>
        public override string ToString() => Description;
    }
}
