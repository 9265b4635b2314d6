using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Fans a kernel's fixed-size work blocks out over at most the caller's thread count. Blocks are cut the
    /// same way whatever the thread count, and each block's result lands in its own slot, so the results
    /// (sums included) are bit-identical at any number of threads.
    ///
    /// Which threads: inside a process where libtorch has loaded its OpenMP runtime (libgomp), the blocks run
    /// on libtorch's own OpenMP team, through GOMP_parallel. libtorch's workers spin-wait for a while after
    /// each of its parallel ops; a .NET thread-pool worker started meanwhile competes with a spinning OpenMP
    /// thread for the same core, and on a 2-core machine the kernels then did not scale at all (33 ms at 1 and
    /// at 2 threads). Handing the work to the spinning threads themselves wakes them at once. Where libgomp is
    /// not in the process (another OS, a libtorch built with another OpenMP, or no libtorch) it is
    /// Parallel.For, as before.
    /// </summary>
    internal static unsafe class KernelThreads
    {
        /// <summary>Elements per work block: a multiple of 64 (one ulong of ClippedReLU's mask) and of every
        /// vector's lane count, so blocks never share a mask byte and every block but the last is whole vectors.</summary>
        public const int BlockElements = 16384;

        /// <summary>Below this many elements one thread does all the work, since waking a second one costs
        /// about as much as it saves. A fixed setting, not tuned per machine.</summary>
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
            if (OpenMp.Available && !OpenMp.Disabled)
            {
                OpenMp.For(blocks, (int)workers, body);
                return;
            }
            // Static contiguous ranges: the blocks cost about the same, and neighbours share pages and lines.
            Parallel.For(0, (int)workers, new ParallelOptions { MaxDegreeOfParallelism = (int)workers },
                w => body(blocks * w / workers, blocks * (w + 1) / workers));
        }

        public static long BlockCount(long elements, long blockElements) => (elements + blockElements - 1) / blockElements;

        /// <summary>libgomp's GOMP_parallel, found in the libgomp that libtorch loaded.</summary>
        internal static class OpenMp
        {
            /// <summary>Tests and benchmarks: force the Parallel.For path (also the AppContext switch
            /// TorchActivations.Kernels.DotNetThreads, for A/B timings).</summary>
            internal static bool Disabled =
                AppContext.TryGetSwitch("TorchActivations.Kernels.DotNetThreads", out bool dotnet) && dotnet;

            private static int checkedAt = int.MinValue;
            private static volatile bool available;
            private static readonly object Gate = new object();

            /// <summary>Whether GOMP_parallel is usable; looked for again at most once a second while it is not
            /// (libtorch may be loaded after the first kernel call).</summary>
            internal static bool Available
            {
                get
                {
                    if (available) return true;
                    int now = Environment.TickCount;
                    if (checkedAt != int.MinValue && unchecked(now - checkedAt) < 1000) return false;
                    lock (Gate)
                    {
                        if (!available) { checkedAt = now; available = TryFind(); }
                    }
                    return available;
                }
            }

            private static delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void> parallel;
            private static delegate* unmanaged<int> threadNum, numThreads;

            private static bool TryFind()
            {
                try
                {
                    if (!OperatingSystem.IsLinux()) return false;
                    string path = null;
                    foreach (string line in File.ReadLines("/proc/self/maps"))
                    {
                        int slash = line.IndexOf('/');
                        if (slash < 0) continue;
                        string file = line.Substring(slash);
                        string name = Path.GetFileName(file);
                        if (name.StartsWith("libgomp", StringComparison.Ordinal) && name.Contains(".so", StringComparison.Ordinal))
                        {
                            path = file;
                            break;
                        }
                    }
                    if (path is null || !NativeLibrary.TryLoad(path, out IntPtr lib)) return false;
                    if (!NativeLibrary.TryGetExport(lib, "GOMP_parallel", out IntPtr p)
                        || !NativeLibrary.TryGetExport(lib, "omp_get_thread_num", out IntPtr t)
                        || !NativeLibrary.TryGetExport(lib, "omp_get_num_threads", out IntPtr n))
                        return false;
                    parallel = (delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void>)p;
                    threadNum = (delegate* unmanaged<int>)t;
                    numThreads = (delegate* unmanaged<int>)n;
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }

            private sealed class Work
            {
                public long Blocks;
                public Action<long, long> Body;
                public ExceptionDispatchInfo Error;
            }

            [ThreadStatic] private static Work cached;

            internal static void For(long blocks, int workers, Action<long, long> body)
            {
                var work = cached ?? new Work();
                cached = null;
                work.Blocks = blocks;
                work.Body = body;
                work.Error = null;
                var handle = GCHandle.Alloc(work);
                try
                {
                    parallel(&Team, GCHandle.ToIntPtr(handle), (uint)workers, 0);
                }
                finally
                {
                    handle.Free();
                }
                var error = work.Error;
                work.Body = null;
                work.Error = null;
                cached = work;
                error?.Throw();
            }

            /// <summary>Runs on each thread of the team: the team may be smaller than asked (nested inside
            /// another parallel region, or a thread limit), so the ranges follow the team's actual size.</summary>
            [UnmanagedCallersOnly]
            private static void Team(IntPtr state)
            {
                var work = (Work)GCHandle.FromIntPtr(state).Target;
                try
                {
                    long w = threadNum(), team = Math.Max(1, numThreads());
                    long blocks = work.Blocks;
                    long b0 = blocks * w / team, b1 = blocks * (w + 1) / team;
                    if (b1 > b0) work.Body(b0, b1);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref work.Error, ExceptionDispatchInfo.Capture(e), null);
                }
            }
        }
    }
}
