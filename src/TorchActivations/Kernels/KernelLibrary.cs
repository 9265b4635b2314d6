using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>Loads the native kernel library (libTorchActivationsKernels.so, next to this assembly) once,
    /// after checking that it was built against the libtorch this process runs, and calls its entry points.
    /// Tensors cross as <c>at::Tensor*</c> handles: <see cref="Tensor.Handle"/> in,
    /// <see cref="Tensor.UnsafeCreateTensor"/> out, which TorchSharp and the repository's binding share.</summary>
    internal static unsafe class KernelLibrary
    {
        internal const string FileName = "libTorchActivationsKernels.so";
        private const int AbiVersion = 1;

        private static readonly Lazy<State> state = new Lazy<State>(Load);

        private sealed class State
        {
            public string Unavailable;   // null when loaded
            public string Capability, LibtorchVersion;
            public delegate* unmanaged<IntPtr> LastError;
            public delegate* unmanaged<IntPtr, IntPtr, IntPtr> Swish;
            public delegate* unmanaged<IntPtr, IntPtr> GeluTanh;
            public delegate* unmanaged<IntPtr, double, IntPtr> ClippedRelu;
            public delegate* unmanaged<IntPtr, double, double, long, IntPtr> RreluTrain;
            public delegate* unmanaged<IntPtr, long, long, IntPtr> Maxout;
        }

        /// <summary>Null when the library is loaded, otherwise why it is not.</summary>
        internal static string UnavailableReason => state.Value.Unavailable;
        internal static string Capability => state.Value.Capability;
        internal static string LibtorchVersion => state.Value.LibtorchVersion;

        internal static Tensor Swish(Tensor input, Tensor beta) => Call("swish", s => s.Swish(input.Handle, beta.Handle), input, beta);
        internal static Tensor GeluTanh(Tensor input) => Call("gelu", s => s.GeluTanh(input.Handle), input);
        internal static Tensor ClippedRelu(Tensor input, double ceiling) => Call("clipped_relu", s => s.ClippedRelu(input.Handle, ceiling), input);
        internal static Tensor RreluTrain(Tensor input, double lower, double upper, long seed) => Call("rrelu", s => s.RreluTrain(input.Handle, lower, upper, seed), input);
        internal static Tensor Maxout(Tensor input, long pieces, long dim) => Call("maxout", s => s.Maxout(input.Handle, pieces, dim), input);

        private static Tensor Call(string kernel, Func<State, IntPtr> call, Tensor input, Tensor other = null)
        {
            var s = state.Value;
            IntPtr handle = call(s);
            GC.KeepAlive(input);
            GC.KeepAlive(other);
            if (handle == IntPtr.Zero) {
                IntPtr message = s.LastError();
                throw new ExternalException($"fused {kernel} kernel: " + (message == IntPtr.Zero ? "unknown failure" : Marshal.PtrToStringUTF8(message)));
            }
            return Tensor.UnsafeCreateTensor(handle);
        }

        /// <summary>Never throws: whatever goes wrong leaves the library unloaded, with the reason, and the
        /// layers on their composite paths.</summary>
        private static State Load()
        {
            try {
                return TryLoad();
            } catch (Exception e) {
                return new State { Unavailable = $"the fused kernels could not be loaded: {e.GetType().Name}: {e.Message}" };
            }
        }

        private static State TryLoad()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
                return new State { Unavailable = "the fused kernels are built for Linux x86-64 only" };
            using (empty(0)) { }   // makes sure libtorch is loaded, so the check below sees which one
            string library = Locate();
            if (library == null)
                return new State { Unavailable = $"no {FileName} (with its .json) next to TorchActivations.dll or in the app's native asset folders" };
            string sidecar = Path.ChangeExtension(library, ".json");

            string text = File.ReadAllText(sidecar);
            string builtVersion = BuiltAgainst(text).version;
            string mismatch = Incompatibility(text, LoadedTorchCpu());
            if (mismatch != null) return new State { Unavailable = mismatch };

            if (!NativeLibrary.TryLoad(library, out IntPtr lib))
                return new State { Unavailable = $"{library} could not be loaded" };
            try {
                var abi = (delegate* unmanaged<int>)NativeLibrary.GetExport(lib, "tak_abi_version");
                if (abi() != AbiVersion)
                    return new State { Unavailable = $"{library} has interface version {abi()}, this package needs {AbiVersion}" };
                return new State {
                    Capability = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(lib, "tak_cpu_capability"))()),
                    LibtorchVersion = builtVersion,
                    LastError = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(lib, "tak_last_error"),
                    Swish = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)NativeLibrary.GetExport(lib, "tak_swish"),
                    GeluTanh = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(lib, "tak_gelu_tanh"),
                    ClippedRelu = (delegate* unmanaged<IntPtr, double, IntPtr>)NativeLibrary.GetExport(lib, "tak_clipped_relu"),
                    RreluTrain = (delegate* unmanaged<IntPtr, double, double, long, IntPtr>)NativeLibrary.GetExport(lib, "tak_rrelu_train"),
                    Maxout = (delegate* unmanaged<IntPtr, long, long, IntPtr>)NativeLibrary.GetExport(lib, "tak_maxout"),
                };
            } catch (EntryPointNotFoundException e) {
                return new State { Unavailable = $"{library} lacks an entry point: {e.Message}" };
            }
        }

        /// <summary>The libtorch version and libtorch_cpu file recorded beside the library when it was built.</summary>
        internal static (string version, string torchCpu) BuiltAgainst(string sidecarJson) => (
            Regex.Match(sidecarJson, "\"libtorch_version\"\\s*:\\s*\"([^\"]*)\"").Groups[1].Value,
            Regex.Match(sidecarJson, "\"torch_cpu\"\\s*:\\s*\"([^\"]*)\"").Groups[1].Value);

        /// <summary>Why the library must not be loaded next to <paramref name="runningTorchCpu"/> (the libtorch_cpu
        /// file this process has mapped), or null when it is the one the library was built against. Two libtorch
        /// copies in one process would corrupt each other's tensors.</summary>
        internal static string Incompatibility(string sidecarJson, string runningTorchCpu)
        {
            var (version, torchCpu) = BuiltAgainst(sidecarJson);
            if (string.IsNullOrEmpty(torchCpu))
                return $"{FileName}'s build record does not name the libtorch it was built against";
            if (runningTorchCpu == null)
                return "the libtorch in this process could not be identified (no libtorch_cpu in /proc/self/maps)";
            if (RealPath(runningTorchCpu) != RealPath(torchCpu))
                return $"{FileName} was built against libtorch {version} ({torchCpu}), but this process runs {runningTorchCpu}";
            return null;
        }

        /// <summary>The library next to this assembly (a project build), else in the folders the .NET host
        /// searches for the app's native assets (runtimes/linux-x64/native of a package).</summary>
        private static string Locate()
        {
            // Assembly.Location is empty in a single-file app: the app's folder stands in for it there.
            string assemblyFolder = Path.GetDirectoryName(typeof(KernelLibrary).Assembly.Location);
            var folders = new[] { string.IsNullOrEmpty(assemblyFolder) ? AppContext.BaseDirectory : assemblyFolder }
                .Concat(((AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
            return folders.Select(f => Path.Combine(f, FileName))
                .FirstOrDefault(p => File.Exists(p) && File.Exists(Path.ChangeExtension(p, ".json")));
        }

        /// <summary>The libtorch_cpu file mapped into this process, from /proc/self/maps.</summary>
        private static string LoadedTorchCpu()
        {
            try {
                return File.ReadLines("/proc/self/maps")
                    .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
                    .Where(f => f.Length == 6 && Path.GetFileName(f[5].Trim()).StartsWith("libtorch_cpu.so"))
                    .Select(f => f[5].Trim())
                    .FirstOrDefault();
            } catch (IOException) {
                return null;
            }
        }

        [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
        private static extern IntPtr realpath(string path, IntPtr resolved);

        [DllImport("libc", EntryPoint = "free")]
        private static extern void free(IntPtr p);

        private static string RealPath(string path)
        {
            IntPtr p = realpath(path, IntPtr.Zero);
            if (p == IntPtr.Zero) return path;
            try { return Marshal.PtrToStringUTF8(p); } finally { free(p); }
        }
    }
}
