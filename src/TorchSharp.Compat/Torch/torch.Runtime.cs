using System;
using TorchSharp.Native;
using static TorchSharp.Native.NativeMethods;

namespace TorchSharp
{
    public static partial class torch
    {
        public static string __version__ => "0.106.0-compat (libtorch bridge)";

        // ---- Grad mode ----
        public static bool is_grad_enabled() => ta_grad_mode_enabled() == 1;

        /// <summary>Disables gradient recording until the returned object is disposed.</summary>
        public static IDisposable no_grad() => new GradModeGuard(false);
        public static IDisposable enable_grad(bool enabled = true) => new GradModeGuard(enabled);
        public static IDisposable set_grad_enabled(bool mode = true) => new GradModeGuard(mode);
        public static bool is_inference_mode_enabled() => false;

        private sealed class GradModeGuard : IDisposable
        {
            private readonly bool previous;
            private bool disposed;

            public GradModeGuard(bool enabled)
            {
                previous = ta_grad_mode_enabled() != 0;
                ta_grad_mode_set(enabled ? 1 : 0);
            }

            public void Dispose()
            {
                if (disposed) return;
                disposed = true;
                ta_grad_mode_set(previous ? 1 : 0);
            }
        }

        // ---- Threads and seeds ----
        public static int get_num_threads() { int n = ta_get_num_threads(); if (n < 0) NativeError.Throw(); return n; }
        public static void set_num_threads(int num)
        {
            if (num <= 0) throw new ArgumentOutOfRangeException(nameof(num), num, "The number of threads must be positive.");
            NativeError.Check(ta_set_num_threads(num));
        }

        public static Generator manual_seed(long seed) => random.manual_seed(seed);

        public static DisposeScope NewDisposeScope() => DisposeScopeManager.ThreadSingleton.NewDisposeScope();
        public static DisposeScope CurrentDisposeScope => DisposeScopeManager.ThreadSingleton.CurrentDisposeScope;

        public static void CheckForErrors()
        {
            if (ta_last_error() != IntPtr.Zero) NativeError.Throw();
        }

        public static class random
        {
            /// <summary>Seeds libtorch's default generators (CPU and, where present, CUDA).</summary>
            public static Generator manual_seed(long seed)
            {
                NativeError.Check(ta_manual_seed(seed));
                return Generator.Default;
            }

            public static long initial_seed() => ta_initial_seed();
        }

        public static class cuda
        {
            public static bool is_available() => ta_cuda_is_available() != 0;
            public static int device_count() => ta_cuda_device_count();
            public static bool is_cudnn_available() => false;
            public static void manual_seed(long seed) => NativeError.Check(ta_manual_seed(seed));
            public static void manual_seed_all(long seed) => NativeError.Check(ta_manual_seed(seed));
            public static void synchronize(Device device = null) { }
        }

        /// <summary>The default random generator (seeded through torch.random.manual_seed).
        /// Only the default generator is supported by this binding.</summary>
        public class Generator : IDisposable
        {
            internal Generator() { }

            public static Generator Default { get; } = new Generator();

            /// <summary>Refuses private generators rather than silently drawing from the default one.</summary>
            internal static void CheckSupported(Generator generator)
            {
                if (generator is not null && !ReferenceEquals(generator, Default))
                    throw new NotSupportedException("Only the default random generator is supported by this binding; seed it with torch.random.manual_seed.");
            }
            public long initial_seed() => ta_initial_seed();
            public Generator manual_seed(long seed) { NativeError.Check(ta_manual_seed(seed)); return this; }
            public void Dispose() { }
        }
    }
}
