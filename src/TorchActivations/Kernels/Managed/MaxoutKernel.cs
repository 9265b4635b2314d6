using System.Runtime.CompilerServices;
using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
                        // The pieces of a group are adjacent: vectors of whole groups split by permutes
                        // for two pieces where AVX-512 is in use, then one tight loop over the remaining groups.
                        long r = u0 * rowsPerUnit;
                        if (pieces == 2 && Avx512F.IsSupported && ManagedKernelWidth.Current == VectorWidth.Bits512)
                            r = PairGroups512(xp, r, rEnd, yp, wp);
                        for (; r < rEnd; r++)
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
                    long r = u0 * rowsPerUnit;
                    if (inner == 1 && pieces == 2 && Avx512F.IsSupported && ManagedKernelWidth.Current == VectorWidth.Bits512)
                        r = PairBackward512(gp, wp, r, rEnd, dp);
                    for (; r < rEnd; r++)
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
                        StoreWinners512(at, winner + i, index);
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

        /// <summary>Groups [r, rEnd) of two adjacent pieces (inner = 1), a vector of groups at a time: two loads
        /// split into even and odd pieces by one two-source permute each; the same winner rule as
        /// <see cref="GroupWinner"/>. Returns the first group not done.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe long PairGroups512<T>(T* x, long r, long rEnd, T* y, byte* winner)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            int n = Vector512<T>.Count;
            T* scratch = stackalloc T[Vector512<T>.Count];
            if (typeof(T) == typeof(float))
            {
                var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
                var odd = even + Vector512<int>.One;
                for (; r <= rEnd - n; r += n)
                {
                    float* g = (float*)x + 2 * r;
                    Vector512<float> a = Vector512.Load(g), b = Vector512.Load(g + 16);
                    var best = Avx512F.PermuteVar16x32x2(a, even, b);
                    var v = Avx512F.PermuteVar16x32x2(a, odd, b);
                    var replace = Vector512.Equals(best, best) & (Vector512.GreaterThan(v, best) | ~Vector512.Equals(v, v));
                    Vector512.ConditionalSelect(replace, v, best).Store((float*)y + r);
                    StoreWinners512((replace & Vector512<float>.One).As<float, T>(), winner + r, scratch);
                }
            }
            else
            {
                var even = Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14);
                var odd = even + Vector512<long>.One;
                for (; r <= rEnd - n; r += n)
                {
                    double* g = (double*)x + 2 * r;
                    Vector512<double> a = Vector512.Load(g), b = Vector512.Load(g + 8);
                    var best = Avx512F.PermuteVar8x64x2(a, even, b);
                    var v = Avx512F.PermuteVar8x64x2(a, odd, b);
                    var replace = Vector512.Equals(best, best) & (Vector512.GreaterThan(v, best) | ~Vector512.Equals(v, v));
                    Vector512.ConditionalSelect(replace, v, best).Store((double*)y + r);
                    StoreWinners512((replace & Vector512<double>.One).As<double, T>(), winner + r, scratch);
                }
            }
            return r;
        }

        /// <summary>The backward of <see cref="PairGroups512"/>: g of groups [r, rEnd) to the even or odd piece
        /// (selects, then one interleaving permute per output vector). Returns the first group not done.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe long PairBackward512<T>(T* g, byte* winner, long r, long rEnd, T* dx)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (typeof(T) == typeof(float))
            {
                var lo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
                var hi = lo + Vector512.Create(8);
                for (; r <= rEnd - 16; r += 16)
                {
                    var w = Avx512F.ConvertToVector512Int32(Vector128.Load(winner + r));
                    var gv = Vector512.Load((float*)g + r);
                    var odd = Vector512.Equals(w, Vector512<int>.One).AsSingle();
                    var e = Vector512.AndNot(gv, odd);
                    var o = gv & odd;
                    float* d = (float*)dx + 2 * r;
                    Avx512F.PermuteVar16x32x2(e, lo, o).Store(d);
                    Avx512F.PermuteVar16x32x2(e, hi, o).Store(d + 16);
                }
            }
            else
            {
                var lo = Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11);
                var hi = lo + Vector512.Create(4L);
                for (; r <= rEnd - 8; r += 8)
                {
                    var w = Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(*(ulong*)(winner + r)).AsByte());
                    var gv = Vector512.Load((double*)g + r);
                    var odd = Vector512.Equals(w, Vector512<long>.One).AsDouble();
                    var e = Vector512.AndNot(gv, odd);
                    var o = gv & odd;
                    double* d = (double*)dx + 2 * r;
                    Avx512F.PermuteVar8x64x2(e, lo, o).Store(d);
                    Avx512F.PermuteVar8x64x2(e, hi, o).Store(d + 8);
                }
            }
            return r;
        }

        /// <summary>Stores a vector of winner indices (exact small integers in T) as bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void StoreWinners512<T>(Vector512<T> at, byte* winner, T* scratch)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            if (Avx512F.IsSupported)
            {
                // vcvttps2dq + vpmovdb (vcvttpd2qq + vpmovqb): exact, as the values are integers in [0, 255].
                if (typeof(T) == typeof(float))
                    Avx512F.ConvertToVector128Byte(Avx512F.ConvertToVector512Int32WithTruncation(at.AsSingle())).Store(winner);
                else if (Avx512DQ.IsSupported)
                    *(ulong*)winner = Avx512F.ConvertToVector128Byte(Avx512DQ.ConvertToVector512Int64WithTruncation(at.AsDouble())).AsUInt64().ToScalar();
                else
                {
                    at.Store(scratch);
                    for (int l = 0; l < Vector512<T>.Count; l++) winner[l] = (byte)Scalar.ToDouble(scratch[l]);
                }
                return;
            }
            at.Store(scratch);
            for (int l = 0; l < Vector512<T>.Count; l++) winner[l] = (byte)Scalar.ToDouble(scratch[l]);
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
                int l = 0;
                if (Avx512F.IsSupported && ManagedKernelWidth.Current == VectorWidth.Bits512)
                {
                    // Bytes widened to T 16 (8) at a time: vpmovzxbd / vpmovzxbq and an exact convert.
                    if (typeof(T) == typeof(float))
                        for (; l <= count - 16; l += 16)
                            Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(winner + i0 + l))).Store((float*)at + l);
                    else if (Avx512DQ.IsSupported)
                        for (; l <= count - 8; l += 8)
                            Avx512DQ.ConvertToVector512Double(Avx512F.ConvertToVector512Int64(Vector128.CreateScalar(*(ulong*)(winner + i0 + l)).AsByte())).Store((double*)at + l);
                }
                for (; l < count; l++) at[l] = Scalar.Of<T>(winner[i0 + l]);
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
