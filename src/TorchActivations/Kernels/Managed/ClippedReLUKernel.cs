using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// ClippedReLU, y = min(max(x, 0), c), as torch.clamp: NaN stays NaN, and −0 stays −0 (neither bound is
    /// crossed). The forward also writes a bit mask of where the gradient flows, bit i = [0 &lt; x_i &lt; c]
    /// (strict: no gradient at exactly 0 or exactly c, nor at NaN), packed little-endian: bit i is bit i % 8
    /// of byte i / 8 (so also bit i % 64 of little-endian ulong i / 64), (n + 7) / 8 bytes, unused high bits
    /// of the last byte 0. The backward reads only g and the mask: dx = g·bit, a product with 1 or 0 as the
    /// composite g·[0 &lt; x &lt; c] is (so a NaN or infinite g gives NaN where the bit is 0).
    /// Chunked use: a chunk must start at a multiple of 8 elements, with the mask span starting at its byte.
    /// </summary>
    internal static class ClippedReLUKernel
    {
        public static int MaskBytes(int n) => (int)(((long)n + 7) / 8);

        /// <summary>y = clamp(x, 0, ceiling) and mask bits [0 &lt; x &lt; ceiling]; pass an empty mask when no backward
        /// will follow (inference), and only y is written. y may be x itself.</summary>
        public static unsafe void Forward<T>(ReadOnlySpan<T> x, T ceiling, Span<T> y, Span<byte> mask, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.FloatOrDouble<T>();
            KernelChecks.SameLength(x.Length, y.Length, nameof(y));
            if (!mask.IsEmpty) KernelChecks.SameLength(MaskBytes(x.Length), mask.Length, nameof(mask));
            if (x.IsEmpty) return;
            long n = x.Length;
            fixed (T* px = x)
            fixed (T* py = y)
            fixed (byte* pm = mask)
            {
                T* xp = px, yp = py;
                byte* mp = pm;
                KernelThreads.For(KernelThreads.BlockCount(n, KernelThreads.BlockElements), n, threads, (b0, b1) =>
                {
                    long start = b0 * KernelThreads.BlockElements, end = Math.Min(n, b1 * KernelThreads.BlockElements);
                    if (mp == null) ClampRun(xp, yp, start, end, ceiling);
                    else ForwardRun(xp, yp, mp, start, end, ceiling);
                });
            }
        }

        /// <summary>dx = g·[mask bit]. dx may be g itself.</summary>
        public static unsafe void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<byte> mask, Span<T> dx, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.FloatOrDouble<T>();
            KernelChecks.SameLength(g.Length, dx.Length, nameof(dx));
            KernelChecks.SameLength(MaskBytes(g.Length), mask.Length, nameof(mask));
            if (g.IsEmpty) return;
            long n = g.Length;
            fixed (T* pg = g)
            fixed (T* pd = dx)
            fixed (byte* pm = mask)
            {
                T* gp = pg, dp = pd;
                byte* mp = pm;
                KernelThreads.For(KernelThreads.BlockCount(n, KernelThreads.BlockElements), n, threads, (b0, b1) =>
                    BackwardRun(gp, mp, dp, b0 * KernelThreads.BlockElements, Math.Min(n, b1 * KernelThreads.BlockElements)));
            }
        }

        /// <summary>The forward without a mask, for inference: the clamp alone.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void ClampRun<T>(T* x, T* y, long i, long end, T c)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                    for (var cv = Vector512.Create(c); i + Vector512<T>.Count <= end; i += Vector512<T>.Count)
                        Clamp(Vector512.Load(x + i), cv).Store(y + i);
                    break;
                case VectorWidth.Bits256:
                    for (var cv = Vector256.Create(c); i + Vector256<T>.Count <= end; i += Vector256<T>.Count)
                        Clamp(Vector256.Load(x + i), cv).Store(y + i);
                    break;
                case VectorWidth.Bits128:
                    for (var cv = Vector128.Create(c); i + Vector128<T>.Count <= end; i += Vector128<T>.Count)
                        Clamp(Vector128.Load(x + i), cv).Store(y + i);
                    break;
            }
            for (; i < end; i++)
            {
                T v = x[i];
                y[i] = v < T.Zero ? T.Zero : v > c ? c : v;
            }
        }

        // Blocks start at multiples of 64 elements, so every run writes whole mask ulongs until its last line.
        // Hot loops: compiled fully optimised at once, not first as tier-0 code (which is many times slower).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void ForwardRun<T>(T* x, T* y, byte* mask, long i, long end, T c)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                    for (; i + 64 <= end; i += 64)
                    {
                        ulong bits = 0;
                        for (int j = 0; j < 64; j += Vector512<T>.Count)
                        {
                            var v = Vector512.Load(x + i + j);
                            var cv = Vector512.Create(c);
                            Clamp(v, cv).Store(y + i + j);
                            bits |= (Vector512.GreaterThan(v, Vector512<T>.Zero) & Vector512.LessThan(v, cv)).ExtractMostSignificantBits() << j;
                        }
                        Unsafe.WriteUnaligned(mask + i / 8, bits);
                    }
                    break;
                case VectorWidth.Bits256:
                    for (; i + 64 <= end; i += 64)
                    {
                        ulong bits = 0;
                        for (int j = 0; j < 64; j += Vector256<T>.Count)
                        {
                            var v = Vector256.Load(x + i + j);
                            var cv = Vector256.Create(c);
                            Clamp(v, cv).Store(y + i + j);
                            bits |= (ulong)(Vector256.GreaterThan(v, Vector256<T>.Zero) & Vector256.LessThan(v, cv)).ExtractMostSignificantBits() << j;
                        }
                        Unsafe.WriteUnaligned(mask + i / 8, bits);
                    }
                    break;
                case VectorWidth.Bits128:
                    for (; i + 64 <= end; i += 64)
                    {
                        ulong bits = 0;
                        for (int j = 0; j < 64; j += Vector128<T>.Count)
                        {
                            var v = Vector128.Load(x + i + j);
                            var cv = Vector128.Create(c);
                            Clamp(v, cv).Store(y + i + j);
                            bits |= (ulong)(Vector128.GreaterThan(v, Vector128<T>.Zero) & Vector128.LessThan(v, cv)).ExtractMostSignificantBits() << j;
                        }
                        Unsafe.WriteUnaligned(mask + i / 8, bits);
                    }
                    break;
            }
            // The rest a mask byte at a time (i is a multiple of 8 here).
            for (; i < end; i += 8)
            {
                int bits = 0;
                for (int j = 0; j < 8 && i + j < end; j++)
                {
                    T v = x[i + j];
                    bits |= (v > T.Zero && v < c ? 1 : 0) << j;
                    y[i + j] = v < T.Zero ? T.Zero : v > c ? c : v;
                }
                mask[i / 8] = (byte)bits;
            }
        }

        // clamp(v, 0, c) as torch.clamp: NaN and −0 pass through. x86's max/min return their second operand when
        // either is NaN or both are zeros, so max(0, v) then min(c, ·) does it in two instructions; elsewhere
        // two compares and two selects.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> Clamp<T>(Vector512<T> v, Vector512<T> c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (Avx512F.IsSupported && typeof(T) == typeof(float))
                return Avx512F.Min(c.AsSingle(), Avx512F.Max(Vector512<float>.Zero, v.AsSingle())).As<float, T>();
            if (Avx512F.IsSupported && typeof(T) == typeof(double))
                return Avx512F.Min(c.AsDouble(), Avx512F.Max(Vector512<double>.Zero, v.AsDouble())).As<double, T>();
            return Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<T>.Zero), Vector512<T>.Zero,
                Vector512.ConditionalSelect(Vector512.GreaterThan(v, c), c, v));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> Clamp<T>(Vector256<T> v, Vector256<T> c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (Avx.IsSupported && typeof(T) == typeof(float))
                return Avx.Min(c.AsSingle(), Avx.Max(Vector256<float>.Zero, v.AsSingle())).As<float, T>();
            if (Avx.IsSupported && typeof(T) == typeof(double))
                return Avx.Min(c.AsDouble(), Avx.Max(Vector256<double>.Zero, v.AsDouble())).As<double, T>();
            return Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<T>.Zero), Vector256<T>.Zero,
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, c), c, v));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> Clamp<T>(Vector128<T> v, Vector128<T> c) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (Sse.IsSupported && typeof(T) == typeof(float))
                return Sse.Min(c.AsSingle(), Sse.Max(Vector128<float>.Zero, v.AsSingle())).As<float, T>();
            if (Sse2.IsSupported && typeof(T) == typeof(double))
                return Sse2.Min(c.AsDouble(), Sse2.Max(Vector128<double>.Zero, v.AsDouble())).As<double, T>();
            return Vector128.ConditionalSelect(Vector128.LessThan(v, Vector128<T>.Zero), Vector128<T>.Zero,
                Vector128.ConditionalSelect(Vector128.GreaterThan(v, c), c, v));
        }

        // Lane l of a vector tests bit l: the bits, broadcast to every lane, against 1 << l.
        private static readonly int[] LaneBits32 = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768 };
        private static readonly long[] LaneBits64 = { 1, 2, 4, 8, 16, 32, 64, 128 };

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void BackwardRun<T>(T* g, byte* mask, T* dx, long i, long end)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            bool single = typeof(T) == typeof(float);
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                {
                    var lanes32 = Vector512.LoadUnsafe(ref LaneBits32[0]);
                    var lanes64 = Vector512.LoadUnsafe(ref LaneBits64[0]);
                    var one = Vector512.Create(T.One);
                    for (; i + 64 <= end; i += 64)
                    {
                        ulong bits = Unsafe.ReadUnaligned<ulong>(mask + i / 8);
                        for (int j = 0; j < 64; j += Vector512<T>.Count)
                        {
                            var set = single
                                ? Vector512.Equals(Vector512.Create((int)(bits >> j)) & lanes32, lanes32).As<int, T>()
                                : Vector512.Equals(Vector512.Create((long)(bits >> j)) & lanes64, lanes64).As<long, T>();
                            var r = Vector512.Load(g + i + j) * (set & one);
                            r.Store(dx + i + j);
                        }
                    }
                    break;
                }
                case VectorWidth.Bits256:
                {
                    var lanes32 = Vector256.LoadUnsafe(ref LaneBits32[0]);
                    var lanes64 = Vector256.LoadUnsafe(ref LaneBits64[0]);
                    var one = Vector256.Create(T.One);
                    for (; i + 64 <= end; i += 64)
                    {
                        ulong bits = Unsafe.ReadUnaligned<ulong>(mask + i / 8);
                        for (int j = 0; j < 64; j += Vector256<T>.Count)
                        {
                            var set = single
                                ? Vector256.Equals(Vector256.Create((int)(bits >> j)) & lanes32, lanes32).As<int, T>()
                                : Vector256.Equals(Vector256.Create((long)(bits >> j)) & lanes64, lanes64).As<long, T>();
                            (Vector256.Load(g + i + j) * (set & one)).Store(dx + i + j);
                        }
                    }
                    break;
                }
                case VectorWidth.Bits128:
                {
                    var lanes32 = Vector128.LoadUnsafe(ref LaneBits32[0]);
                    var lanes64 = Vector128.LoadUnsafe(ref LaneBits64[0]);
                    var one = Vector128.Create(T.One);
                    for (; i + 64 <= end; i += 64)
                    {
                        ulong bits = Unsafe.ReadUnaligned<ulong>(mask + i / 8);
                        for (int j = 0; j < 64; j += Vector128<T>.Count)
                        {
                            var set = single
                                ? Vector128.Equals(Vector128.Create((int)(bits >> j)) & lanes32, lanes32).As<int, T>()
                                : Vector128.Equals(Vector128.Create((long)(bits >> j)) & lanes64, lanes64).As<long, T>();
                            (Vector128.Load(g + i + j) * (set & one)).Store(dx + i + j);
                        }
                    }
                    break;
                }
            }
            for (; i < end; i++) dx[i] = g[i] * ((mask[i >> 3] >> (int)(i & 7) & 1) != 0 ? T.One : T.Zero);
        }
    }
}
