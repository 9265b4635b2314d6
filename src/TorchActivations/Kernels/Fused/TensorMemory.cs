using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Spans over the memory of contiguous CPU tensors, for the managed kernels. TorchSharp's
    /// <see cref="Tensor.bytes"/> gives a span over a tensor's own memory (storage offset included, no copy),
    /// but a span holds at most 2^31 − 1 bytes: larger tensors are walked in chunks of flat, contiguous views.
    /// </summary>
    internal static class TensorMemory
    {
        /// <summary>The default chunk: the largest multiple of 64 bytes a span can hold.</summary>
        internal const long DefaultChunkBytes = int.MaxValue & ~63L;

        private static long chunkBytes = DefaultChunkBytes;

        /// <summary>Bytes per chunk; tests lower it so the chunked path runs on small tensors. Chunks hold a
        /// multiple of 64 elements, so a chunk never starts inside a byte of ClippedReLU's bit mask.</summary>
        internal static long ChunkBytes {
            get => chunkBytes;
            set {
                if (value < 64 * sizeof(double) || value > DefaultChunkBytes)
                    throw new ArgumentOutOfRangeException(nameof(value), value, $"between {64 * sizeof(double)} and {DefaultChunkBytes} bytes");
                chunkBytes = value;
            }
        }

        /// <summary>Elements per chunk for elements of <paramref name="elementSize"/> bytes.</summary>
        internal static long ChunkElements(int elementSize) => chunkBytes / elementSize / 64 * 64;

        /// <summary>Whether the whole tensor fits one span.</summary>
        internal static bool FitsOneSpan(Tensor t) => t.numel() <= ChunkElements((int)t.ElementSize);

        /// <summary>A span over all of a contiguous CPU tensor that fits one span.</summary>
        internal static Span<T> Span<T>(Tensor t) where T : unmanaged =>
            t.numel() == 0 ? System.Span<T>.Empty : MemoryMarshal.Cast<byte, T>(t.bytes);

        /// <summary>Calls <paramref name="body"/>(first element, element count) for each chunk of a tensor of
        /// <paramref name="numel"/> elements of type <typeparamref name="T"/>, in order.</summary>
        internal static void ForEachChunk<T>(long numel, Action<long, long> body) where T : unmanaged
        {
            long step = ChunkElements(Unsafe.SizeOf<T>());
            for (long start = 0; start < numel; start += step)
                body(start, Math.Min(step, numel - start));
        }

        /// <summary>A span over elements [start, start + count) of a contiguous CPU tensor; the view that
        /// backs it is registered in the current dispose scope.</summary>
        internal static Span<T> Chunk<T>(Tensor t, long start, long count) where T : unmanaged
        {
            if (start == 0 && count == t.numel()) return Span<T>(t);
            var view = t.view(-1).narrow(0, start, count);
            return MemoryMarshal.Cast<byte, T>(view.bytes);
        }
    }
}
