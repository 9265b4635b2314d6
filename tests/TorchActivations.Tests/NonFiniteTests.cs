using System;
using System.Collections.Generic;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// NaN and ±inf go through every layer without exceptions, giving what PyTorch's equivalent gives
    /// (e.g. silu(−inf) = −inf·σ(−inf) = NaN, elu(−inf) = −alpha). Step is the one deliberate difference:
    /// it returns NaN for NaN, where torch.heaviside returns 0.
    /// </summary>
    public class NonFiniteTests
    {
        private const double NaN = double.NaN, Inf = double.PositiveInfinity;

        private static object[] Row(string spec, double atNaN, double atPlusInf, double atMinusInf) =>
            new object[] { spec, atNaN, atPlusInf, atMinusInf };

        public static IEnumerable<object[]> Expectations()
        {
            // spec, f(NaN), f(+inf), f(−inf)
            yield return Row("step", NaN, 1, 0);
            yield return Row("sigmoid", NaN, 1, 0);
            yield return Row("tanh", NaN, 1, -1);
            yield return Row("relu", NaN, Inf, 0);
            yield return Row("leaky_relu", NaN, Inf, -Inf);
            yield return Row("prelu", NaN, Inf, -Inf);
            yield return Row("rrelu", NaN, Inf, -Inf);
            yield return Row("clipped_relu:ceiling=6", NaN, 6, 0);
            yield return Row("elu:alpha=1.5", NaN, Inf, -1.5);
            yield return Row("softplus", NaN, Inf, 0);
            yield return Row("silu", NaN, Inf, NaN);
            yield return Row("swish:beta=2", NaN, Inf, NaN);
            // libtorch's float32 exact GELU gives NaN at +inf (its float64 one gives +inf); ours gives +inf:
            // UpstreamDefectTests pins both.
            yield return Row("gelu", NaN, UpstreamDefectTests.ExpectedGeluAtPlusInfinity, NaN);
            yield return Row("gelu_tanh", NaN, Inf, NaN);
        }

        [Theory]
        [MemberData(nameof(Expectations))]
        public void NonFiniteInputsPropagate(string spec, double atNaN, double atPlusInf, double atMinusInf)
        {
            using var scope = NewDisposeScope();
            using var layer = ActivationRegistry.Create(spec);
            foreach (bool training in new[] { true, false })
            {
                layer.train(training);
                var x = tensor(new[] { NaN, Inf, -Inf, 1.0 }, dtype: ScalarType.Float32).requires_grad_(true);
                var y = layer.call(x);
                var values = Samples.Values(y);
                Assert.Equal(atNaN, values[0]);
                Assert.Equal(atPlusInf, values[1]);
                Assert.Equal(atMinusInf, values[2]);
                Assert.True(double.IsFinite(values[3]));

                y.sum().backward(); // must not throw
                Assert.Equal(x.shape, x.grad.shape);
            }
        }

        [Fact]
        public void MaxoutPropagatesNaNAndInfinityPerGroup()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { NaN, 1.0, Inf, -1.0, -Inf, 2.0 }, dtype: ScalarType.Float64).reshape(1, 6);
            Assert.Equal(new[] { NaN, Inf, 2.0 }, Samples.Values(new Maxout(2).call(x)));
        }
    }
}
