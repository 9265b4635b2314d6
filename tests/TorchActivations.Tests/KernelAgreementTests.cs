using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>The fused kernels and the composite implementations give the same outputs and gradients
    /// (float64 to 1e-12, float32 to 1e-6, relative), on contiguous, strided, broadcast (expanded), empty,
    /// 0-d and non-finite inputs, and on inputs large enough (16 MiB and more) for the kernels' streaming
    /// stores.</summary>
    public class KernelAgreementTests
    {
        /// <summary>A layer's function of its input, with the tensors (parameters) whose gradients are compared.</summary>
        public sealed class Kernel
        {
            public Kernel(string name, Func<nn.Module<Tensor, Tensor>> create, bool needsChannels = false, bool needsDim = false)
            {
                Name = name;
                Create = create;
                NeedsChannels = needsChannels;
                NeedsDim = needsDim;
            }

            public string Name { get; }
            public Func<nn.Module<Tensor, Tensor>> Create { get; }
            public bool NeedsChannels { get; }   // per-channel β: dimension 1 must have size 4
            public bool NeedsDim { get; }        // maxout: dimension 1 must be divisible by the pieces
            public override string ToString() => Name;
        }

        private static readonly Kernel[] Kernels =
        {
            new Kernel("swish", () => new Swish(1.3)),
            new Kernel("swish_fixed", () => new Swish(0.7, learnable: false)),
            new Kernel("swish_per_channel", () => PerChannelSwish(), needsChannels: true),
            new Kernel("gelu_tanh", () => new GELU("tanh")),
            new Kernel("clipped_relu", () => new ClippedReLU(1.5)),
            new Kernel("maxout", () => new Maxout(2), needsDim: true),
            new Kernel("maxout_last_dim", () => new Maxout(3, dim: -1), needsDim: true),
        };

        // The elementwise kernels that write outputs of 16 MiB and more with streaming stores (RReLU's are
        // checked against an independent Philox in RReLUStreamTests).
        private static readonly HashSet<string> StreamingKernels = new HashSet<string> { "clipped_relu" };

        public static IEnumerable<object[]> Cases()
        {
            foreach (var k in Kernels)
                foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                    foreach (var layout in new[] { "contiguous", "strided", "broadcast", "empty", "zero-d", "non-finite", "large" })
                        if (layout != "large" || StreamingKernels.Contains(k.Name))
                            yield return new object[] { k, dtype.ToString(), layout };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void FusedAndCompositeAgree(Kernel kernel, string dtypeName, string layout)
        {
            var dtype = Enum.Parse<ScalarType>(dtypeName);
            if (layout == "zero-d" && (kernel.NeedsChannels || kernel.NeedsDim)) return;   // needs a channel dimension
            Assert.True(ActivationKernels.IsAvailable, ActivationKernels.Status);
            using var scope = NewDisposeScope();
            var composite = Run(kernel, dtype, layout, forceComposite: true);
            var fused = Run(kernel, dtype, layout, forceComposite: false);
            double rtol = dtype == ScalarType.Float64 ? 1e-12 : 1e-6;
            Assert.Equal(composite.Count, fused.Count);
            for (int i = 0; i < composite.Count; i++)
                AssertClose(composite[i].values, fused[i].values, rtol, $"{kernel} {dtype} {layout}: {composite[i].what}");
        }

        [Fact]
        public void TheLayersTakeTheFusedPathHereAndSayWhenNot()
        {
            Assert.True(ActivationKernels.IsAvailable, ActivationKernels.Status);
            Assert.Contains(ActivationKernels.CpuCapability, new[] { "DEFAULT", "AVX2", "AVX512" });
            using var x = randn(4, 6);
            foreach (var layer in new nn.Module<Tensor, Tensor>[] { new Swish(), new GELU("tanh"), new ClippedReLU(6), new RReLU(), new Maxout(2) })
                Assert.True(ActivationKernels.PathFor(layer, x).Fused, $"{layer}: {ActivationKernels.PathFor(layer, x)}");
            Assert.False(ActivationKernels.PathFor(new GELU(), x).Fused);
            var eval = new RReLU();
            eval.eval();
            Assert.False(ActivationKernels.PathFor(eval, x).Fused);

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
            // [N, C] inputs (a linear layer's output): the fused backward sums β's gradient by chunks of rows.
            var dtype = Enum.Parse<ScalarType>(dtypeName);
            using var scope = NewDisposeScope();
            var results = new List<List<double[]>>();
            foreach (bool composite in new[] { true, false }) {
                ActivationKernels.ForceComposite = composite;
                try {
                    var swish = new Swish(1.0, num_parameters: channels).to(dtype);
                    using (no_grad()) swish.beta.copy_(Samples.Uniform(new[] { channels }, 0.2, 2.0, seed: 41, dtype: dtype));
                    var x = Samples.Uniform(new[] { rows, channels }, seed: 42, dtype: dtype).requires_grad_(true);
                    var y = swish.call(x);
                    y.backward(new[] { Samples.Uniform(y.shape, seed: 43, dtype: dtype) });
                    results.Add(new List<double[]> { Samples.Values(y), Samples.Values(x.grad), Samples.Values(swish.beta.grad) });
                } finally {
                    ActivationKernels.ForceComposite = false;
                }
            }
            double rtol = dtype == ScalarType.Float64 ? 1e-12 : 1e-6;
            string[] what = { "output", "input gradient", "beta gradient" };
            for (int i = 0; i < 3; i++) AssertClose(results[0][i], results[1][i], rtol, $"[{rows}, {channels}] {dtype}: {what[i]}");
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

        private static List<(string what, double[] values)> Run(Kernel kernel, ScalarType dtype, string layout, bool forceComposite)
        {
            bool previous = ActivationKernels.ForceComposite;
            ActivationKernels.ForceComposite = forceComposite;
            try {
                using var module = kernel.Create().to(dtype);
                var x = Input(layout, dtype).requires_grad_(true);
                var y = module.call(x);
                var g = Samples.Uniform(y.shape, seed: 31, dtype: dtype);
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
        /// tensor's mean magnitude (so values that cancel to near zero are judged on the tensor's scale).</summary>
        private static void AssertClose(double[] expected, double[] actual, double rtol, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            var finite = expected.Where(v => !double.IsNaN(v) && !double.IsInfinity(v)).Select(Math.Abs).ToArray();
            double scale = finite.Length == 0 ? 0 : finite.Average();
            for (int i = 0; i < expected.Length; i++) {
                double e = expected[i], a = actual[i];
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

namespace TorchActivations.Tests
{
    public class KernelLibraryCheckTests
    {
        private const string Record = "{ \"libtorch_version\": \"1.13.0\", \"torch_cpu\": \"/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0\" }";

        [Fact]
        public void AnotherLibtorchIsRefusedWithAClearMessage()
        {
            string reason = Kernels.KernelLibrary.Incompatibility(Record, "/opt/app/runtimes/linux-x64/native/libtorch_cpu.so");
            Assert.NotNull(reason);
            Assert.Contains("built against libtorch 1.13.0", reason);
            Assert.Contains("/opt/app/runtimes/linux-x64/native/libtorch_cpu.so", reason);
            Assert.NotNull(Kernels.KernelLibrary.Incompatibility(Record, null));
            Assert.NotNull(Kernels.KernelLibrary.Incompatibility("{}", "/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0"));
        }

        [Fact]
        public void TheSameLibtorchIsAcceptedUnderAnyOfItsNames()
        {
            // /lib is a link to /usr/lib on Debian: the check compares resolved paths.
            var (_, torchCpu) = Kernels.KernelLibrary.BuiltAgainst(Record);
            Assert.Null(Kernels.KernelLibrary.Incompatibility(Record, torchCpu));
            if (System.IO.File.Exists("/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13"))
                Assert.Null(Kernels.KernelLibrary.Incompatibility(Record, "/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13"));
        }
    }
}
