using System;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>The fused RReLU's slopes are a fixed function of the seed drawn from libtorch's generator and of
    /// each element's index (Philox4x32-10), recomputed here independently (the bit layout read as one
    /// 128-bit number, not as the kernel slices it): so a seeded run gives the same slopes at every CPU level
    /// the kernels are compiled for (./build.sh test runs this at each level).</summary>
    public class RReLUStreamTests
    {
        // Outputs of 16 MiB and more are written with streaming stores, smaller ones through the caches:
        // both paths, forward and backward, float32 and float64, with a partial last block.
        [Theory]
        [InlineData(1000, false)]
        [InlineData(1000, true)]
        [InlineData((16 << 20) / 4 + 77, false)]
        [InlineData((16 << 20) / 8 + 77, true)]
        public void FusedSlopesArePhiloxOfTheSeedAndTheElementIndex(int n, bool float64)
        {
            Assert.True(ActivationKernels.IsAvailable, ActivationKernels.Status);
            using var scope = NewDisposeScope();
            const double lower = 0.1, upper = 0.3;
            // y = −slope and dy/dx = slope everywhere.
            var x = full(n, -1.0, dtype: float64 ? ScalarType.Float64 : ScalarType.Float32).requires_grad_(true);

            random.manual_seed(123);
            var bits = randint(int.MaxValue, new long[] { 2 }, dtype: ScalarType.Int64).data<long>().ToArray();
            ulong seed = (ulong)((bits[0] << 31) ^ bits[1]);
            random.manual_seed(123);
            var output = ActivationFunctions.rrelu(x, lower, upper, training: true);
            output.sum().backward();
            var y = Samples.Values(output);
            var dx = Samples.Values(x.grad);

            int wrongValues = 0, wrongGradients = 0, first = -1;
            for (int i = 0; i < n; i++) {
                double slope = float64 ? lower + (upper - lower) * (Uniform64(seed, i) * (1.0 / 4294967296.0))
                                       : (float)lower + (float)(upper - lower) * (Uniform24(seed, i) * (1.0f / 16777216.0f));
                if (y[i] != -slope) wrongValues++;
                if (dx[i] != slope) wrongGradients++;
                if (first < 0 && (y[i] != -slope || dx[i] != slope)) first = i;
            }
            Assert.True(wrongValues == 0 && wrongGradients == 0,
                $"{wrongValues} values and {wrongGradients} gradients of {n} differ from Philox, the first at {first}");
        }

        /// <summary>Float32 element i: block b = i / 160 of five 24-bit uniforms per lane, the j-th (j = i % 160)
        /// being uniform j / 32 of lane j % 32, Philox(seed, 32·b + j % 32), its 128 bits read in order.</summary>
        private static uint Uniform24(ulong seed, int i)
        {
            int j = i % 160;
            uint[] w = Philox(seed, (ulong)(32 * (i / 160) + j % 32));
            // The lane's 128 bits as one number, w0 most significant; uniform k is bits [104 - 24k, 128 - 24k).
            UInt128 bits = (UInt128)w[0] << 96 | (UInt128)w[1] << 64 | (UInt128)w[2] << 32 | w[3];
            return (uint)((bits >> (104 - 24 * (j / 32))) & 0xFFFFFF);
        }

        /// <summary>Float64 element i: block b = i / 128, word j / 32 (j = i % 128) of Philox(seed, 32·b + j % 32).</summary>
        private static uint Uniform64(ulong seed, int i)
        {
            int j = i % 128;
            return Philox(seed, (ulong)(32 * (i / 128) + j % 32))[j / 32];
        }

        /// <summary>Philox4x32-10 (Salmon et al., SC 2011) with a 64-bit key and a 64-bit counter.</summary>
        private static uint[] Philox(ulong key, ulong counter)
        {
            uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = 0, c3 = 0, k0 = (uint)key, k1 = (uint)(key >> 32);
            for (int round = 0; round < 10; round++) {
                ulong p0 = 0xD2511F53UL * c0, p1 = 0xCD9E8D57UL * c2;
                uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0, n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
                c1 = (uint)p1;
                c3 = (uint)p0;
                c0 = n0;
                c2 = n2;
                k0 += 0x9E3779B9u;
                k1 += 0xBB67AE85u;
            }
            return new[] { c0, c1, c2, c3 };
        }
    }
}
