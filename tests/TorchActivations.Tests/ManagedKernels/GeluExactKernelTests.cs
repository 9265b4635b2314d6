using System;
using System.Linq;
using TorchActivations.Kernels;
using Xunit;
using static TorchActivations.Tests.ManagedKernelTestSupport;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class GeluExactKernelTests
    {
        /// <summary>GELU(x) = x·Φ(x) and its derivative Φ(x) + x·φ(x) in float64 from libtorch's erfc and exp,
        /// Φ(x) = erfc(−x/√2)/2 (accurate in the lower tail too). At ±∞ what the formulas give: +∞ and NaN
        /// (−∞·0) for the value, NaN (∞·0) for the derivative.</summary>
        private static (double[] y, double[] dydx) Reference(float[] x)
        {
            using var scope = NewDisposeScope();
            var t = tensor(x.Select(v => (double)v).ToArray());
            var cdf = (t * (-1 / Math.Sqrt(2))).erfc() * 0.5;
            var pdf = (t.square() * -0.5).exp() / Math.Sqrt(2 * Math.PI);
            return (Samples.Values(t * cdf), Samples.Values(cdf + t * pdf));
        }

        [Theory]
        [MemberData(nameof(LengthData), MemberType = typeof(ManagedKernelTestSupport))]
        public void MatchesTheDefinitionAtEveryWidth(int n) => Check(n);

        [Fact]
        public void LargeInputsMatchAndAreTheSameAtAnyThreadCount() => Check(Large);

        private static void Check(int n)
        {
            float[] x = Sample<float>(n, 61 + n), g = Sample<float>(n, 62 + n, 1, specials: false);
            var (y0, d0) = Reference(x);
            float[] firstY = null, firstDx = null;
            AtEachWidth(w =>
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var y = new float[n];
                    var dx = new float[n];
                    GeluExactKernel.Forward(x, y, threads);
                    GeluExactKernel.Backward(x, g, dx, threads);
                    for (int i = 0; i < n; i++)
                    {
                        Close(y0[i], y[i], 1e-6, () => $"{w} y({x[i]})");
                        Close(g[i] * d0[i], dx[i], 1e-6, () => $"{w} dx({x[i]})");
                    }
                    if (firstY == null) (firstY, firstDx) = (y, dx);
                    Identical(firstY, y, $"{w}, {threads} threads: y");
                    Identical(firstDx, dx, $"{w}, {threads} threads: dx");
                }
            });
        }

        [Fact]
        public void TheLowerTailKeepsItsRelativePrecisionAndInfinityIsKept()
        {
            // 1 + erf(x/√2) in float32 would leave no correct digit by x = −5; Φ from erfc keeps them all.
            float[] x = Enumerable.Range(0, 1201).Select(i => -12f + i * 0.01f).Concat(new[] { float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f }).ToArray();
            var (y0, d0) = Reference(x);
            AtEachWidth(w =>
            {
                var y = new float[x.Length];
                var dx = new float[x.Length];
                var ones = Enumerable.Repeat(1f, x.Length).ToArray();
                GeluExactKernel.Forward(x, y, 1);
                GeluExactKernel.Backward(x, ones, dx, 1);
                for (int i = 0; i < 1201; i++)
                    if (!(Math.Abs(y[i] - y0[i]) <= 1e-6 * Math.Abs(y0[i]))) Assert.Fail($"{w} y({x[i]}) = {y[i]:R}, expected {y0[i]:R}");
                Assert.Equal(float.PositiveInfinity, y[1201]);
                Assert.True(float.IsNaN(y[1202]));
                Assert.Equal(1e30f, y[1203]);
                Assert.Equal(0f, y[1204]);
                Assert.True(float.IsNaN(dx[1201]) && float.IsNaN(dx[1202]));
                Assert.Equal(1f, dx[1203]);
                Assert.Equal(0f, dx[1204]);
            });
        }
    }
}
