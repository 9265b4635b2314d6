using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), a counter-based
    /// generator: the 128 bits for (key, counter) are a pure function of both, so any element's random
    /// numbers can be made on any thread, in any order, and made again (RReLU's backward regenerates its
    /// forward's slopes). <see cref="Lanes"/> fills 32 consecutive counters at once, at the width chosen by
    /// <see cref="ManagedKernelWidth"/>; every width gives the same words.
    /// </summary>
    internal static unsafe class Philox
    {
        public const int LanesPerCall = 32;
        private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

        /// <summary>The four words of one counter.</summary>
        public static void Generate(ulong key, ulong counter, out uint w0, out uint w1, out uint w2, out uint w3)
        {
            uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = 0, c3 = 0, k0 = (uint)key, k1 = (uint)(key >> 32);
            for (int round = 0; round < 10; round++)
            {
                ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
                uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0, n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
                c1 = (uint)p1;
                c3 = (uint)p0;
                c0 = n0;
                c2 = n2;
                k0 += W0;
                k1 += W1;
            }
            (w0, w1, w2, w3) = (c0, c1, c2, c3);
        }

        /// <summary>words[32·k + l] = word k of Philox(key, firstCounter + l), l &lt; 32.</summary>
        public static void Lanes(ulong key, ulong firstCounter, uint* words)
        {
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512: Lanes512(key, firstCounter, words); break;
                case VectorWidth.Bits256:
                    for (int l = 0; l < LanesPerCall; l += 16) Lanes256(key, firstCounter, l, words);
                    break;
                case VectorWidth.Bits128:
                    for (int l = 0; l < LanesPerCall; l += 8) Lanes128(key, firstCounter, l, words);
                    break;
                default:
                    for (int l = 0; l < LanesPerCall; l++)
                        Generate(key, firstCounter + (ulong)l, out words[l], out words[32 + l], out words[64 + l], out words[96 + l]);
                    break;
            }
        }

        // Each 32-bit word lives in the low half of a 64-bit lane, so a round's 32x32→64-bit products are one
        // unsigned even-lane multiply (pmuludq) each; only the low halves are ever read as words, so the
        // high halves may hold anything. Four independent register sets hide the multiplies' latency.

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<ulong> Mul(Vector512<ulong> a, Vector512<ulong> m) =>
            Avx512F.IsSupported ? Avx512F.Multiply(a.AsUInt32(), m.AsUInt32()) : (a & Vector512.Create(0xFFFFFFFFUL)) * m;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<ulong> Mul(Vector256<ulong> a, Vector256<ulong> m) =>
            Avx2.IsSupported ? Avx2.Multiply(a.AsUInt32(), m.AsUInt32()) : (a & Vector256.Create(0xFFFFFFFFUL)) * m;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<ulong> Mul(Vector128<ulong> a, Vector128<ulong> m) =>
            Sse2.IsSupported ? Sse2.Multiply(a.AsUInt32(), m.AsUInt32()) : (a & Vector128.Create(0xFFFFFFFFUL)) * m;

        // Hot loops: compiled fully optimised at once, not first as tier-0 code (which is many times slower).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Lanes512(ulong key, ulong first, uint* words)
        {
            var lane = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7) + Vector512.Create(first);
            Vector512<ulong> a0 = lane, b0 = lane + Vector512.Create(8UL), c0 = lane + Vector512.Create(16UL), d0 = lane + Vector512.Create(24UL);
            Vector512<ulong> a1 = a0 >>> 32, b1 = b0 >>> 32, c1 = c0 >>> 32, d1 = d0 >>> 32;
            Vector512<ulong> a2 = default, b2 = default, c2 = default, d2 = default, a3 = default, b3 = default, c3 = default, d3 = default;
            var m0 = Vector512.Create((ulong)M0);
            var m1 = Vector512.Create((ulong)M1);
            uint k0 = (uint)key, k1 = (uint)(key >> 32);
            for (int round = 0; round < 10; round++)
            {
                var key0 = Vector512.Create((ulong)k0);
                var key1 = Vector512.Create((ulong)k1);
                Vector512<ulong> p0, p1;
                p0 = Mul(a0, m0); p1 = Mul(a2, m1); a0 = (p1 >>> 32) ^ a1 ^ key0; a2 = (p0 >>> 32) ^ a3 ^ key1; a1 = p1; a3 = p0;
                p0 = Mul(b0, m0); p1 = Mul(b2, m1); b0 = (p1 >>> 32) ^ b1 ^ key0; b2 = (p0 >>> 32) ^ b3 ^ key1; b1 = p1; b3 = p0;
                p0 = Mul(c0, m0); p1 = Mul(c2, m1); c0 = (p1 >>> 32) ^ c1 ^ key0; c2 = (p0 >>> 32) ^ c3 ^ key1; c1 = p1; c3 = p0;
                p0 = Mul(d0, m0); p1 = Mul(d2, m1); d0 = (p1 >>> 32) ^ d1 ^ key0; d2 = (p0 >>> 32) ^ d3 ^ key1; d1 = p1; d3 = p0;
                k0 += W0;
                k1 += W1;
            }
            // Narrow keeps each lane's low half, in lane order.
            Vector512.Narrow(a0, b0).Store(words);
            Vector512.Narrow(c0, d0).Store(words + 16);
            Vector512.Narrow(a1, b1).Store(words + 32);
            Vector512.Narrow(c1, d1).Store(words + 48);
            Vector512.Narrow(a2, b2).Store(words + 64);
            Vector512.Narrow(c2, d2).Store(words + 80);
            Vector512.Narrow(a3, b3).Store(words + 96);
            Vector512.Narrow(c3, d3).Store(words + 112);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Lanes256(ulong key, ulong first, int l, uint* words)
        {
            var lane = Vector256.Create(0UL, 1, 2, 3) + Vector256.Create(first + (ulong)l);
            Vector256<ulong> a0 = lane, b0 = lane + Vector256.Create(4UL), c0 = lane + Vector256.Create(8UL), d0 = lane + Vector256.Create(12UL);
            Vector256<ulong> a1 = a0 >>> 32, b1 = b0 >>> 32, c1 = c0 >>> 32, d1 = d0 >>> 32;
            Vector256<ulong> a2 = default, b2 = default, c2 = default, d2 = default, a3 = default, b3 = default, c3 = default, d3 = default;
            var m0 = Vector256.Create((ulong)M0);
            var m1 = Vector256.Create((ulong)M1);
            uint k0 = (uint)key, k1 = (uint)(key >> 32);
            for (int round = 0; round < 10; round++)
            {
                var key0 = Vector256.Create((ulong)k0);
                var key1 = Vector256.Create((ulong)k1);
                Vector256<ulong> p0, p1;
                p0 = Mul(a0, m0); p1 = Mul(a2, m1); a0 = (p1 >>> 32) ^ a1 ^ key0; a2 = (p0 >>> 32) ^ a3 ^ key1; a1 = p1; a3 = p0;
                p0 = Mul(b0, m0); p1 = Mul(b2, m1); b0 = (p1 >>> 32) ^ b1 ^ key0; b2 = (p0 >>> 32) ^ b3 ^ key1; b1 = p1; b3 = p0;
                p0 = Mul(c0, m0); p1 = Mul(c2, m1); c0 = (p1 >>> 32) ^ c1 ^ key0; c2 = (p0 >>> 32) ^ c3 ^ key1; c1 = p1; c3 = p0;
                p0 = Mul(d0, m0); p1 = Mul(d2, m1); d0 = (p1 >>> 32) ^ d1 ^ key0; d2 = (p0 >>> 32) ^ d3 ^ key1; d1 = p1; d3 = p0;
                k0 += W0;
                k1 += W1;
            }
            words += l;
            Vector256.Narrow(a0, b0).Store(words);
            Vector256.Narrow(c0, d0).Store(words + 8);
            Vector256.Narrow(a1, b1).Store(words + 32);
            Vector256.Narrow(c1, d1).Store(words + 40);
            Vector256.Narrow(a2, b2).Store(words + 64);
            Vector256.Narrow(c2, d2).Store(words + 72);
            Vector256.Narrow(a3, b3).Store(words + 96);
            Vector256.Narrow(c3, d3).Store(words + 104);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Lanes128(ulong key, ulong first, int l, uint* words)
        {
            var lane = Vector128.Create(0UL, 1) + Vector128.Create(first + (ulong)l);
            Vector128<ulong> a0 = lane, b0 = lane + Vector128.Create(2UL), c0 = lane + Vector128.Create(4UL), d0 = lane + Vector128.Create(6UL);
            Vector128<ulong> a1 = a0 >>> 32, b1 = b0 >>> 32, c1 = c0 >>> 32, d1 = d0 >>> 32;
            Vector128<ulong> a2 = default, b2 = default, c2 = default, d2 = default, a3 = default, b3 = default, c3 = default, d3 = default;
            var m0 = Vector128.Create((ulong)M0);
            var m1 = Vector128.Create((ulong)M1);
            uint k0 = (uint)key, k1 = (uint)(key >> 32);
            for (int round = 0; round < 10; round++)
            {
                var key0 = Vector128.Create((ulong)k0);
                var key1 = Vector128.Create((ulong)k1);
                Vector128<ulong> p0, p1;
                p0 = Mul(a0, m0); p1 = Mul(a2, m1); a0 = (p1 >>> 32) ^ a1 ^ key0; a2 = (p0 >>> 32) ^ a3 ^ key1; a1 = p1; a3 = p0;
                p0 = Mul(b0, m0); p1 = Mul(b2, m1); b0 = (p1 >>> 32) ^ b1 ^ key0; b2 = (p0 >>> 32) ^ b3 ^ key1; b1 = p1; b3 = p0;
                p0 = Mul(c0, m0); p1 = Mul(c2, m1); c0 = (p1 >>> 32) ^ c1 ^ key0; c2 = (p0 >>> 32) ^ c3 ^ key1; c1 = p1; c3 = p0;
                p0 = Mul(d0, m0); p1 = Mul(d2, m1); d0 = (p1 >>> 32) ^ d1 ^ key0; d2 = (p0 >>> 32) ^ d3 ^ key1; d1 = p1; d3 = p0;
                k0 += W0;
                k1 += W1;
            }
            words += l;
            Vector128.Narrow(a0, b0).Store(words);
            Vector128.Narrow(c0, d0).Store(words + 4);
            Vector128.Narrow(a1, b1).Store(words + 32);
            Vector128.Narrow(c1, d1).Store(words + 36);
            Vector128.Narrow(a2, b2).Store(words + 64);
            Vector128.Narrow(c2, d2).Store(words + 68);
            Vector128.Narrow(a3, b3).Store(words + 96);
            Vector128.Narrow(c3, d3).Store(words + 100);
        }
    }
}
