using System;
using System.Threading.Tasks;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Fans a kernel's fixed-size work blocks out over at most the caller's thread count. Blocks are cut the
    /// same way whatever the thread count, and each block's result lands in its own slot, so the results
    /// (sums included) are bit-identical at any number of threads.
    /// </summary>
    internal static class KernelThreads
    {
        /// <summary>Elements per work block: a multiple of 64 (one ulong of ClippedReLU's mask) and of every
        /// vector's lane count, so blocks never share a mask byte and every block but the last is whole vectors.</summary>
        public const int BlockElements = 16384;

        /// <summary>Below this many elements one thread does all the work: waking a second thread costs more
        /// than it saves (measured with the harness: see the report).</summary>
        public const long ParallelThreshold = 1 << 16;

        /// <summary>Calls body(first, end) over contiguous ranges covering [0, blocks), one range per worker,
        /// inline when one worker suffices.</summary>
        public static void For(long blocks, long elements, int threads, Action<long, long> body)
        {
            if (blocks <= 0) return;
            long workers = elements < ParallelThreshold ? 1 : Math.Min(Math.Max(threads, 1), blocks);
            if (workers == 1)
            {
                body(0, blocks);
                return;
            }
            // Static contiguous ranges: the blocks cost about the same, and neighbours share pages and lines.
            Parallel.For(0, (int)workers, new ParallelOptions { MaxDegreeOfParallelism = (int)workers },
                w => body(blocks * w / workers, blocks * (w + 1) / workers));
        }

        public static long BlockCount(long elements, long blockElements) => (elements + blockElements - 1) / blockElements;
    }
}
