using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// Defects of TorchSharp's own activations that this package works around. Each test asserts the defect
    /// as TorchSharp has it and what our layer gives instead, so the day TorchSharp fixes one, its test fails
    /// and says the workaround can go.
    /// </summary>
    public class UpstreamDefectTests
    {
        [Fact]
        public void NonInplaceHardtanhReturnsItsInputUnclampedWhereClippedReLUClamps()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { -1.0, 0.5, 2.0 });
            Assert.Equal(new[] { -1.0, 0.5, 2.0 }, Samples.Values(nn.functional.hardtanh(x, 0, 1)));
            Assert.Equal(new[] { 0.0, 0.5, 1.0 }, Samples.Values(ActivationFunctions.clipped_relu(x, 1)));
        }

        [Fact]
        public void TrainingRReLUNeverSamplesWhereOursDoes()
        {
            using var scope = NewDisposeScope();
            var x = full(1000, -2.0, dtype: ScalarType.Float64);
            // TorchSharp's functional and module forms both give the mean slope (0.1 + 0.3) / 2 everywhere.
            Assert.Equal(new[] { -0.4 }, Samples.Values(nn.functional.rrelu(x, 0.1, 0.3, inplace: false)).Select(v => System.Math.Round(v, 12)).Distinct());
            using (var upstream = nn.RReLU(0.1, 0.3)) {
                upstream.train();
                Assert.Single(Samples.Values(upstream.call(x)).Distinct());
            }
            using var ours = new RReLU(0.1, 0.3);
            ours.train();
            var slopes = Samples.Values(ours.call(x)).Select(v => v / -2).ToArray();
            Assert.True(slopes.Distinct().Count() > 900, "our RReLU should draw a slope per element in training");
            Assert.All(slopes, s => Assert.InRange(s, 0.1, 0.3));
        }

        [Fact]
        public void Float32ExactGeluOfPlusInfinityIsNaNInLibtorchAndInfinityHere()
        {
            using var scope = NewDisposeScope();
            // libtorch's vectorised float32 kernel gives NaN at +inf; its float64 kernel gives +inf.
            var x32 = full(64, double.PositiveInfinity, dtype: ScalarType.Float32);
            Assert.True(double.IsNaN(Samples.Values(nn.functional.gelu(x32))[0]));
            var x64 = full(64, double.PositiveInfinity, dtype: ScalarType.Float64);
            Assert.Equal(double.PositiveInfinity, Samples.Values(nn.functional.gelu(x64))[0]);
            // Ours gives +inf on both paths: the fused kernel (large inputs) and libtorch's kernel with +inf
            // kept (small ones, or the composite path).
            Assert.Equal(ExpectedGeluAtPlusInfinity, Samples.Values(ActivationFunctions.gelu(x32))[0]);
            var large = full(8192, double.PositiveInfinity, dtype: ScalarType.Float32);
            Assert.All(Samples.Values(ActivationFunctions.gelu(large)), v => Assert.Equal(double.PositiveInfinity, v));
            try {
                ActivationKernels.ForceComposite = true;
                Assert.All(Samples.Values(ActivationFunctions.gelu(large)), v => Assert.Equal(double.PositiveInfinity, v));
                // A strided input, one +inf among finite values: found without scanning memory directly.
                var strided = zeros(64, 128).t();
                strided[5, 7] = tensor(double.PositiveInfinity);
                var y = Samples.Values(ActivationFunctions.gelu(strided).contiguous());
                Assert.Equal(double.PositiveInfinity, y[5 * 64 + 7]);
                Assert.Equal(1, y.Count(double.IsPositiveInfinity));
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        /// <summary>What our exact GELU gives at +inf in float32: +inf, as x·Φ(x) does (and libtorch's float64).</summary>
        internal static double ExpectedGeluAtPlusInfinity => double.PositiveInfinity;
    }
}
