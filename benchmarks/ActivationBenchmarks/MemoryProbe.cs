using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace ActivationBenchmarks
{
    /// <summary>Bytes in use in glibc's heap (all arenas, mmapped blocks included), from mallinfo2: what
    /// libtorch's CPU allocator holds, since it allocates through malloc.</summary>
    internal static class MemoryProbe
    {
        [StructLayout(LayoutKind.Sequential)]
        private struct MallInfo2
        {
            public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
        }

        [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
        private static extern MallInfo2 mallinfo2();

        public static long InUse()
        {
            var m = mallinfo2();
            return (long)(m.uordblks + m.hblkhd);
        }

        /// <summary>Peak bytes in use above the level at the start while <paramref name="run"/> runs, sampled
        /// by a second thread (an estimate from below: a peak shorter than the sampling gap can be missed).</summary>
        public static long PeakDuring(Action run)
        {
            long start = InUse(), peak = start;
            bool done = false;
            var sampler = new Thread(() => {
                while (!Volatile.Read(ref done)) {
                    long now = InUse();
                    if (now > peak) peak = now;
                    Thread.SpinWait(200);
                }
            });
            sampler.Start();
            run();
            long end = InUse();
            Volatile.Write(ref done, true);
            sampler.Join();
            return Math.Max(peak, end) - start;
        }
    }
}
