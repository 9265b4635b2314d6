using System;
using System.Numerics;
using TorchActivations.Kernels;
using Xunit;
using static TorchActivations.Tests.ManagedKernelTestSupport;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class ClippedReLUKernelTests
    {
        [Theory]
        [MemberData(nameof(LengthData), MemberType = typeof(ManagedKernelTestSupport))]
        public void MatchesClampAndItsMaskAtEveryWidth(int n)
        {
            Check<float>(n);
            Check<double>(n);
        }

        [Fact]
        public void LargeInputsMatchAtAnyThreadCount()
        {
            Check<float>(Large);
            Check<double>(Large);
        }

        private static void Check<T>(int n) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            const double ceiling = 6;
            T[] x = Sample<T>(n, 21 + n);
            // Exactly 0, −0 and the ceiling, where no gradient flows.
            for (int i = 0; i < n; i += 5) x[i] = T.CreateTruncating(i % 3 == 0 ? ceiling : i % 3 == 1 ? 0.0 : -0.0);
            T[] g = Sample<T>(n, 22 + n, 1);   // with non-finite g: NaN·0 must stay NaN
            AtEachWidth(w =>
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var y = new T[n];
                    var mask = new byte[ClippedReLUKernel.MaskBytes(n)];
                    Array.Fill(mask, (byte)0xA5);   // every byte, and the last byte's spare bits, must be written
                    var dx = new T[n];
                    ClippedReLUKernel.Forward<T>(x, T.CreateTruncating(ceiling), y, mask, threads);
                    ClippedReLUKernel.Backward<T>(g, mask, dx, threads);
                    var clampOnly = new T[n];   // inference: no mask
                    ClippedReLUKernel.Forward<T>(x, T.CreateTruncating(ceiling), clampOnly, Span<byte>.Empty, threads);
                    for (int i = 0; i < n; i++)
                    {
                        double v = D(x[i]);
                        // torch.clamp: NaN stays NaN; −0 is within [0, c] and stays −0.
                        double expected = double.IsNaN(v) ? v : v < 0 ? 0 : v > ceiling ? ceiling : v;
                        bool flows = v > 0 && v < ceiling;
                        Assert.True(expected.Equals(D(y[i])) && (v != 0 || double.IsNegative(v) == T.IsNegative(y[i])),
                            $"{typeof(T).Name} {w} y({v}) = {y[i]}");
                        if (!(D(clampOnly[i]).Equals(D(y[i])) && T.IsNegative(clampOnly[i]) == T.IsNegative(y[i])))
                            Assert.Fail($"{typeof(T).Name} {w} y({v}) without a mask = {clampOnly[i]}, with one {y[i]}");
                        if (!(flows == ((mask[i / 8] >> (i % 8) & 1) == 1))) Assert.Fail($"{typeof(T).Name} {w} mask bit {i} for {v}");
                        double expectedDx = D(g[i]) * (flows ? 1 : 0);
                        if (!(expectedDx.Equals(D(dx[i])))) Assert.Fail($"{typeof(T).Name} {w} dx {i}: {dx[i]}, expected {expectedDx}");
                    }
                    if (n % 8 != 0) Assert.Equal(0, mask[^1] >> (n % 8));
                }
            });
        }
    }
}
