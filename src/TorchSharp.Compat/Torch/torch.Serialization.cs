using System;
using System.IO;

namespace TorchSharp
{
    public static partial class torch
    {
        /// <summary>Writes one tensor to a file in libtorch's archive format (<c>torch::save</c>), as TorchSharp's
        /// <c>torch.save</c> does. The file is replaced atomically: a failed save leaves any previous file intact.</summary>
        public static void save(Tensor t, string location) => t.save(location);

        /// <summary>Reads a tensor written by <see cref="save(Tensor, string)"/> (or by TorchSharp, or by PyTorch's
        /// C++ <c>torch::save</c>).</summary>
        public static Tensor load(string location) => Tensor.load(location);

        public partial class Tensor
        {
            public void save(string location)
            {
                string full = Path.GetFullPath(location);
                string temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
                try {
                    Native.NativeError.Check(Native.NativeMethods.ta_tensor_save(Handle, temp));
                    GC.KeepAlive(this);
                    File.Move(temp, full, overwrite: true);
                } finally {
                    if (File.Exists(temp)) File.Delete(temp);
                }
            }

            public static Tensor load(string location)
            {
                if (!File.Exists(location)) throw new FileNotFoundException($"No saved tensor at '{location}'.", location);
                IntPtr h = Native.NativeMethods.ta_tensor_load(Path.GetFullPath(location));
                if (h == IntPtr.Zero) {
                    try {
                        Native.NativeError.Throw();
                    } catch (System.Runtime.InteropServices.ExternalException e) {
                        throw new InvalidDataException($"'{location}' is not a readable tensor file: {e.Message}", e);
                    }
                }
                return new Tensor(h);
            }
        }
    }
}
