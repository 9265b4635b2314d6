using System;
using System.Numerics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Swish, y = x·σ(βx), with one β for everything or one per channel. The input is [outer, C, inner]
    /// contiguous with β[C] (C = β.Length; one β is C = 1, any inner). A tensor too large for one span is
    /// passed chunk by chunk: elementOffset is the chunk's first element's index in the whole tensor (it
    /// fixes each element's channel), and dβ is added into the caller's double accumulator.
    ///
    /// Work layouts (both cut the same way at any thread count, each unit summing into its own slot):
    /// long channel rows (inner ≥ <see cref="LongRow"/>, or C = 1) go in pieces of one channel's row with β
    /// broadcast; short rows (e.g. the [N, C] output of a linear layer) go in tiles of whole rows with β
    /// laid out per element, and each block of tiles sums its dβ terms per element, then per channel.
    /// </summary>
    internal static class SwishKernel
    {
        public const long LongRow = 256;
        private const long TileTarget = 1024;    // elements per tile in the short-row layout, about
        private const long MinRowsPerBlock = 16; // bounds the per-block dβ partials to 1/16 of the rows

        /// <summary>y = x·σ(β_c·x). y may be x itself.</summary>
        public static unsafe void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, long inner, Span<T> y, int threads,
            long elementOffset = 0)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            Check<T>(x.Length, beta.Length, inner, elementOffset);
            KernelChecks.SameLength(x.Length, y.Length, nameof(y));
            if (x.IsEmpty) return;
            fixed (T* px = x)
            fixed (T* pb = beta)
            fixed (T* py = y)
                Walk<T, SwishForward<T>>(new ElementwiseArgs<T> { X = px, G = px, Y = py }, pb, x.Length, beta.Length, inner,
                    elementOffset, threads, Span<double>.Empty);
        }

        /// <summary>
        /// dx = g·s·(1 + βx(1 − s)) and dβSum[c] += Σ over channel c of g·x²·s(1 − s), s = σ(β_c·x), in one
        /// pass. Pass an empty dx or an empty dβSum for a result that is not wanted. dx may be x or g itself.
        /// dβSum's additions are made in a fixed order, so they are the same at any thread count.
        /// </summary>
        public static unsafe void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> g, long inner,
            Span<T> dx, Span<double> dBetaSum, int threads, long elementOffset = 0)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            Check<T>(x.Length, beta.Length, inner, elementOffset);
            KernelChecks.SameLength(x.Length, g.Length, nameof(g));
            if (!dx.IsEmpty) KernelChecks.SameLength(x.Length, dx.Length, nameof(dx));
            if (!dBetaSum.IsEmpty) KernelChecks.SameLength(beta.Length, dBetaSum.Length, nameof(dBetaSum));
            if (x.IsEmpty || (dx.IsEmpty && dBetaSum.IsEmpty)) return;
            fixed (T* px = x)
            fixed (T* pb = beta)
            fixed (T* pg = g)
            fixed (T* pd = dx)
                Walk<T, SwishBackward<T>>(new ElementwiseArgs<T> { X = px, G = pg, Y = dx.IsEmpty ? null : pd }, pb, x.Length,
                    beta.Length, inner, elementOffset, threads, dBetaSum);
        }

        private static void Check<T>(int n, int channels, long inner, long elementOffset)
        {
            KernelChecks.FloatOrDouble<T>();
            if (channels < 1) throw new ArgumentException("β needs at least one value", "beta");
            if (inner < 1) throw new ArgumentOutOfRangeException(nameof(inner), inner, "inner must be at least 1");
            if (elementOffset < 0) throw new ArgumentOutOfRangeException(nameof(elementOffset));
        }

        private static unsafe void Walk<T, TOp>(ElementwiseArgs<T> a, T* beta, long n, int channels, long inner,
            long offset, int threads, Span<double> dBetaSum)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            bool sums = !dBetaSum.IsEmpty;
            if (channels == 1)
            {
                // One channel: its "row" is the whole chunk, wherever the chunk starts.
                inner = n;
                offset = 0;
            }
            if (channels > 1 && inner < LongRow)
            {
                double[] partial = Tiles<T, TOp>(a, beta, n, channels, inner, offset, threads, sums);
                if (!sums) return;
                for (long b = 0; b < partial.Length / channels; b++)
                    for (int c = 0; c < channels; c++) dBetaSum[c] += partial[b * channels + c];
            }
            else
            {
                var layout = new RowLayout(n, channels, inner, offset);
                double[] partial = Rows<T, TOp>(a, beta, layout, threads, sums);
                if (!sums) return;
                for (long u = 0; u < partial.Length; u++) dBetaSum[layout.Channel(u / layout.PiecesPerSegment)] += partial[u];
            }
        }

        /// <summary>The long-row layout: segments are runs of one channel (the first may start mid-row),
        /// each cut into pieces of at most a block; unit u is piece u % PiecesPerSegment of segment
        /// u / PiecesPerSegment (some pieces of short segments are empty).</summary>
        private readonly struct RowLayout
        {
            public readonly long N, Inner, FirstLength, Segments, PiecesPerSegment, FirstRow;
            public readonly int Channels;

            public RowLayout(long n, int channels, long inner, long offset)
            {
                N = n;
                Inner = inner;
                Channels = channels;
                FirstRow = offset / inner;
                FirstLength = Math.Min(n, inner - offset % inner);
                Segments = 1 + (n - FirstLength + inner - 1) / inner;
                PiecesPerSegment = KernelThreads.BlockCount(Math.Min(inner, n), KernelThreads.BlockElements);
            }

            public int Channel(long segment) => (int)((FirstRow + segment) % Channels);

            public void Range(long unit, out long start, out long end)
            {
                long segment = unit / PiecesPerSegment, piece = unit % PiecesPerSegment;
                long segStart = segment == 0 ? 0 : FirstLength + (segment - 1) * Inner;
                long segEnd = segment == 0 ? FirstLength : Math.Min(N, segStart + Inner);
                start = Math.Min(segEnd, segStart + piece * KernelThreads.BlockElements);
                end = Math.Min(segEnd, start + KernelThreads.BlockElements);
            }
        }

        private static unsafe double[] Rows<T, TOp>(ElementwiseArgs<T> a, T* beta, RowLayout l, int threads, bool sums)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long n = l.N;
            long units = l.Segments * l.PiecesPerSegment;
            double[] partial = sums ? new double[units] : null;
            a.Sum = sums ? TermSum.Total : TermSum.None;
            KernelThreads.For(units, n, threads, (u0, u1) =>
            {
                var args = a;
                for (long u = u0; u < u1; u++)
                {
                    l.Range(u, out long start, out long end);
                    args.P = beta + l.Channel(u / l.PiecesPerSegment);
                    double s = ElementwiseDriver.Run<T, TOp>(args, start, end);
                    if (partial != null) partial[u] = s;
                }
            });
            return partial;
        }

        private static unsafe double[] Tiles<T, TOp>(ElementwiseArgs<T> a, T* beta, long n, int channels, long inner,
            long offset, int threads, bool sums)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
            where TOp : IElementwiseOperator<T>
        {
            long row = channels * inner;
            long rowsPerTile = Math.Max(1, TileTarget / row);
            long tile = rowsPerTile * row;
            long tilesPerBlock = Math.Max(1, Math.Max(KernelThreads.BlockElements / tile, (MinRowsPerBlock + rowsPerTile - 1) / rowsPerTile));
            long blockLength = tilesPerBlock * tile;
            long blocks = KernelThreads.BlockCount(n, blockLength);
            // β and the channel of each tile position; every tile starts at the same phase within a row.
            long phase = offset % row;
            var tileBeta = new T[tile];
            var tileChannel = new int[tile];
            for (long j = 0; j < tile; j++)
            {
                tileChannel[j] = (int)((phase + j) / inner % channels);
                tileBeta[j] = beta[tileChannel[j]];
            }
            double[] partial = sums ? new double[blocks * channels] : null;
            KernelThreads.For(blocks, n, threads, (b0, b1) =>
            {
                double[] acc = sums ? new double[tile] : null;
                fixed (T* pb = tileBeta)
                fixed (double* pacc = acc)
                {
                    var args = a;
                    args.P = pb;
                    args.PerElementP = true;
                    args.Sum = sums ? TermSum.PerElement : TermSum.None;
                    args.ElementSums = pacc;
                    for (long b = b0; b < b1; b++)
                    {
                        if (sums) Array.Clear(acc);
                        long blockEnd = Math.Min(n, (b + 1) * blockLength);
                        for (long t = b * blockLength; t < blockEnd; t += tile)
                        {
                            var at = args;
                            at.X = a.X + t;
                            at.G = a.G + t;
                            at.Y = a.Y == null ? null : a.Y + t;
                            ElementwiseDriver.Run<T, TOp>(at, 0, Math.Min(tile, blockEnd - t));
                        }
                        if (!sums) continue;
                        long at0 = b * channels;
                        for (long j = 0; j < tile; j++) partial[at0 + tileChannel[j]] += pacc[j];
                    }
                }
            });
            return partial;
        }
    }
}
