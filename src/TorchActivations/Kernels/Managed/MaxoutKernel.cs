using System.Runtime.CompilerServices;
using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Maxout: the input viewed as [rows, k, inner] (rows = outer·groups) gives y[rows, inner] = max over k,
    /// and winners[rows, inner], one byte per output element: the index in [0, k) of the value taken
    /// (k ≤ 255). The winner is torch.max's along a dimension: the first maximum, or the first NaN (so a
    /// group with a NaN gives NaN): a later value v replaces the best b when b is not NaN and (v &gt; b or
    /// v is NaN). The backward scatters g to the winners: dx[r, j, i] = g[r, i] where j = winners[r, i],
    /// 0 elsewhere (a select, so a NaN g reaches only its winner). Chunked use: whole rows per chunk.
    /// </summary>
    internal static class MaxoutKernel
    {
        public const int MaxPieces = 255;

        public static unsafe void Forward<T>(ReadOnlySpan<T> x, int pieces, int inner, Span<T> y, Span<byte> winners, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            long rows = Check<T>(x.Length, pieces, inner);
            KernelChecks.SameLength((int)(rows * inner), y.Length, nameof(y));
            KernelChecks.SameLength(y.Length, winners.Length, nameof(winners));
            if (rows == 0) return;
            fixed (T* px = x)
            fixed (T* py = y)
            fixed (byte* pw = winners)
            {
                T* xp = px, yp = py;
                byte* wp = pw;
                long rowsPerUnit = Math.Max(1, KernelThreads.BlockElements / ((long)pieces * inner));
                KernelThreads.For(KernelThreads.BlockCount(rows, rowsPerUnit), x.Length, threads, (u0, u1) =>
                {
                    long rEnd = Math.Min(rows, u1 * rowsPerUnit);
                    if (inner == 1)
                    {
                        // The pieces of a group are adjacent: one tight loop over the groups.
                        for (long r = u0 * rowsPerUnit; r < rEnd; r++)
                        {
                            int at = GroupWinner(xp + r * pieces, pieces);
                            yp[r] = xp[r * pieces + at];
                            wp[r] = (byte)at;
                        }
                        return;
                    }
                    T* index = stackalloc T[Vector512<T>.Count];
                    for (long r = u0 * rowsPerUnit; r < rEnd; r++)
                        ForwardRow(xp + r * pieces * inner, pieces, inner, yp + r * inner, wp + r * inner, index);
                });
            }
        }

        public static unsafe void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<byte> winners, int pieces, int inner, Span<T> dx, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            long rows = Check<T>(dx.Length, pieces, inner);
            KernelChecks.SameLength((int)(rows * inner), g.Length, nameof(g));
            KernelChecks.SameLength(g.Length, winners.Length, nameof(winners));
            if (rows == 0) return;
            fixed (T* pg = g)
            fixed (T* pd = dx)
            fixed (byte* pw = winners)
            {
                T* gp = pg, dp = pd;
                byte* wp = pw;
                long rowsPerUnit = Math.Max(1, KernelThreads.BlockElements / ((long)pieces * inner));
                KernelThreads.For(KernelThreads.BlockCount(rows, rowsPerUnit), dx.Length, threads, (u0, u1) =>
                {
                    long rEnd = Math.Min(rows, u1 * rowsPerUnit);
                    T* at = stackalloc T[BackwardStride];
                    for (long r = u0 * rowsPerUnit; r < rEnd; r++)
                        BackwardRow(gp + r * inner, wp + r * inner, pieces, inner, dp + r * pieces * inner, at);
                });
            }
        }

        private static long Check<T>(int length, int pieces, int inner)
        {
            KernelChecks.FloatOrDouble<T>();
            if (pieces < 1 || pieces > MaxPieces) throw new ArgumentOutOfRangeException(nameof(pieces), pieces, "1 to 255 pieces");
            if (inner < 1) throw new ArgumentOutOfRangeException(nameof(inner), inner, "inner must be at least 1");
            if (length % ((long)pieces * inner) != 0) throw new ArgumentException("the input is not whole [k, inner] rows");
            return length / ((long)pieces * inner);
        }

        // The winner among adjacent values, branch-free: random data would mispredict branches half the time.
        private static unsafe int GroupWinner<T>(T* p, int pieces) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            T best = p[0];
            int at = 0;
            for (int j = 1; j < pieces; j++)
            {
                T v = p[j];
                bool replace = !T.IsNaN(best) & ((v > best) | T.IsNaN(v));
                best = replace ? v : best;
                at = replace ? j : at;
            }
            return at;
        }

        // One row: vectors across the inner positions (contiguous), the winner rule without branches; the
        // winning index is tracked as a float (exact for k ≤ 255) and stored as a byte.
        // Hot loops: compiled fully optimised at once, not first as tier-0 code (which is many times slower).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void ForwardRow<T>(T* x, int pieces, int inner, T* y, byte* winner, T* index)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int i = 0;
            switch (ManagedKernelWidth.Current)
            {
                case VectorWidth.Bits512:
                    for (; i <= inner - Vector512<T>.Count; i += Vector512<T>.Count)
                    {
                        var best = Vector512.Load(x + i);
                        var at = Vector512<T>.Zero;
                        for (int j = 1; j < pieces; j++)
                        {
                            var v = Vector512.Load(x + (long)j * inner + i);
                            // best == best is false exactly where best is NaN; v != v exactly where v is NaN.
                            var replace = Vector512.Equals(best, best) & (Vector512.GreaterThan(v, best) | ~Vector512.Equals(v, v));
                            best = Vector512.ConditionalSelect(replace, v, best);
                            at = Vector512.ConditionalSelect(replace, Vector512.Create(Scalar.Of<T>(j)), at);
                        }
                        best.Store(y + i);
                        at.Store(index);
                        for (int l = 0; l < Vector512<T>.Count; l++) winner[i + l] = (byte)Scalar.ToDouble(index[l]);
                    }
                    break;
                case VectorWidth.Bits256:
                    for (; i <= inner - Vector256<T>.Count; i += Vector256<T>.Count)
                    {
                        var best = Vector256.Load(x + i);
                        var at = Vector256<T>.Zero;
                        for (int j = 1; j < pieces; j++)
                        {
                            var v = Vector256.Load(x + (long)j * inner + i);
                            var replace = Vector256.Equals(best, best) & (Vector256.GreaterThan(v, best) | ~Vector256.Equals(v, v));
                            best = Vector256.ConditionalSelect(replace, v, best);
                            at = Vector256.ConditionalSelect(replace, Vector256.Create(Scalar.Of<T>(j)), at);
                        }
                        best.Store(y + i);
                        at.Store(index);
                        for (int l = 0; l < Vector256<T>.Count; l++) winner[i + l] = (byte)Scalar.ToDouble(index[l]);
                    }
                    break;
                case VectorWidth.Bits128:
                    for (; i <= inner - Vector128<T>.Count; i += Vector128<T>.Count)
                    {
                        var best = Vector128.Load(x + i);
                        var at = Vector128<T>.Zero;
                        for (int j = 1; j < pieces; j++)
                        {
                            var v = Vector128.Load(x + (long)j * inner + i);
                            var replace = Vector128.Equals(best, best) & (Vector128.GreaterThan(v, best) | ~Vector128.Equals(v, v));
                            best = Vector128.ConditionalSelect(replace, v, best);
                            at = Vector128.ConditionalSelect(replace, Vector128.Create(Scalar.Of<T>(j)), at);
                        }
                        best.Store(y + i);
                        at.Store(index);
                        for (int l = 0; l < Vector128<T>.Count; l++) winner[i + l] = (byte)Scalar.ToDouble(index[l]);
                    }
                    break;
            }
            for (; i < inner; i++)
            {
                T best = x[i];
                int at = 0;
                for (int j = 1; j < pieces; j++)
                {
                    T v = x[(long)j * inner + i];
                    // Non-short-circuit & and |: selects, not branches, which random data would mispredict.
                    bool replace = !T.IsNaN(best) & ((v > best) | T.IsNaN(v));
                    best = replace ? v : best;
                    at = replace ? j : at;
                }
                y[i] = best;
                winner[i] = (byte)at;
            }
        }

        // Winners are converted to T in slices of this many, so the piece loop compares whole vectors.
        private const int BackwardStride = 256;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void BackwardRow<T>(T* g, byte* winner, int pieces, int inner, T* dx, T* at)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            const int Stride = BackwardStride;
            if (inner == 1)
            {
                // The pieces of a group are adjacent: no vectors across inner positions to make.
                for (int j = 0; j < pieces; j++) dx[j] = j == winner[0] ? g[0] : T.Zero;
                return;
            }
            for (int i0 = 0; i0 < inner; i0 += Stride)
            {
                int count = Math.Min(Stride, inner - i0);
                for (int l = 0; l < count; l++) at[l] = Scalar.Of<T>(winner[i0 + l]);
                for (int j = 0; j < pieces; j++)
                {
                    T* dst = dx + (long)j * inner + i0;
                    T* src = g + i0;
                    T jt = Scalar.Of<T>(j);
                    int i = 0;
                    switch (ManagedKernelWidth.Current)
                    {
                        case VectorWidth.Bits512:
                            for (; i <= count - Vector512<T>.Count; i += Vector512<T>.Count)
                                Vector512.ConditionalSelect(Vector512.Equals(Vector512.Load(at + i), Vector512.Create(jt)), Vector512.Load(src + i), Vector512<T>.Zero).Store(dst + i);
                            break;
                        case VectorWidth.Bits256:
                            for (; i <= count - Vector256<T>.Count; i += Vector256<T>.Count)
                                Vector256.ConditionalSelect(Vector256.Equals(Vector256.Load(at + i), Vector256.Create(jt)), Vector256.Load(src + i), Vector256<T>.Zero).Store(dst + i);
                            break;
                        case VectorWidth.Bits128:
                            for (; i <= count - Vector128<T>.Count; i += Vector128<T>.Count)
                                Vector128.ConditionalSelect(Vector128.Equals(Vector128.Load(at + i), Vector128.Create(jt)), Vector128.Load(src + i), Vector128<T>.Zero).Store(dst + i);
                            break;
                    }
                    for (; i < count; i++) dst[i] = at[i] == jt ? src[i] : T.Zero;
                }
            }
        }
    }
}
