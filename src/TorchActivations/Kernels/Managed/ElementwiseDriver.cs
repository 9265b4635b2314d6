using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>Where an elementwise run's per-element terms go.</summary>
    internal enum TermSum
    {
        None,
        /// <summary>Summed into the run's return value.</summary>
        Total,
        /// <summary>Added element by element into <see cref="ElementwiseArgs{T}.ElementSums"/>.</summary>
        PerElement,
    }

    /// <summary>The operands of one elementwise run. Pointers, so that work can be handed to other threads.</summary>
    internal unsafe struct ElementwiseArgs<T> where T : unmanaged
    {
        public T* X;
        /// <summary>The gradient; X again for one-input operators.</summary>
        public T* G;
        /// <summary>The parameter: P[0] for every element, or P[i] for element i when <see cref="PerElementP"/>.</summary>
        public T* P;
        public bool PerElementP;
        /// <summary>The output, or null when it is not wanted.</summary>
        public T* Y;
        public TermSum Sum;
        /// <summary>For <see cref="TermSum.PerElement"/>: ElementSums[i] += term_i, in double.</summary>
        public double* ElementSums;
        /// <summary>Write Y with non-temporal stores where it is 64-byte aligned (512-bit code only): for
        /// outputs too large to stay in cache, it saves reading each line before it is written.</summary>
        public bool Stream;
    }

    /// <summary>
    /// The one loop behind the elementwise kernels: whole vectors of the width chosen by
    /// <see cref="ManagedKernelWidth"/>, then a scalar tail (operators give the same bits either way, so a
    /// tail is no special case; in-place use, Y == X, is safe because nothing is read twice). Terms are
    /// summed in double: float32 terms are widened first, so long sums keep their precision.
    /// </summary>
    internal static unsafe class ElementwiseDriver
    {
        /// <summary>Runs elements [start, end) and returns the sum of their terms (0 unless Sum is Total).</summary>
        // Hot loops: compiled fully optimised at once, not first as tier-0 code (which is many times slower).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static double Run<T, TOp>(in ElementwiseArgs<T> a, long start, long end)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long i = start;
            double total = 0;
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512: i = Run512<T, TOp>(a, i, end, ref total); break;
                case VectorWidth.Bits256: i = Run256<T, TOp>(a, i, end, ref total); break;
                case VectorWidth.Bits128: i = Run128<T, TOp>(a, i, end, ref total); break;
            }
            for (; i < end; i++)
            {
                T y = TOp.Invoke(a.X[i], a.G[i], a.PerElementP ? a.P[i] : a.P[0], out T term);
                if (a.Y != null) a.Y[i] = y;
                if (a.Sum == TermSum.Total) total += Scalar.ToDouble(term);
                else if (a.Sum == TermSum.PerElement) a.ElementSums[i] += Scalar.ToDouble(term);
            }
            return total;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Run512<T, TOp>(in ElementwiseArgs<T> a, long i, long end, ref double total)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = Vector512<T>.Count;
            var p = Vector512.Create(a.P[0]);
            Vector512<double> sum0 = Vector512<double>.Zero, sum1 = Vector512<double>.Zero;
            // Every vector store is then aligned too: each moves on by 64 bytes.
            bool stream = a.Stream && a.Y != null && ((nuint)(a.Y + i) & 63) == 0;
            for (; i <= end - n; i += n)
            {
                if (a.PerElementP) p = Vector512.Load(a.P + i);
                var y = TOp.Invoke(Vector512.Load(a.X + i), Vector512.Load(a.G + i), p, out var term);
                if (stream) y.StoreAlignedNonTemporal(a.Y + i);
                else if (a.Y != null) y.Store(a.Y + i);
                if (a.Sum == TermSum.None) continue;
                Vector512<double> lo, hi = Vector512<double>.Zero;
                if (typeof(T) == typeof(float)) (lo, hi) = Vector512.Widen(term.AsSingle());
                else lo = term.AsDouble();
                if (a.Sum == TermSum.Total)
                {
                    sum0 += lo;
                    sum1 += hi;
                }
                else
                {
                    double* s = a.ElementSums + i;
                    (Vector512.Load(s) + lo).Store(s);
                    if (typeof(T) == typeof(float)) (Vector512.Load(s + 8) + hi).Store(s + 8);
                }
            }
            // Streaming stores are weakly ordered: fence them before another thread may read the output.
            if (stream && System.Runtime.Intrinsics.X86.Sse.IsSupported) System.Runtime.Intrinsics.X86.Sse.StoreFence();
            total += Vector512.Sum(sum0 + sum1);
            return i;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Run256<T, TOp>(in ElementwiseArgs<T> a, long i, long end, ref double total)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = Vector256<T>.Count;
            var p = Vector256.Create(a.P[0]);
            Vector256<double> sum0 = Vector256<double>.Zero, sum1 = Vector256<double>.Zero;
            for (; i <= end - n; i += n)
            {
                if (a.PerElementP) p = Vector256.Load(a.P + i);
                var y = TOp.Invoke(Vector256.Load(a.X + i), Vector256.Load(a.G + i), p, out var term);
                if (a.Y != null) y.Store(a.Y + i);
                if (a.Sum == TermSum.None) continue;
                Vector256<double> lo, hi = Vector256<double>.Zero;
                if (typeof(T) == typeof(float)) (lo, hi) = Vector256.Widen(term.AsSingle());
                else lo = term.AsDouble();
                if (a.Sum == TermSum.Total)
                {
                    sum0 += lo;
                    sum1 += hi;
                }
                else
                {
                    double* s = a.ElementSums + i;
                    (Vector256.Load(s) + lo).Store(s);
                    if (typeof(T) == typeof(float)) (Vector256.Load(s + 4) + hi).Store(s + 4);
                }
            }
            total += Vector256.Sum(sum0 + sum1);
            return i;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Run128<T, TOp>(in ElementwiseArgs<T> a, long i, long end, ref double total)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = Vector128<T>.Count;
            var p = Vector128.Create(a.P[0]);
            Vector128<double> sum0 = Vector128<double>.Zero, sum1 = Vector128<double>.Zero;
            for (; i <= end - n; i += n)
            {
                if (a.PerElementP) p = Vector128.Load(a.P + i);
                var y = TOp.Invoke(Vector128.Load(a.X + i), Vector128.Load(a.G + i), p, out var term);
                if (a.Y != null) y.Store(a.Y + i);
                if (a.Sum == TermSum.None) continue;
                Vector128<double> lo, hi = Vector128<double>.Zero;
                if (typeof(T) == typeof(float)) (lo, hi) = Vector128.Widen(term.AsSingle());
                else lo = term.AsDouble();
                if (a.Sum == TermSum.Total)
                {
                    sum0 += lo;
                    sum1 += hi;
                }
                else
                {
                    double* s = a.ElementSums + i;
                    (Vector128.Load(s) + lo).Store(s);
                    if (typeof(T) == typeof(float)) (Vector128.Load(s + 2) + hi).Store(s + 2);
                }
            }
            total += Vector128.Sum(sum0 + sum1);
            return i;
        }

        /// <summary>Outputs of at least this many bytes are streamed (see <see cref="ElementwiseArgs{T}.Stream"/>).</summary>
        /// Benchmarks may raise it to turn streaming off, for A/B timings.
        internal static long StreamBytes = 32L << 20;

        public static bool StreamsOutput<T>(long n) where T : unmanaged => n * sizeof(T) >= StreamBytes;

        /// <summary>Runs one operator over n elements in fixed blocks on up to threads workers (no sums).</summary>
        public static void Map<T, TOp>(ElementwiseArgs<T> a, long n, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long blocks = KernelThreads.BlockCount(n, KernelThreads.BlockElements);
            a.Stream = StreamsOutput<T>(n);
            KernelThreads.For(blocks, n, threads, (b0, b1) =>
                Run<T, TOp>(a, b0 * KernelThreads.BlockElements, System.Math.Min(n, b1 * KernelThreads.BlockElements)));
        }
    }
}
