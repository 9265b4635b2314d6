using System;
using System.Collections.Generic;
using System.Numerics;
using TorchActivations.Kernels;
using Xunit;
using static TorchActivations.Tests.ManagedKernelTestSupport;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class MaxoutKernelTests
    {
        public static IEnumerable<object[]> Shapes()
        {
            // (rows, k, inner)
            int[][] shapes =
            {
                new[] { 0, 2, 1 }, new[] { 1, 1, 1 }, new[] { 5, 2, 1 }, new[] { 33, 3, 1 }, new[] { 4, 2, 7 }, new[] { 3, 4, 16 },
                new[] { 3, 4, 17 }, new[] { 2, 5, 33 }, new[] { 7, 3, 65 }, new[] { 2, 255, 9 }, new[] { 3, 2, 300 },
                new[] { 2, 3, 40000 }, new[] { 30000, 4, 3 },
            };
            foreach (var s in shapes) yield return new object[] { s[0], s[1], s[2] };
        }

        [Theory]
        [MemberData(nameof(Shapes))]
        public void TakesTheFirstMaximumOrFirstNaNAndScattersToIt(int rows, int pieces, int inner)
        {
            Check<float>(rows, pieces, inner);
            Check<double>(rows, pieces, inner);
        }

        private static void Check<T>(int rows, int pieces, int inner) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int n = rows * pieces * inner, m = rows * inner;
            T[] x = Sample<T>(n, 41 + n);
            // Ties: round a third of the values to a few levels.
            for (int i = 0; i < n; i += 3) if (T.IsFinite(x[i])) x[i] = T.Round(x[i]);
            T[] g = Sample<T>(m, 42 + n, 1);
            var expectedY = new T[m];
            var expectedWinner = new byte[m];
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < inner; i++)
                {
                    int best = 0;
                    for (int j = 1; j < pieces; j++)
                    {
                        T b = x[(r * pieces + best) * inner + i], v = x[(r * pieces + j) * inner + i];
                        if (T.IsNaN(b)) break;                       // the first NaN wins
                        if (T.IsNaN(v) || v > b) best = j;           // a later value only when strictly larger
                    }
                    expectedWinner[r * inner + i] = (byte)best;
                    expectedY[r * inner + i] = x[(r * pieces + best) * inner + i];
                }
            AtEachWidth(w =>
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var y = new T[m];
                    var winner = new byte[m];
                    var dx = new T[n];
                    Array.Fill(dx, T.CreateTruncating(7));
                    MaxoutKernel.Forward<T>(x, pieces, inner, y, winner, threads);
                    MaxoutKernel.Backward<T>(g, winner, pieces, inner, dx, threads);
                    Assert.Equal(expectedWinner, winner);
                    Identical(expectedY, y, $"{typeof(T).Name} {w} y");
                    for (int r = 0; r < rows; r++)
                        for (int j = 0; j < pieces; j++)
                            for (int i = 0; i < inner; i++)
                            {
                                T expected = expectedWinner[r * inner + i] == j ? g[r * inner + i] : T.Zero;
                                T actual = dx[(r * pieces + j) * inner + i];
                                if (!(expected.Equals(actual))) Assert.Fail($"{typeof(T).Name} {w} dx[{r},{j},{i}] = {actual}, expected {expected}");
                            }
                }
            });
        }
    }
}
