using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using TorchActivations.Kernels;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>The fused kernels, at every vector width this machine has, and the composite implementations
    /// give the same outputs and gradients (float64 to 1e-12, float32 to 1e-6, relative), on contiguous,
    /// strided, broadcast (expanded), empty, 0-d and non-finite inputs, on inputs walked in chunks (the chunk
    /// size lowered, so the path for tensors beyond 2 GiB runs on small ones), and on inputs of 16 MiB and more.</summary>
    public class KernelAgreementTests : IDisposable
    {
        private readonly long previousMinimum = ActivationKernels.MinimumElements;
        private readonly VectorWidth previousWidth = ManagedKernelWidth.Current;

        public KernelAgreementTests() => ActivationKernels.MinimumElements = 0;

        public void Dispose()
        {
            ActivationKernels.MinimumElements = previousMinimum;
            ManagedKernelWidth.Current = previousWidth;
            TensorMemory.ChunkBytes = TensorMemory.DefaultChunkBytes;
        }

        /// <summary>A layer's function of its input, with the tensors (parameters) whose gradients are compared.</summary>
        public sealed class Kernel
        {
            public Kernel(string name, Func<nn.Module<Tensor, Tensor>> create, bool needsChannels = false, bool needsDim = false,
                bool float32Only = false)
            {
                Name = name;
                Create = create;
                NeedsChannels = needsChannels;
                NeedsDim = needsDim;
                Float32Only = float32Only;
            }

            public string Name { get; }
            public Func<nn.Module<Tensor, Tensor>> Create { get; }
            public bool NeedsChannels { get; }   // per-channel β: dimension 1 must have size 4
            public bool NeedsDim { get; }        // maxout: dimension 1 must be divisible by the pieces
            public bool Float32Only { get; }     // exact GELU: float64 runs libtorch's kernel
            public override string ToString() => Name;
        }

        private static readonly Kernel[] Kernels =
        {
            new Kernel("swish", () => new Swish(1.3)),
            new Kernel("swish_fixed", () => new Swish(0.7, learnable: false)),
            new Kernel("swish_per_channel", () => PerChannelSwish(), needsChannels: true),
            new Kernel("gelu_tanh", () => new GELU("tanh")),
            new Kernel("gelu", () => new GELU(), float32Only: true),
            new Kernel("clipped_relu", () => new ClippedReLU(1.5)),
            new Kernel("maxout", () => new Maxout(2), needsDim: true),
            new Kernel("maxout_last_dim", () => new Maxout(3, dim: -1), needsDim: true),
        };

        // Large inputs (16 MiB and more: many blocks over the threads) for the elementwise kernels (RReLU's are
        // checked against an independent Philox in RReLUStreamTests).
        private static readonly HashSet<string> LargeInputKernels = new HashSet<string> { "clipped_relu", "gelu_tanh", "gelu" };

        public static IEnumerable<object[]> Cases()
        {
            foreach (var width in ManagedKernelWidth.Available)
                foreach (var k in Kernels)
                    foreach (var dtype in k.Float32Only ? new[] { ScalarType.Float32 } : new[] { ScalarType.Float32, ScalarType.Float64 })
                        foreach (var layout in new[] { "contiguous", "strided", "broadcast", "empty", "zero-d", "non-finite", "chunked", "large" })
                            if (layout != "large" || (LargeInputKernels.Contains(k.Name) && width == ManagedKernelWidth.Hardware))
                                yield return new object[] { k, dtype.ToString(), layout, width.ToString() };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void FusedAndCompositeAgree(Kernel kernel, string dtypeName, string layout, string widthName)
        {
            var dtype = Enum.Parse<ScalarType>(dtypeName);
            if (layout == "zero-d" && (kernel.NeedsChannels || kernel.NeedsDim)) return;   // needs a channel dimension
            using var scope = NewDisposeScope();
            // Exact GELU's composite path is libtorch's float32 kernel, which loses the lower tail to cancellation
            // (1 + erf(x/√2): 1e-5 relative by x = −3); the fused kernel is judged against it run in float64.
            var composite = Run(kernel, dtype, layout, forceComposite: true, computeIn: kernel.Float32Only ? ScalarType.Float64 : dtype);
            ManagedKernelWidth.Current = Enum.Parse<VectorWidth>(widthName);
            if (layout == "chunked") TensorMemory.ChunkBytes = 512;   // 64 float64 or 128 float32 elements a chunk
            using (var x = Input(layout, dtype))
                if (x.numel() > 0 && !(kernel.NeedsDim && layout == "chunked"))
                    Assert.True(ActivationKernels.PathFor(kernel.Create(), x).Fused, ActivationKernels.PathFor(kernel.Create(), x).Description);
            var fused = Run(kernel, dtype, layout, forceComposite: false);
            TensorMemory.ChunkBytes = TensorMemory.DefaultChunkBytes;
            double rtol = dtype == ScalarType.Float64 ? 1e-12 : 1e-6;
            Assert.Equal(composite.Count, fused.Count);
            double[] input;
            using (var x = Input(layout, dtype)) input = Samples.Values(x);
            for (int i = 0; i < composite.Count; i++)
                AssertClose(composite[i].values, fused[i].values, rtol, $"{kernel} {dtype} {layout}: {composite[i].what}",
                    composite[i].values.Length == input.Length ? input : null);
        }

        [Fact]
        public void TheLayersTakeTheFusedPathHereAndSayWhenNot()
        {
            Assert.True(ActivationKernels.IsAvailable, ActivationKernels.Status);
            Assert.Contains(ActivationKernels.VectorWidth, new[] { "scalar", "Vector128", "Vector256", "Vector512" });
            Assert.Contains(ActivationKernels.VectorWidth, ActivationKernels.Status);
            using var x = randn(4, 6);
            foreach (var layer in new nn.Module<Tensor, Tensor>[] { new Swish(), new GELU("tanh"), new GELU(), new ClippedReLU(6), new RReLU(), new Maxout(2) })
                Assert.True(ActivationKernels.PathFor(layer, x).Fused, $"{layer}: {ActivationKernels.PathFor(layer, x)}");
            Assert.True(ActivationKernels.PathFor(new GELU(), x).Fused);   // exact GELU: float32 only
            using (var x64 = x.to(ScalarType.Float64)) {
                var exact64 = ActivationKernels.PathFor(new GELU(), x64);
                Assert.False(exact64.Fused);
                Assert.Contains("Float32 only", exact64.Description);
            }
            var eval = new RReLU();
            eval.eval();
            Assert.False(ActivationKernels.PathFor(eval, x).Fused);

            using var strided = randn(6, 4).t();
            Assert.Contains("contiguous copy", ActivationKernels.PathFor(new Swish(), strided).Description);

            // Small inputs take the composite path by default, where a custom function costs more than it saves.
            ActivationKernels.MinimumElements = ActivationKernels.DefaultMinimumElements;
            var small = ActivationKernels.PathFor(new Swish(), x);
            Assert.False(small.Fused);
            Assert.Contains("MinimumElements", small.Description);
            using (var big = randn(64, 256)) Assert.True(ActivationKernels.PathFor(new Swish(), big).Fused);
            Assert.False(ActivationKernels.PathFor(new Maxout(300), randn(2, 600)).Fused);
            ActivationKernels.MinimumElements = 0;

            using var half = x.to(ScalarType.Float16);
            var path = ActivationKernels.PathFor(new Swish(), half);
            Assert.False(path.Fused);
            Assert.Contains("Float16", path.Description);
            try {
                ActivationKernels.ForceComposite = true;
                path = ActivationKernels.PathFor(new Swish(), x);
                Assert.False(path.Fused);
                Assert.Contains("ForceComposite", path.Description);
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        [Theory]
        [InlineData(33, 40, "Float32")]
        [InlineData(2000, 40, "Float32")]
        [InlineData(2000, 40, "Float64")]
        [InlineData(7, 3, "Float64")]
        public void PerChannelSwishOnRowsOfChannelsAgrees(long rows, long channels, string dtypeName)
        {
            // [N, C] inputs (a linear layer's output): the fused backward sums β's gradient by tiles of rows, in
            // float64. The composite sums in the input's dtype, so in float32 the sum is judged against the
            // composite run in float64 on the same values.
            var dtype = Enum.Parse<ScalarType>(dtypeName);
            using var scope = NewDisposeScope();
            var composite = PerChannelSwish(rows, channels, dtype, composite: true, runIn: dtype);
            var fused = PerChannelSwish(rows, channels, dtype, composite: false, runIn: dtype);
            var exactSum = PerChannelSwish(rows, channels, dtype, composite: true, runIn: ScalarType.Float64)[2];
            double rtol = dtype == ScalarType.Float64 ? 1e-12 : 1e-6;
            AssertClose(composite[0], fused[0], rtol, $"[{rows}, {channels}] {dtype}: output");
            AssertClose(composite[1], fused[1], rtol, $"[{rows}, {channels}] {dtype}: input gradient");
            AssertClose(exactSum, fused[2], rtol, $"[{rows}, {channels}] {dtype}: beta gradient");
        }

        /// <summary>Output, input gradient and β gradient of a per-channel Swish on [rows, channels] values drawn
        /// in <paramref name="dtype"/>, computed in <paramref name="runIn"/>.</summary>
        private static double[][] PerChannelSwish(long rows, long channels, ScalarType dtype, bool composite, ScalarType runIn)
        {
            ActivationKernels.ForceComposite = composite;
            ManagedKernelWidth.Current = ManagedKernelWidth.Hardware;
            try {
                var swish = new Swish(1.0, num_parameters: channels).to(runIn);
                using (no_grad()) swish.beta.copy_(Samples.Uniform(new[] { channels }, 0.2, 2.0, seed: 41, dtype: dtype).to(runIn));
                var x = Samples.Uniform(new[] { rows, channels }, seed: 42, dtype: dtype).to(runIn).requires_grad_(true);
                var y = swish.call(x);
                y.backward(new[] { Samples.Uniform(y.shape, seed: 43, dtype: dtype).to(runIn) });
                return new[] { Samples.Values(y), Samples.Values(x.grad), Samples.Values(swish.beta.grad) };
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        [Fact]
        public void MaxoutOfPairsAlongTheLastDimensionAgreesAtEveryWidth()
        {
            // inner = 1 with 2 pieces has its own vector code (pairs split by permutes): many groups, with ties,
            // signed zeros and NaNs in either place of a pair.
            using var scope = NewDisposeScope();
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 }) {
                var x = Samples.Uniform(new long[] { 5, 142 }, seed: 27, dtype: dtype);
                using (no_grad()) {
                    var flat = x.view(-1);
                    flat[0] = tensor(double.NaN, dtype: dtype);
                    flat[3] = tensor(double.NaN, dtype: dtype);
                    flat[4] = tensor(0.0, dtype: dtype);
                    flat[5] = tensor(-0.0, dtype: dtype);
                    flat[40] = flat[41].clone();
                    flat[101] = tensor(double.NaN, dtype: dtype);
                    flat[102] = tensor(double.NaN, dtype: dtype);
                }
                var composite = RunMaxoutPairs(x, forceComposite: true);
                foreach (var width in ManagedKernelWidth.Available) {
                    ManagedKernelWidth.Current = width;
                    var fused = RunMaxoutPairs(x, forceComposite: false);
                    for (int i = 0; i < composite.Length; i++)
                        Assert.Equal(composite[i], fused[i]);
                }
            }
        }

        private static double[][] RunMaxoutPairs(Tensor x, bool forceComposite)
        {
            ActivationKernels.ForceComposite = forceComposite;
            try {
                var leaf = x.detach().requires_grad_(true);
                var y = new Maxout(2, dim: -1).call(leaf);
                y.backward(new[] { Samples.Uniform(y.shape, seed: 28, dtype: x.dtype) });
                return new[] { Samples.Values(y), Samples.Values(leaf.grad) };
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        [Fact]
        public void SwishFusedBackwardSumsBetaOverLargeInputsAccurately()
        {
            // Many per-thread partial sums: the β gradient of a 2^20-element input, against float64.
            using var scope = NewDisposeScope();
            var x32 = Samples.Uniform(new long[] { 1 << 20 }, seed: 5, dtype: ScalarType.Float32);
            var g32 = Samples.Uniform(new long[] { 1 << 20 }, seed: 6, dtype: ScalarType.Float32);
            var swish = new Swish(1.1);
            var y = swish.call(x32);
            y.backward(new[] { g32 });
            double fused = Samples.Values(swish.beta.grad)[0];
            var x64 = x32.to(ScalarType.Float64);
            var s = (x64 * 1.1f).sigmoid();
            double exact = (g32.to(ScalarType.Float64) * x64 * x64 * s * (1 - s)).sum().item<double>();
            Assert.True(Math.Abs(fused - exact) <= 1e-5 * Math.Abs(exact), $"fused {fused} vs float64 {exact}");
        }

        /// <summary>Outputs and gradients for inputs drawn in <paramref name="dtype"/>, computed in
        /// <paramref name="computeIn"/> (the same values, converted; by default <paramref name="dtype"/> itself).</summary>
        private static List<(string what, double[] values)> Run(Kernel kernel, ScalarType dtype, string layout, bool forceComposite,
            ScalarType? computeIn = null)
        {
            bool previous = ActivationKernels.ForceComposite;
            ActivationKernels.ForceComposite = forceComposite;
            try {
                var type = computeIn ?? dtype;
                using var module = kernel.Create().to(type);
                var x = Input(layout, dtype).to(type).detach().requires_grad_(true);
                var y = module.call(x);
                var g = Samples.Uniform(y.shape, seed: 31, dtype: dtype).to(type);
                var result = new List<(string, double[])> { ("output", Samples.Values(y)) };
                y.backward(new[] { g });
                result.Add(("input gradient", Samples.Values(x.grad)));
                foreach (var (name, p) in module.named_parameters())
                    result.Add(($"{name} gradient", Samples.Values(p.grad)));
                return result;
            } finally {
                ActivationKernels.ForceComposite = previous;
            }
        }

        /// <summary>A leaf input of the layout: its values come from a fixed seed, so both paths see the same.</summary>
        private static Tensor Input(string layout, ScalarType dtype)
        {
            switch (layout) {
                case "contiguous":
                    return Samples.Uniform(new long[] { 3, 4, 6 }, seed: 21, dtype: dtype);
                case "strided":   // a transposed, sliced view, materialised as the leaf's own strided storage
                    return Samples.Uniform(new long[] { 6, 4, 5 }, seed: 22, dtype: dtype).permute(2, 1, 0).detach()[.., .., 0..6];
                case "broadcast":   // stride-0 dimension
                    return Samples.Uniform(new long[] { 1, 4, 6 }, seed: 23, dtype: dtype).expand(3, 4, 6).detach();
                case "large": {   // just over 16 MiB, not a whole number of 64-element lines nor of mask bytes
                    var t = Samples.Uniform(new long[] { dtype == ScalarType.Float64 ? 87382 : 174763, 1, 25 }, seed: 25, dtype: dtype);
                    using (no_grad()) {
                        var flat = t.view(-1);   // non-finite values in the vector part and in the last, partial byte
                        long n = flat.shape[0];
                        foreach (var (at, v) in new[] { (3L, double.NaN), (100L, double.PositiveInfinity), (n - 2, double.NaN), (n - 1, double.NegativeInfinity) })
                            flat[at] = tensor(v, dtype: dtype);
                    }
                    return t;
                }
                case "chunked": {   // several chunks at ChunkBytes = 512, the last one partial, non-finite values in two
                    var t = Samples.Uniform(new long[] { 5, 4, 51 }, seed: 26, dtype: dtype);
                    using (no_grad()) {
                        var flat = t.view(-1);
                        flat[70] = tensor(double.NaN, dtype: dtype);
                        flat[1019] = tensor(double.PositiveInfinity, dtype: dtype);
                    }
                    return t;
                }
                case "empty":
                    return empty(new long[] { 0, 4, 6 }, dtype);
                case "zero-d":
                    return tensor(0.75, dtype: dtype);
                case "non-finite": {
                    var t = Samples.Uniform(new long[] { 2, 4, 6 }, seed: 24, dtype: dtype);
                    using (no_grad()) {
                        var flat = t.view(-1);
                        flat[0] = tensor(double.NaN, dtype: dtype);
                        flat[5] = tensor(double.PositiveInfinity, dtype: dtype);
                        flat[10] = tensor(double.NegativeInfinity, dtype: dtype);
                        flat[17] = tensor(1e30, dtype: dtype);
                        flat[23] = tensor(-1e30, dtype: dtype);
                    }
                    return t;
                }
                default:
                    throw new ArgumentException(layout);
            }
        }

        /// <summary>Same NaNs and infinities; finite values within rtol of the larger of |value| and the
        /// tensor's mean magnitude (so values that cancel to near zero are judged on the tensor's scale). The one
        /// allowed difference: where the input is finite but huge (±1e30), the composite formulas overflow to
        /// ∞·0 = NaN and the kernels give the finite limit.</summary>
        private static void AssertClose(double[] expected, double[] actual, double rtol, string what, double[] input = null)
        {
            Assert.Equal(expected.Length, actual.Length);
            var finite = expected.Where(v => !double.IsNaN(v) && !double.IsInfinity(v)).Select(Math.Abs).ToArray();
            double scale = finite.Length == 0 ? 0 : finite.Average();
            for (int i = 0; i < expected.Length; i++) {
                double e = expected[i], a = actual[i];
                if (double.IsNaN(e) && input is not null && double.IsFinite(input[i]) && Math.Abs(input[i]) >= 1e20) {
                    Assert.True(double.IsFinite(a), $"{what}[{i}]: fused {a} at the finite input {input[i]}");
                    continue;
                }
                if (double.IsNaN(e) || double.IsInfinity(e)) {
                    Assert.True(e.Equals(a), $"{what}[{i}]: composite {e}, fused {a}");
                    continue;
                }
                Assert.True(Math.Abs(e - a) <= rtol * Math.Max(Math.Abs(e), scale), $"{what}[{i}]: composite {e:R}, fused {a:R}");
            }
        }

        private static Swish PerChannelSwish()
        {
            var swish = new Swish(1.0, learnable: true, num_parameters: 4);
            using (no_grad()) swish.beta.copy_(tensor(new[] { 0.5, 1.0, 1.5, -0.5 }));
            return swish;
        }
    }
}
