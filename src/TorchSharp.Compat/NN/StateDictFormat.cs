using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TorchSharp
{
    /// <summary>The binding's file format for module state (not TorchSharp's):
    /// <code>
    /// "TASD" (4 bytes) | version int32 = 1 | count int32
    /// per entry: name (BinaryWriter string) | dtype int32 (c10::ScalarType) | ndim int32 | shape int64[ndim]
    ///            | byte count int64 | raw little-endian element bytes, row-major
    /// </code></summary>
    internal static class StateDictFormat
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("TASD");
        private const int Version = 1;

        internal static void Write(BinaryWriter writer, IEnumerable<KeyValuePair<string, torch.Tensor>> entries)
        {
            var list = entries.ToList();
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(list.Count);
            foreach (var (name, tensor) in list) {
                using var cpu = tensor.detach().cpu().contiguous();
                writer.Write(name);
                writer.Write((int)cpu.dtype);
                var shape = cpu.shape;
                writer.Write(shape.Length);
                foreach (var d in shape) writer.Write(d);
                var bytes = RawBytes(cpu);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
            writer.Flush();
        }

        internal static Dictionary<string, torch.Tensor> Read(BinaryReader reader)
        {
            var magic = reader.ReadBytes(4);
            if (!magic.SequenceEqual(Magic)) throw new InvalidDataException("Not a TorchActivations state file (bad magic number).");
            int version = reader.ReadInt32();
            if (version != Version) throw new InvalidDataException($"Unsupported state file version {version}.");
            int count = reader.ReadInt32();
            var result = new Dictionary<string, torch.Tensor>();
            for (int k = 0; k < count; ++k) {
                string name = reader.ReadString();
                var dtype = (torch.ScalarType)reader.ReadInt32();
                int ndim = reader.ReadInt32();
                if (ndim < 0 || ndim > 64) throw new InvalidDataException($"Entry '{name}': invalid rank {ndim}.");
                var shape = new long[ndim];
                for (int d = 0; d < ndim; ++d) shape[d] = reader.ReadInt64();
                long nbytes = reader.ReadInt64();
                long expected = shape.Aggregate(1L, (a, b) => a * b) * torch.ElementSize(dtype);
                if (nbytes != expected) throw new InvalidDataException($"Entry '{name}': {nbytes} data bytes for shape [{string.Join(", ", shape)}] of {dtype} (expected {expected}).");
                var bytes = reader.ReadBytes(checked((int)nbytes));
                if (bytes.Length != nbytes) throw new EndOfStreamException($"Entry '{name}': the file ends inside its data.");
                result[name] = FromBytes(bytes, shape, dtype);
            }
            return result;
        }

        private static unsafe byte[] RawBytes(torch.Tensor t)
        {
            var bytes = new byte[t.numel() * torch.ElementSize(t.dtype)];
            fixed (byte* p = bytes) Native.NativeError.Check(Native.NativeMethods.ta_tensor_copy_to(t.Handle, p, bytes.Length));
            return bytes;
        }

        private static unsafe torch.Tensor FromBytes(byte[] bytes, long[] shape, torch.ScalarType dtype)
        {
            IntPtr h;
            fixed (byte* p = bytes)
            fixed (long* s = shape)
                h = Native.NativeMethods.ta_tensor_from_data(p, s, shape.Length, (int)dtype, 0);
            return new torch.Tensor(Native.NativeError.CheckHandle(h));
        }
    }
}
