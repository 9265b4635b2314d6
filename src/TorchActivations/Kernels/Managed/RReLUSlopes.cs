using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// RReLU's slopes, a = lower + (upper − lower)·u, u uniform in [0, 1), from Philox(seed, counter) with the
    /// stream layout of the former C++ kernel: elements go in blocks of 32 Philox lanes, 160 per block for
    /// float32 (five 24-bit uniforms per lane) and 128 for float64 (four 32-bit ones). Element j of block b
    /// takes uniform j / 32 of lane j % 32, lane l being Philox(seed, 32·b + l) = (w0, w1, w2, w3). Float32's
    /// uniforms are the lane's 128 bits in order, w0 first, most significant first: w0 >> 8,
    /// (w0 &amp; 0xFF) &lt;&lt; 16 | w1 >> 16, (w1 &amp; 0xFFFF) &lt;&lt; 8 | w2 >> 24, w2 &amp; 0xFFFFFF, w3 >> 8, each
    /// times 2^-24; float64's are w_k · 2^-32. The slope is computed in the element type, lower + range·u,
    /// with every conversion exact, so all widths give the same bits.
    /// </summary>
    internal static unsafe class RReLUSlopes
    {
        public static int PerBlock<T>() => typeof(T) == typeof(float) ? 160 : 128;

        /// <summary>slopes[j] for the PerBlock elements of Philox block b.</summary>
        public static void Block<T>(ulong seed, ulong block, T lower, T range, T* slopes, uint* words)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            Philox.Lanes(seed, block * Philox.LanesPerCall, words);
            if (typeof(T) == typeof(float)) Singles(*(float*)&lower, *(float*)&range, (float*)slopes, words);
            else Doubles(*(double*)&lower, *(double*)&range, (double*)slopes, words);
        }

        private const float Unit24 = 1f / 16777216f;
        private const double Unit32 = 1.0 / 4294967296.0;

        // Hot loops: compiled fully optimised at once, not first as tier-0 code (which is many times slower).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Singles(float lo, float range, float* a, uint* w)
        {
            int l = 0;
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                    for (; l < 32; l += 16)
                    {
                        Vector512<uint> w0 = Vector512.Load(w + l), w1 = Vector512.Load(w + 32 + l), w2 = Vector512.Load(w + 64 + l), w3 = Vector512.Load(w + 96 + l);
                        var vlo = Vector512.Create(lo);
                        var vr = Vector512.Create(range);
                        var unit = Vector512.Create(Unit24);
                        (vlo + vr * (Vector512.ConvertToSingle((w0 >>> 8).AsInt32()) * unit)).Store(a + l);
                        (vlo + vr * (Vector512.ConvertToSingle((((w0 & Vector512.Create(0xFFu)) << 16) | (w1 >>> 16)).AsInt32()) * unit)).Store(a + 32 + l);
                        (vlo + vr * (Vector512.ConvertToSingle((((w1 & Vector512.Create(0xFFFFu)) << 8) | (w2 >>> 24)).AsInt32()) * unit)).Store(a + 64 + l);
                        (vlo + vr * (Vector512.ConvertToSingle((w2 & Vector512.Create(0xFFFFFFu)).AsInt32()) * unit)).Store(a + 96 + l);
                        (vlo + vr * (Vector512.ConvertToSingle((w3 >>> 8).AsInt32()) * unit)).Store(a + 128 + l);
                    }
                    break;
                case VectorWidth.Bits256:
                    for (; l < 32; l += 8)
                    {
                        Vector256<uint> w0 = Vector256.Load(w + l), w1 = Vector256.Load(w + 32 + l), w2 = Vector256.Load(w + 64 + l), w3 = Vector256.Load(w + 96 + l);
                        var vlo = Vector256.Create(lo);
                        var vr = Vector256.Create(range);
                        var unit = Vector256.Create(Unit24);
                        (vlo + vr * (Vector256.ConvertToSingle((w0 >>> 8).AsInt32()) * unit)).Store(a + l);
                        (vlo + vr * (Vector256.ConvertToSingle((((w0 & Vector256.Create(0xFFu)) << 16) | (w1 >>> 16)).AsInt32()) * unit)).Store(a + 32 + l);
                        (vlo + vr * (Vector256.ConvertToSingle((((w1 & Vector256.Create(0xFFFFu)) << 8) | (w2 >>> 24)).AsInt32()) * unit)).Store(a + 64 + l);
                        (vlo + vr * (Vector256.ConvertToSingle((w2 & Vector256.Create(0xFFFFFFu)).AsInt32()) * unit)).Store(a + 96 + l);
                        (vlo + vr * (Vector256.ConvertToSingle((w3 >>> 8).AsInt32()) * unit)).Store(a + 128 + l);
                    }
                    break;
                case VectorWidth.Bits128:
                    for (; l < 32; l += 4)
                    {
                        Vector128<uint> w0 = Vector128.Load(w + l), w1 = Vector128.Load(w + 32 + l), w2 = Vector128.Load(w + 64 + l), w3 = Vector128.Load(w + 96 + l);
                        var vlo = Vector128.Create(lo);
                        var vr = Vector128.Create(range);
                        var unit = Vector128.Create(Unit24);
                        (vlo + vr * (Vector128.ConvertToSingle((w0 >>> 8).AsInt32()) * unit)).Store(a + l);
                        (vlo + vr * (Vector128.ConvertToSingle((((w0 & Vector128.Create(0xFFu)) << 16) | (w1 >>> 16)).AsInt32()) * unit)).Store(a + 32 + l);
                        (vlo + vr * (Vector128.ConvertToSingle((((w1 & Vector128.Create(0xFFFFu)) << 8) | (w2 >>> 24)).AsInt32()) * unit)).Store(a + 64 + l);
                        (vlo + vr * (Vector128.ConvertToSingle((w2 & Vector128.Create(0xFFFFFFu)).AsInt32()) * unit)).Store(a + 96 + l);
                        (vlo + vr * (Vector128.ConvertToSingle((w3 >>> 8).AsInt32()) * unit)).Store(a + 128 + l);
                    }
                    break;
            }
            for (; l < 32; l++)
            {
                uint w0 = w[l], w1 = w[32 + l], w2 = w[64 + l], w3 = w[96 + l];
                a[l] = lo + range * ((int)(w0 >> 8) * Unit24);
                a[32 + l] = lo + range * ((int)(((w0 & 0xFF) << 16) | (w1 >> 16)) * Unit24);
                a[64 + l] = lo + range * ((int)(((w1 & 0xFFFF) << 8) | (w2 >> 24)) * Unit24);
                a[96 + l] = lo + range * ((int)(w2 & 0xFFFFFF) * Unit24);
                a[128 + l] = lo + range * ((int)(w3 >> 8) * Unit24);
            }
        }

        // A 32-bit word as a double, exactly: its bits under the exponent of 2^52, minus 2^52.
        private const ulong TwoTo52Bits = 0x4330000000000000;
        private const double TwoTo52 = 4503599627370496.0;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Doubles(double lo, double range, double* a, uint* w)
        {
            int i = 0;
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                    for (; i < 128; i += 16)
                    {
                        var (l0, l1) = Vector512.Widen(Vector512.Load(w + i));
                        (Vector512.Create(lo) + Vector512.Create(range) * (((l0 | Vector512.Create(TwoTo52Bits)).AsDouble() - Vector512.Create(TwoTo52)) * Vector512.Create(Unit32))).Store(a + i);
                        (Vector512.Create(lo) + Vector512.Create(range) * (((l1 | Vector512.Create(TwoTo52Bits)).AsDouble() - Vector512.Create(TwoTo52)) * Vector512.Create(Unit32))).Store(a + i + 8);
                    }
                    break;
                case VectorWidth.Bits256:
                    for (; i < 128; i += 8)
                    {
                        var (l0, l1) = Vector256.Widen(Vector256.Load(w + i));
                        (Vector256.Create(lo) + Vector256.Create(range) * (((l0 | Vector256.Create(TwoTo52Bits)).AsDouble() - Vector256.Create(TwoTo52)) * Vector256.Create(Unit32))).Store(a + i);
                        (Vector256.Create(lo) + Vector256.Create(range) * (((l1 | Vector256.Create(TwoTo52Bits)).AsDouble() - Vector256.Create(TwoTo52)) * Vector256.Create(Unit32))).Store(a + i + 4);
                    }
                    break;
                case VectorWidth.Bits128:
                    for (; i < 128; i += 4)
                    {
                        var (l0, l1) = Vector128.Widen(Vector128.Load(w + i));
                        (Vector128.Create(lo) + Vector128.Create(range) * (((l0 | Vector128.Create(TwoTo52Bits)).AsDouble() - Vector128.Create(TwoTo52)) * Vector128.Create(Unit32))).Store(a + i);
                        (Vector128.Create(lo) + Vector128.Create(range) * (((l1 | Vector128.Create(TwoTo52Bits)).AsDouble() - Vector128.Create(TwoTo52)) * Vector128.Create(Unit32))).Store(a + i + 2);
                    }
                    break;
            }
            for (; i < 128; i++) a[i] = lo + range * (w[i] * Unit32);
        }
    }
}
