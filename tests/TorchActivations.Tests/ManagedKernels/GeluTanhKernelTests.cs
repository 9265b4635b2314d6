using System;
using System.Numerics;
using TorchActivations.Kernels;
using Xunit;
using static TorchActivations.Tests.ManagedKernelTestSupport;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class GeluTanhKernelTests
    {
        private const double C = 0.7978845608028654;   // √(2/π)

        // 0.5·x·(1 + tanh u), written from the definition; at ±∞ what libtorch gives: +∞, and NaN (−∞·0).
        private static double Gelu(double x) =>
            double.IsInfinity(x) ? (x > 0 ? x : double.NaN) : 0.5 * x * (1 + Math.Tanh(C * (x + 0.044715 * x * x * x)));

        // 0.5·(1 + tanh u) + 0.5·x·sech²u·u', u' = √(2/π)·(1 + 3·0.044715·x²).
        private static double GeluGrad(double x)
        {
            if (double.IsInfinity(x)) return double.NaN;   // libtorch's formula gives ∞·0 there
            double u = C * (x + 0.044715 * x * x * x), cosh = Math.Cosh(u);
            double sech2 = double.IsInfinity(cosh) ? 0 : 1 / (cosh * cosh);
            return 0.5 * (1 + Math.Tanh(u)) + (sech2 == 0 ? 0 : 0.5 * x * sech2 * C * (1 + 3 * 0.044715 * x * x));
        }

        [Theory]
        [MemberData(nameof(LengthData), MemberType = typeof(ManagedKernelTestSupport))]
        public void MatchesTheDefinitionAtEveryWidth(int n)
        {
            Check<float>(n);
            Check<double>(n);
        }

        [Fact]
        public void LargeInputsMatchAndAreTheSameAtAnyThreadCount()
        {
            Check<float>(Large);
            Check<double>(Large);
        }

        private static void Check<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            T[] x = Sample<T>(n, 11 + n), g = Sample<T>(n, 12 + n, 1, specials: false);
            T[] firstY = null, firstDx = null;
            AtEachWidth(w =>
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var y = new T[n];
                    var dx = new T[n];
                    GeluTanhKernel.Forward<T>(x, y, threads);
                    GeluTanhKernel.Backward<T>(x, g, dx, threads);
                    for (int i = 0; i < n; i++)
                    {
                        Close(Gelu(D(x[i])), D(y[i]), Tolerance<T>(), () => $"{typeof(T).Name} {w} y({x[i]})");
                        Close(D(g[i]) * GeluGrad(D(x[i])), D(dx[i]), Tolerance<T>(), () => $"{typeof(T).Name} {w} dx({x[i]})");
                    }
                    // Every width and thread count gives the same bits: tails run the vector arithmetic in scalar.
                    if (firstY == null) (firstY, firstDx) = (y, dx);
                    Identical(firstY, y, $"{w} {threads} threads y");
                    Identical(firstDx, dx, $"{w} {threads} threads dx");
                }
            });
        }

        [Fact]
        public void HugeFiniteFloat32InputsGiveExactLimitsAndInfinitiesNaNAsLibtorch()
        {
            float[] x = { 1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.MaxValue, -float.MaxValue };
            AtEachWidth(w =>
            {
                // Repeated to fill whole vectors as well as scalar tails.
                var xs = new float[x.Length * 20];
                for (int i = 0; i < xs.Length; i++) xs[i] = x[i % x.Length];
                var ones = new float[xs.Length];
                Array.Fill(ones, 1f);
                var y = new float[xs.Length];
                var dx = new float[xs.Length];
                GeluTanhKernel.Forward<float>(xs, y, 1);
                GeluTanhKernel.Backward<float>(xs, ones, dx, 1);
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    if (float.IsNaN(v))
                    {
                        Assert.True(float.IsNaN(y[i]) && float.IsNaN(dx[i]), $"{w}: NaN in must give NaN out");
                        continue;
                    }
                    if (float.IsInfinity(v))
                    {
                        Assert.Equal(v > 0 ? v : float.NaN, y[i]);
                        Assert.True(float.IsNaN(dx[i]), $"{w}: d/dx at {v} should be NaN as libtorch's");
                        continue;
                    }
                    Assert.Equal(v > 0 ? v : 0f, y[i]);
                    Assert.Equal(v > 0 ? 1f : 0f, dx[i]);
                }
            });
        }
    }
}
