using System;
using System.Runtime.InteropServices;

namespace ActivationBenchmarks
{
    /// <summary>
    /// Keeps glibc from serving each 64 MiB tensor with a fresh mmap. By default every such allocation is
    /// a new mapping whose pages the kernel zeroes on first touch; on this machine those page faults cost
    /// about as much as a simple kernel itself, and whether a result lands in reused or fresh memory
    /// depends on allocation order, which made times swing by 3×. With mmap off, freed blocks are reused
    /// and the table compares the kernels, not the page faults. Pass --fresh-pages to keep the default.
    /// </summary>
    internal static class HeapSettings
    {
        private const int M_TRIM_THRESHOLD = -1, M_MMAP_MAX = -4;

        [DllImport("libc.so.6", EntryPoint = "mallopt")]
        private static extern int Mallopt(int parameter, int value);

        /// <summary>Returns a description of the allocator mode in effect.</summary>
        public static string Apply(bool freshPages)
        {
            if (freshPages) return "glibc defaults (each 64 MiB tensor is a fresh mmap)";
            if (!OperatingSystem.IsLinux()) return "platform allocator defaults";
            bool ok = Mallopt(M_MMAP_MAX, 0) == 1 & Mallopt(M_TRIM_THRESHOLD, int.MaxValue) == 1;
            return ok ? "glibc with mmap disabled (freed tensors' memory is reused)" : "glibc defaults (mallopt failed)";
        }
    }
}
