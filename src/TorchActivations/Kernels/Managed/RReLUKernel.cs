using System.Runtime.CompilerServices;
using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Training RReLU: y = x where x &gt; 0, else a·x, with a per element slope a ~ U(lower, upper) drawn from
    /// Philox keyed by seed, counter from the element's index (<see cref="RReLUSlopes"/>). The backward
    /// regenerates the slopes: dx = g where x &gt; 0, else a·g. So x = 0 takes the slope side (y = a·0,
    /// dx = a·g), and NaN x gives y = NaN, dx = a·g.
    /// Chunked use: elementOffset is the index, in the whole tensor, of the span's first element; the slopes
    /// depend only on (seed, index), so any chunking, thread count and vector width gives the same bits.
    /// </summary>
    internal static class RReLUKernel
    {
        /// <summary>Philox blocks per unit of work (20480 float32 or 16384 float64 elements).</summary>
        private const long PhiloxBlocksPerUnit = 128;

        public static void Forward<T>(ReadOnlySpan<T> x, double lower, double upper, ulong seed, long elementOffset, Span<T> y, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.SameLength(x.Length, y.Length, nameof(y));
            Pass(x, x, y, lower, upper, seed, elementOffset, threads);
        }

        public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, double lower, double upper, ulong seed, long elementOffset,
            Span<T> dx, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.SameLength(x.Length, g.Length, nameof(g));
            KernelChecks.SameLength(x.Length, dx.Length, nameof(dx));
            Pass(x, g, dx, lower, upper, seed, elementOffset, threads);
        }

        /// <summary>The slopes themselves, a[i] for elements elementOffset + i (for a recorded backward).</summary>
        public static void Slopes<T>(double lower, double upper, ulong seed, long elementOffset, Span<T> a, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            // a = −(where(x > 0, x, a·x)) at x = −1, exactly.
            var minusOne = new T[a.Length];
            minusOne.AsSpan().Fill(-T.One);
            Pass<T>(minusOne, minusOne, a, lower, upper, seed, elementOffset, threads);
            for (int i = 0; i < a.Length; i++) a[i] = -a[i];
        }

        // out = where(x > 0, v, v·a) for every element.
        // Hot loops: compiled fully optimised at once, not first as tier-0 code (which is many times slower).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void Pass<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> output, double lower, double upper, ulong seed,
            long offset, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.FloatOrDouble<T>();
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
            if (x.IsEmpty) return;
            long n = x.Length;
            T lo = Scalar.Of<T>(lower), range = Scalar.Of<T>(upper - lower);
            long per = RReLUSlopes.PerBlock<T>();
            long firstBlock = offset / per, blocks = (offset + n - 1) / per - firstBlock + 1;
            fixed (T* px = x)
            fixed (T* pv = v)
            fixed (T* po = output)
            {
                T* xp = px, vp = pv, op = po;
                KernelThreads.For(KernelThreads.BlockCount(blocks, PhiloxBlocksPerUnit), n, threads, (u0, u1) =>
                {
                    T* slopes = stackalloc T[160];
                    uint* words = stackalloc uint[128];
                    long bEnd = Math.Min(blocks, u1 * PhiloxBlocksPerUnit);
                    for (long b = u0 * PhiloxBlocksPerUnit; b < bEnd; b++)
                    {
                        long global = (firstBlock + b) * per;
                        long start = Math.Max(global, offset), end = Math.Min(global + per, offset + n);
                        RReLUSlopes.Block(seed, (ulong)(firstBlock + b), lo, range, slopes, words);
                        long local = start - offset;
                        Select(xp + local, vp + local, slopes + (start - global), op + local, end - start);
                    }
                });
            }
        }

        // out = where(x > 0, v, v·a), branch-free (the signs of x are random).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void Select<T>(T* x, T* v, T* a, T* output, long count)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            long j = 0;
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                    for (; j <= count - Vector512<T>.Count; j += Vector512<T>.Count)
                    {
                        var vv = Vector512.Load(v + j);
                        Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Load(x + j), Vector512<T>.Zero), vv, vv * Vector512.Load(a + j)).Store(output + j);
                    }
                    break;
                case VectorWidth.Bits256:
                    for (; j <= count - Vector256<T>.Count; j += Vector256<T>.Count)
                    {
                        var vv = Vector256.Load(v + j);
                        Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(x + j), Vector256<T>.Zero), vv, vv * Vector256.Load(a + j)).Store(output + j);
                    }
                    break;
                case VectorWidth.Bits128:
                    for (; j <= count - Vector128<T>.Count; j += Vector128<T>.Count)
                    {
                        var vv = Vector128.Load(v + j);
                        Vector128.ConditionalSelect(Vector128.GreaterThan(Vector128.Load(x + j), Vector128<T>.Zero), vv, vv * Vector128.Load(a + j)).Store(output + j);
                    }
                    break;
            }
            for (; j < count; j++) output[j] = x[j] > T.Zero ? v[j] : v[j] * a[j];
        }
    }
}
