using System;
using System.Collections.Generic;
using System.Numerics;
using TorchActivations.Kernels;
using Xunit;
using static TorchActivations.Tests.ManagedKernelTestSupport;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class SwishKernelTests
    {
        // σ and its complement, each from its own exp, so neither loses precision to a subtraction.
        private static double Sigma(double z) => 1 / (1 + Math.Exp(-z));

        // The plain product, as PyTorch's silu: ∞·0 = NaN at an infinite x where σ is 0.
        private static double Y(double x, double b) => x * Sigma(b * x);

        // dy/dx = s·(1 + βx(1 − s)) and dy/dβ = x²·s(1 − s); where s(1 − s) is 0 at a finite x the x terms are
        // 0 (their limit); an infinite x gives NaN, as PyTorch's formulas do (∞·0).
        private static (double dx, double db) Grad(double x, double b)
        {
            if (double.IsInfinity(x)) return (double.NaN, double.NaN);
            double s = Sigma(b * x), q = s * Sigma(-b * x);
            return q == 0 ? (s, 0) : (s + b * x * q, x * x * q);
        }

        public static IEnumerable<object[]> Layouts()
        {
            // (n, channels, inner): one β; inner 1 ([N, C]); short rows; long rows; odd sizes.
            foreach (int n in new[] { 0, 1, 7, 17, 65, 1000, 40001 }) yield return new object[] { n, 1, n == 0 ? 1 : n };
            yield return new object[] { 6 * 10, 10, 1 };
            yield return new object[] { 37 * 13, 13, 1 };
            yield return new object[] { 301 * 70, 70, 1 };
            yield return new object[] { 3 * 5 * 11, 5, 11 };
            yield return new object[] { 41 * 3 * 7, 3, 7 };
            yield return new object[] { 5 * 2 * 300, 2, 300 };
            yield return new object[] { 3 * 4 * 20000, 4, 20000 };
            yield return new object[] { 2 * 3 * 255, 3, 255 };
            yield return new object[] { Large / 7 * 7, 7, 1 };
            yield return new object[] { 100 * 16 * 129, 16, 129 };
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public void MatchesTheDefinitionAtEveryWidthAndThreadCount(int n, int channels, int inner)
        {
            foreach (bool finite in new[] { true, false })
            {
                Check<float>(n, channels, inner, finite);
                Check<double>(n, channels, inner, finite);
            }
        }

        private static T[] Betas<T>(int channels) where T : IBinaryFloatingPointIeee754<T>
        {
            var b = new T[channels];
            // No β = 0: with σ unsaturated, x = ±1e30 makes the float32 dβ term x²/4 overflow (the true dβ is
            // not a float32 either); the kernels compute the terms in the element type.
            double[] choices = { 1, 1.702, 0.5, -0.75, 1e-3, 2.5, 10 };
            for (int c = 0; c < channels; c++) b[c] = T.CreateTruncating(choices[c % choices.Length]);
            return b;
        }

        private static void Check<T>(int n, int channels, int inner, bool finite) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            T[] x = Sample<T>(n, 31 + n), g = Sample<T>(n, 32 + n, 1, specials: false), beta = Betas<T>(channels);
            if (finite)
                for (int i = 0; i < n; i++)
                    if (!T.IsFinite(x[i])) x[i] = T.CreateTruncating(i % 2 == 0 ? 1e30 : -1e30);
            var expectedDb = new double[channels];
            var scale = new double[channels];
            for (int i = 0; i < n; i++)
            {
                int c = i / inner % channels;
                double db = D(g[i]) * Grad(D(x[i]), D(beta[c])).db;
                expectedDb[c] += db;
                scale[c] += Math.Abs(db);
            }
            T[] firstY = null, firstDx = null;
            double[] firstDb = null;
            AtEachWidth(w =>
            {
                double[] widthDb = null;
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var y = new T[n];
                    var dx = new T[n];
                    var db = new double[channels];
                    SwishKernel.Forward<T>(x, beta, inner, y, threads);
                    SwishKernel.Backward<T>(x, beta, g, inner, dx, db, threads);
                    for (int i = 0; i < n; i++)
                    {
                        double b = D(beta[i / inner % channels]);
                        Close(Y(D(x[i]), b), D(y[i]), Tolerance<T>(), () => $"{typeof(T).Name} {w} y({x[i]}, β {b})");
                        Close(D(g[i]) * Grad(D(x[i]), b).dx, D(dx[i]), Tolerance<T>(), () => $"{typeof(T).Name} {w} dx({x[i]}, β {b})");
                    }
                    for (int c = 0; c < channels; c++)
                    {
                        if (double.IsNaN(expectedDb[c])) Assert.True(double.IsNaN(db[c]), $"dβ[{c}] should be NaN");
                        else Assert.True(Math.Abs(db[c] - expectedDb[c]) <= Tolerance<T>() * Math.Max(1, scale[c]),
                            $"{typeof(T).Name} {w} {threads} threads dβ[{c}] = {db[c]:R}, expected {expectedDb[c]:R}");
                    }
                    // Elementwise results are the same bits at every width; the dβ sums at every thread count.
                    if (firstY == null) (firstY, firstDx) = (y, dx);
                    Identical(firstY, y, $"{w} {threads} y");
                    Identical(firstDx, dx, $"{w} {threads} dx");
                    widthDb ??= db;
                    Assert.Equal(widthDb, db);
                    firstDb ??= db;
                }
            });
        }

        [Theory]
        [InlineData(1, 50_001)]
        [InlineData(6, 1)]
        [InlineData(5, 3)]
        [InlineData(3, 400)]
        public void ChunksByElementOffsetAddUpToTheWhole(int channels, int inner)
        {
            int rows = 50_001 / (channels * inner) + 3, n = rows * channels * inner;
            double[] x = Sample<double>(n, 3, specials: false), g = Sample<double>(n, 4, 1, specials: false), beta = Betas<double>(channels);
            var y = new double[n];
            var dx = new double[n];
            var db = new double[channels];
            SwishKernel.Forward<double>(x, beta, inner, y, 2);
            SwishKernel.Backward<double>(x, beta, g, inner, dx, db, 2);
            var cy = new double[n];
            var cdx = new double[n];
            var cdb = new double[channels];
            // Cuts that fall mid-row and mid-vector.
            int[] cuts = { 0, 1, 777, n / 3 + 5, n / 2 + 1, n };
            for (int k = 0; k + 1 < cuts.Length; k++)
            {
                int s = cuts[k], e = cuts[k + 1];
                SwishKernel.Forward<double>(x.AsSpan(s, e - s), beta, inner, cy.AsSpan(s, e - s), 2, s);
                SwishKernel.Backward<double>(x.AsSpan(s, e - s), beta, g.AsSpan(s, e - s), inner, cdx.AsSpan(s, e - s), cdb, 2, s);
            }
            Assert.Equal(y, cy);
            Assert.Equal(dx, cdx);
            for (int c = 0; c < channels; c++) Close(db[c], cdb[c], 1e-12, () => $"dβ[{c}]");
        }

        [Fact]
        public void EitherGradientAloneMatchesBothTogether()
        {
            int channels = 3, inner = 100, n = 7 * channels * inner;
            float[] x = Sample<float>(n, 8, specials: false), g = Sample<float>(n, 9, 1, specials: false), beta = Betas<float>(channels);
            var dx = new float[n];
            var db = new double[channels];
            SwishKernel.Backward<float>(x, beta, g, inner, dx, db, 1);
            var dxOnly = new float[n];
            SwishKernel.Backward<float>(x, beta, g, inner, dxOnly, Span<double>.Empty, 1);
            var dbOnly = new double[channels];
            SwishKernel.Backward<float>(x, beta, g, inner, Span<float>.Empty, dbOnly, 1);
            Assert.Equal(dx, dxOnly);
            Assert.Equal(db, dbOnly);
        }
    }
}
