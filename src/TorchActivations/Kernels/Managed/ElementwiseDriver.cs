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
        /// <summary>For <see cref="TermSum.PerElement"/>: ElementSums[i] += term_i·x_i, in double.</summary>
        public double* ElementSums;
    }

    /// <summary>
    /// The one loop behind the elementwise kernels: whole vectors of the width chosen by
    /// <see cref="ManagedKernelWidth"/>, then a scalar tail (operators give the same bits either way, so a
    /// tail is no special case; in-place use, Y == X, is safe because nothing is read twice). What is summed
    /// is term·x (Swish's dβ terms are (x·g·s(1 − s))·x: the last multiply then fuses with the addition), in
    /// double: float32 products are widened first, so long sums keep their precision.
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
                T xi = a.X[i];
                T y = TOp.Invoke(xi, a.G[i], a.PerElementP ? a.P[i] : a.P[0], out T term);
                if (a.Y != null) a.Y[i] = y;
                if (a.Sum == TermSum.Total) total += Scalar.ToDouble(term * xi);
                else if (a.Sum == TermSum.PerElement) a.ElementSums[i] += Scalar.ToDouble(term * xi);
            }
            return total;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Run512<T, TOp>(in ElementwiseArgs<T> a, long i, long end, ref double total)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = Vector512<T>.Count;
            // The operands in locals: the loop's stores could alias a field of `a`, so the JIT would reload
            // each field from memory on every iteration.
            T* x = a.X, g = a.G, y = a.Y, pp = a.P;
            double* elementSums = a.ElementSums;
            bool perElement = a.PerElementP;
            TermSum sums = a.Sum;
            var p = Vector512.Create(pp[0]);
            Vector512<double> sum0 = Vector512<double>.Zero, sum1 = Vector512<double>.Zero;
            if (sums == TermSum.Total && !perElement)
            {
                // Eight vectors at a time, their terms·x accumulated in T with fused multiply-adds before
                // widening: a term's last multiply and its addition are one operation, and the widening, which
                // done per vector would cost the backward a fifth of its time, is done once per eight.
                for (; i <= end - 8 * n; i += 8 * n)
                {
                    var group = Step512<T, TOp>(x, g, y, p, i, out var xv) * xv;
                    for (int k = 1; k < 8; k++)
                        group = MulAdd.Of(Step512<T, TOp>(x, g, y, p, i + k * n, out xv), xv, group);
                    if (typeof(T) == typeof(float))
                    {
                        var (lo, hi) = Vector512.Widen(group.AsSingle());
                        sum0 += lo;
                        sum1 += hi;
                    }
                    else sum0 += group.AsDouble();
                }
            }
            if (sums == TermSum.None && !perElement)
            {
                // The same eight vectors per iteration without terms: unrolled, the JIT interleaves the
                // independent chains (about a tenth faster than one vector per iteration).
                for (; i <= end - 8 * n; i += 8 * n)
                    for (int k = 0; k < 8; k++) Step512<T, TOp>(x, g, y, p, i + k * n, out _);
            }
            for (; i <= end - n; i += n)
            {
                if (perElement) p = Vector512.Load(pp + i);
                var xv = Vector512.Load(x + i);
                var r = TOp.Invoke(xv, Vector512.Load(g + i), p, out var term);
                if (y != null) r.Store(y + i);
                if (sums == TermSum.None) continue;
                Vector512<double> lo, hi = Vector512<double>.Zero;
                term *= xv;
                if (typeof(T) == typeof(float)) (lo, hi) = Vector512.Widen(term.AsSingle());
                else lo = term.AsDouble();
                if (sums == TermSum.Total)
                {
                    sum0 += lo;
                    sum1 += hi;
                }
                else
                {
                    double* s = elementSums + i;
                    (Vector512.Load(s) + lo).Store(s);
                    if (typeof(T) == typeof(float)) (Vector512.Load(s + 8) + hi).Store(s + 8);
                }
            }
            total += Vector512.Sum(sum0 + sum1);
            return i;
        }

        /// <summary>One vector of a run: writes the output where wanted and returns the term (and the input).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> Step512<T, TOp>(T* x, T* g, T* y, Vector512<T> p, long i, out Vector512<T> input)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            input = Vector512.Load(x + i);
            var r = TOp.Invoke(input, Vector512.Load(g + i), p, out var term);
            if (y != null) r.Store(y + i);
            return term;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Run256<T, TOp>(in ElementwiseArgs<T> a, long i, long end, ref double total)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = Vector256<T>.Count;
            // The operands in locals: the loop's stores could alias a field of `a`, so the JIT would reload
            // each field from memory on every iteration.
            T* x = a.X, g = a.G, y = a.Y, pp = a.P;
            double* elementSums = a.ElementSums;
            bool perElement = a.PerElementP;
            TermSum sums = a.Sum;
            var p = Vector256.Create(pp[0]);
            Vector256<double> sum0 = Vector256<double>.Zero, sum1 = Vector256<double>.Zero;
            if (sums == TermSum.Total && !perElement)
            {
                // Eight vectors at a time, their terms·x accumulated in T with fused multiply-adds before
                // widening: a term's last multiply and its addition are one operation, and the widening, which
                // done per vector would cost the backward a fifth of its time, is done once per eight.
                for (; i <= end - 8 * n; i += 8 * n)
                {
                    var group = Step256<T, TOp>(x, g, y, p, i, out var xv) * xv;
                    for (int k = 1; k < 8; k++)
                        group = MulAdd.Of(Step256<T, TOp>(x, g, y, p, i + k * n, out xv), xv, group);
                    if (typeof(T) == typeof(float))
                    {
                        var (lo, hi) = Vector256.Widen(group.AsSingle());
                        sum0 += lo;
                        sum1 += hi;
                    }
                    else sum0 += group.AsDouble();
                }
            }
            if (sums == TermSum.None && !perElement)
            {
                // The same eight vectors per iteration without terms: unrolled, the JIT interleaves the
                // independent chains (about a tenth faster than one vector per iteration).
                for (; i <= end - 8 * n; i += 8 * n)
                    for (int k = 0; k < 8; k++) Step256<T, TOp>(x, g, y, p, i + k * n, out _);
            }
            for (; i <= end - n; i += n)
            {
                if (perElement) p = Vector256.Load(pp + i);
                var xv = Vector256.Load(x + i);
                var r = TOp.Invoke(xv, Vector256.Load(g + i), p, out var term);
                if (y != null) r.Store(y + i);
                if (sums == TermSum.None) continue;
                Vector256<double> lo, hi = Vector256<double>.Zero;
                term *= xv;
                if (typeof(T) == typeof(float)) (lo, hi) = Vector256.Widen(term.AsSingle());
                else lo = term.AsDouble();
                if (sums == TermSum.Total)
                {
                    sum0 += lo;
                    sum1 += hi;
                }
                else
                {
                    double* s = elementSums + i;
                    (Vector256.Load(s) + lo).Store(s);
                    if (typeof(T) == typeof(float)) (Vector256.Load(s + 4) + hi).Store(s + 4);
                }
            }
            total += Vector256.Sum(sum0 + sum1);
            return i;
        }

        /// <summary>One vector of a run: writes the output where wanted and returns the term (and the input).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> Step256<T, TOp>(T* x, T* g, T* y, Vector256<T> p, long i, out Vector256<T> input)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            input = Vector256.Load(x + i);
            var r = TOp.Invoke(input, Vector256.Load(g + i), p, out var term);
            if (y != null) r.Store(y + i);
            return term;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static long Run128<T, TOp>(in ElementwiseArgs<T> a, long i, long end, ref double total)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = Vector128<T>.Count;
            // The operands in locals: the loop's stores could alias a field of `a`, so the JIT would reload
            // each field from memory on every iteration.
            T* x = a.X, g = a.G, y = a.Y, pp = a.P;
            double* elementSums = a.ElementSums;
            bool perElement = a.PerElementP;
            TermSum sums = a.Sum;
            var p = Vector128.Create(pp[0]);
            Vector128<double> sum0 = Vector128<double>.Zero, sum1 = Vector128<double>.Zero;
            if (sums == TermSum.Total && !perElement)
            {
                // Eight vectors at a time, their terms·x accumulated in T with fused multiply-adds before
                // widening: a term's last multiply and its addition are one operation, and the widening, which
                // done per vector would cost the backward a fifth of its time, is done once per eight.
                for (; i <= end - 8 * n; i += 8 * n)
                {
                    var group = Step128<T, TOp>(x, g, y, p, i, out var xv) * xv;
                    for (int k = 1; k < 8; k++)
                        group = MulAdd.Of(Step128<T, TOp>(x, g, y, p, i + k * n, out xv), xv, group);
                    if (typeof(T) == typeof(float))
                    {
                        var (lo, hi) = Vector128.Widen(group.AsSingle());
                        sum0 += lo;
                        sum1 += hi;
                    }
                    else sum0 += group.AsDouble();
                }
            }
            if (sums == TermSum.None && !perElement)
            {
                // The same eight vectors per iteration without terms: unrolled, the JIT interleaves the
                // independent chains (about a tenth faster than one vector per iteration).
                for (; i <= end - 8 * n; i += 8 * n)
                    for (int k = 0; k < 8; k++) Step128<T, TOp>(x, g, y, p, i + k * n, out _);
            }
            for (; i <= end - n; i += n)
            {
                if (perElement) p = Vector128.Load(pp + i);
                var xv = Vector128.Load(x + i);
                var r = TOp.Invoke(xv, Vector128.Load(g + i), p, out var term);
                if (y != null) r.Store(y + i);
                if (sums == TermSum.None) continue;
                Vector128<double> lo, hi = Vector128<double>.Zero;
                term *= xv;
                if (typeof(T) == typeof(float)) (lo, hi) = Vector128.Widen(term.AsSingle());
                else lo = term.AsDouble();
                if (sums == TermSum.Total)
                {
                    sum0 += lo;
                    sum1 += hi;
                }
                else
                {
                    double* s = elementSums + i;
                    (Vector128.Load(s) + lo).Store(s);
                    if (typeof(T) == typeof(float)) (Vector128.Load(s + 2) + hi).Store(s + 2);
                }
            }
            total += Vector128.Sum(sum0 + sum1);
            return i;
        }

        /// <summary>One vector of a run: writes the output where wanted and returns the term (and the input).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> Step128<T, TOp>(T* x, T* g, T* y, Vector128<T> p, long i, out Vector128<T> input)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            input = Vector128.Load(x + i);
            var r = TOp.Invoke(input, Vector128.Load(g + i), p, out var term);
            if (y != null) r.Store(y + i);
            return term;
        }

        /// <summary>Runs one operator over n elements in fixed blocks on up to threads workers (no sums).</summary>
        public static void Map<T, TOp>(ElementwiseArgs<T> a, long n, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long blocks = KernelThreads.BlockCount(n, KernelThreads.BlockElements);
            KernelThreads.For(blocks, n, threads, (b0, b1) =>
                Run<T, TOp>(a, b0 * KernelThreads.BlockElements, System.Math.Min(n, b1 * KernelThreads.BlockElements)));
        }
    }
}
