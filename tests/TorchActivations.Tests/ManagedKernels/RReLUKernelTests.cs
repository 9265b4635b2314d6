using System;
using System.Numerics;
using TorchActivations.Kernels;
using Xunit;
using static TorchActivations.Tests.ManagedKernelTestSupport;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class RReLUKernelTests
    {
        private const double Lower = 0.125, Upper = 1.0 / 3;

        // ---- An independent reference for the slope stream: the lane's 128 bits read as one number. ----

        /// <summary>Philox4x32-10 with a 64-bit key and counter (Salmon et al., SC 2011).</summary>
        private static uint[] Philox(ulong key, ulong counter)
        {
            uint[] c = { (uint)counter, (uint)(counter >> 32), 0, 0 };
            uint k0 = (uint)key, k1 = (uint)(key >> 32);
            for (int round = 0; round < 10; round++)
            {
                ulong p0 = 0xD2511F53UL * c[0], p1 = 0xCD9E8D57UL * c[2];
                c = new[] { (uint)(p1 >> 32) ^ c[1] ^ k0, (uint)p1, (uint)(p0 >> 32) ^ c[3] ^ k1, (uint)p0 };
                k0 += 0x9E3779B9u;
                k1 += 0xBB67AE85u;
            }
            return c;
        }

        /// <summary>Element i's slope: float32 blocks of 160 (uniform j / 32, 24 bits, of lane j % 32),
        /// float64 blocks of 128 (word j / 32 of lane j % 32).</summary>
        private static double Slope<T>(ulong seed, long i)
        {
            if (typeof(T) == typeof(float))
            {
                long j = i % 160;
                uint[] w = Philox(seed, (ulong)(32 * (i / 160) + j % 32));
                UInt128 bits = (UInt128)w[0] << 96 | (UInt128)w[1] << 64 | (UInt128)w[2] << 32 | w[3];
                uint u = (uint)((bits >> (int)(104 - 24 * (j / 32))) & 0xFFFFFF);
                return (float)Lower + (float)(Upper - Lower) * (u * (1f / 16777216f));
            }
            long k = i % 128;
            return Lower + (Upper - Lower) * (Philox(seed, (ulong)(32 * (i / 128) + k % 32))[k / 32] * (1.0 / 4294967296.0));
        }

        [Theory]
        [MemberData(nameof(LengthData), MemberType = typeof(ManagedKernelTestSupport))]
        public void SlopesComeFromPhiloxAtEveryWidth(int n)
        {
            Check<float>(n, 0x0123456789ABCDEFUL, 0);
            Check<double>(n, 0x0123456789ABCDEFUL, 0);
            Check<float>(n, 42, 1_000_000_007);
            Check<double>(n, ulong.MaxValue, 5_000_000_001);
        }

        [Fact]
        public void LargeInputsAreTheSameAtAnyThreadCount()
        {
            Check<float>(Large, 7, 0);
            Check<double>(Large, 7, 3);
        }

        private static void Check<T>(int n, ulong seed, long offset) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            T[] x = Sample<T>(n, 51 + n), g = Sample<T>(n, 52 + n, 1);
            var slope = new double[n];
            for (int i = 0; i < n; i++) slope[i] = Slope<T>(seed, offset + i);
            AtEachWidth(w =>
            {
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    var y = new T[n];
                    var dx = new T[n];
                    var a = new T[n];
                    RReLUKernel.Forward<T>(x, Lower, Upper, seed, offset, y, threads);
                    RReLUKernel.Backward<T>(x, g, Lower, Upper, seed, offset, dx, threads);
                    RReLUKernel.Slopes<T>(Lower, Upper, seed, offset, a, threads);
                    for (int i = 0; i < n; i++)
                    {
                        // x > 0 passes; 0, negatives and NaN take the slope (in the element type, so exact).
                        T s = T.CreateTruncating(slope[i]);
                        T ey = x[i] > T.Zero ? x[i] : x[i] * s, edx = x[i] > T.Zero ? g[i] : g[i] * s;
                        if (!(ey.Equals(y[i]))) Assert.Fail($"{typeof(T).Name} {w} {threads} y[{i}] = {y[i]}, expected {ey}");
                        if (!(edx.Equals(dx[i]))) Assert.Fail($"{typeof(T).Name} {w} {threads} dx[{i}] = {dx[i]}, expected {edx}");
                        if (!(s.Equals(a[i]))) Assert.Fail($"{typeof(T).Name} {w} slope[{i}] = {a[i]}, expected {s}");
                    }
                }
            });
        }

        [Fact]
        public void ChunksByElementOffsetEqualOnePass()
        {
            const int n = 100_003;
            const ulong seed = 99;
            float[] x = Sample<float>(n, 5);
            var whole = new float[n];
            RReLUKernel.Forward<float>(x, Lower, Upper, seed, 0, whole, 2);
            var chunked = new float[n];
            int[] cuts = { 0, 1, 159, 160, 161, 5000, 33333, 70001, n };   // mid-block and on block boundaries
            for (int k = 0; k + 1 < cuts.Length; k++)
                RReLUKernel.Forward<float>(x.AsSpan(cuts[k], cuts[k + 1] - cuts[k]), Lower, Upper, seed, cuts[k],
                    chunked.AsSpan(cuts[k], cuts[k + 1] - cuts[k]), 2);
            Assert.Equal(whole, chunked);
        }

        [Fact]
        public void SlopesAreUniformOverTheRange()
        {
            var a = new double[1 << 16];
            RReLUKernel.Slopes<double>(Lower, Upper, 1234, 0, a, 1);
            double mean = 0, min = double.MaxValue, max = double.MinValue;
            foreach (double v in a) { mean += v / a.Length; min = Math.Min(min, v); max = Math.Max(max, v); }
            Assert.InRange(min, Lower, Lower + 1e-3);
            Assert.InRange(max, Upper - 1e-3, Upper);
            Assert.InRange(mean, (Lower + Upper) / 2 - 2e-3, (Lower + Upper) / 2 + 2e-3);
        }
    }
}
