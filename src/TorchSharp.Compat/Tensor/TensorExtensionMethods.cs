using System;
using System.Globalization;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace TorchSharp
{
    public static class TensorExtensionMethods
    {
        public static float ToSingle(this Tensor value) => value.item<float>();
        public static double ToDouble(this Tensor value) => value.item<double>();
        public static long ToInt64(this Tensor value) => value.item<long>();
        public static int ToInt32(this Tensor value) => value.item<int>();
        public static bool ToBoolean(this Tensor value) => value.item<bool>();
        public static Modules.Parameter AsParameter(this Tensor tensor) => new Modules.Parameter(tensor);
        public static long TotalSize(this System.Collections.Generic.IEnumerable<long> shape) => shape.Aggregate(1L, (a, b) => a * b);

        public static string str(this Tensor tensor, string fltFormat = null, int? width = null, string newLine = null, CultureInfo cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default) =>
            tensor.ToString(TensorStringStyle.Numpy, fltFormat, width, cultureInfo, newLine);

        public static Tensor print(this Tensor t, string fltFormat = "g5", int? width = 100, string newLine = null, CultureInfo cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default)
        {
            Console.WriteLine(t.str(fltFormat, width, newLine, cultureInfo, style));
            return t;
        }

        // ---- TorchSharp's tensor format (Module.save/load use it per entry) ----
        // dtype code (LEB128) | rank (LEB128) | each dimension (LEB128) | numel * element size raw bytes,
        // native (little-endian) element order, row-major. There is no header. The data is streamed in
        // chunks, so tensors of any size go through.

        private const int ChunkBytes = 1 << 20;

        /// <summary>Writes the tensor (copied to the CPU and made contiguous first if needed).</summary>
        public static void Save(this Tensor tensor, BinaryWriter writer)
        {
            using var detached = tensor.detach();
            using var onCpu = detached.cpu();
            using var cpu = onCpu.contiguous();
            writer.Encode((long)cpu.dtype);
            var shape = cpu.shape;
            writer.Encode(shape.Length);
            foreach (var d in shape) writer.Encode(d);
            writer.Flush();
            WriteBytes(cpu, writer.BaseStream);
        }

        /// <summary>Writes the tensor to <paramref name="stream"/> and closes it, as TorchSharp does.</summary>
        public static void Save(this Tensor tensor, Stream stream)
        {
            using var writer = new BinaryWriter(stream);
            tensor.Save(writer);
            stream.Flush();
        }

        public static void Save(this Tensor tensor, string location) => tensor.Save(File.Create(location));

        /// <summary>Reads a saved tensor into <paramref name="tensor"/> in place. Its dtype and (unless
        /// <paramref name="skip"/>) its shape must match the saved ones (<see cref="ArgumentException"/>);
        /// with <paramref name="skip"/> the data is read past and the tensor left unchanged.</summary>
        public static void Load(this Tensor tensor, BinaryReader reader, bool skip = false)
        {
            var (dtype, shape) = ReadHeader(reader);
            if (dtype != tensor.dtype)
                throw new ArgumentException($"Mismatched tensor data types while loading: the saved tensor is {dtype}, the target {tensor.dtype}. Make sure that the model you are loading into is exactly the same as the origin.");
            if (skip) {
                SkipBytes(reader.BaseStream, ByteCount(dtype, shape));
                return;
            }
            if (!shape.SequenceEqual(tensor.shape))
                throw new ArgumentException($"Mismatched tensor shape while loading: the saved tensor is [{string.Join(", ", shape)}], the target [{string.Join(", ", tensor.shape)}]. Make sure that the model you are loading into is exactly the same as the origin.");
            ReadInto(tensor, reader.BaseStream);
        }

        /// <summary>Reads a saved tensor into a new CPU tensor (zeros, data read past, when <paramref name="skip"/>).</summary>
        public static Tensor Load(BinaryReader reader, bool skip = false)
        {
            Tensor t = null;
            Load(ref t, reader, skip);
            return t;
        }

        /// <summary>Reads a saved tensor into <paramref name="tensor"/>, or into a new one when it is null.</summary>
        public static void Load(ref Tensor tensor, BinaryReader reader, bool skip = false)
        {
            if (tensor is not null) {
                tensor.Load(reader, skip);
                return;
            }
            var (dtype, shape) = ReadHeader(reader);
            long bytes = ByteCount(dtype, shape);
            if (skip) {
                SkipBytes(reader.BaseStream, bytes);
                tensor = zeros(shape, dtype);
                return;
            }
            tensor = empty(shape, dtype);
            ReadInto(tensor, reader.BaseStream);
        }

        /// <summary>Reads past one saved tensor.</summary>
        internal static void SkipSaved(BinaryReader reader)
        {
            var (dtype, shape) = ReadHeader(reader);
            SkipBytes(reader.BaseStream, ByteCount(dtype, shape));
        }

        private static (ScalarType dtype, long[] shape) ReadHeader(BinaryReader reader)
        {
            long code = reader.Decode();
            if (code < 0 || code > sbyte.MaxValue || !Enum.IsDefined(typeof(ScalarType), (sbyte)code))
                throw new InvalidDataException($"Saved tensor has an unknown element type code {code}.");
            long rank = reader.Decode();
            if (rank < 0 || rank > 64) throw new InvalidDataException($"Saved tensor has rank {rank} (at most 64 is supported).");
            var shape = new long[rank];
            for (int i = 0; i < rank; ++i) {
                shape[i] = reader.Decode();
                if (shape[i] < 0) throw new InvalidDataException($"Saved tensor has a dimension of size {shape[i]}.");
            }
            var dtype = (ScalarType)(sbyte)code;
            ByteCount(dtype, shape);   // rejects sizes that overflow
            return (dtype, shape);
        }

        private static long ByteCount(ScalarType dtype, long[] shape)
        {
            try {
                long n = ElementSize(dtype);
                foreach (var d in shape) n = checked(n * d);
                return n;
            } catch (OverflowException) {
                throw new InvalidDataException($"Saved tensor of shape [{string.Join(", ", shape)}] and type {dtype} is larger than any file can hold.");
            }
        }

        private static void WriteBytes(Tensor contiguousCpu, Stream stream) => ForEachChunk(contiguousCpu, chunk => stream.Write(chunk));

        private delegate void ChunkAction(Span<byte> chunk);

        /// <summary>The memory of a contiguous CPU tensor, chunk by chunk: a tensor past 2 GiB fits no single span.</summary>
        private static unsafe void ForEachChunk(Tensor contiguousCpu, ChunkAction action)
        {
            long total = contiguousCpu.numel() * ElementSize(contiguousCpu.dtype);
            if (total == 0) return;
            byte* p = (byte*)Native.NativeError.CheckHandle(Native.NativeMethods.ta_tensor_data_ptr(contiguousCpu.Handle));
            for (long done = 0; done < total;) {
                int n = (int)Math.Min(ChunkBytes, total - done);
                action(new Span<byte>(p + done, n));
                done += n;
            }
            GC.KeepAlive(contiguousCpu);
        }

        /// <summary>Fills <paramref name="target"/> from the stream: straight into its memory when it is a
        /// contiguous CPU tensor, otherwise through a CPU copy.</summary>
        private static void ReadInto(Tensor target, Stream stream)
        {
            using var guard = no_grad();
            if (target.device.type != DeviceType.CPU || !target.is_contiguous()) {
                using var temp = empty(target.shape, target.dtype);
                ReadInto(temp, stream);
                target.copy_(temp);
                return;
            }
            ForEachChunk(target, chunk => stream.ReadExactly(chunk));
        }

        private static void SkipBytes(Stream stream, long count)
        {
            if (stream.CanSeek) {
                if (count > stream.Length - stream.Position) throw new EndOfStreamException("The stream ends inside a saved tensor.");
                stream.Seek(count, SeekOrigin.Current);
                return;
            }
            var buffer = new byte[Math.Min(count, ChunkBytes)];
            for (long done = 0; done < count;) {
                int n = (int)Math.Min(buffer.Length, count - done);
                stream.ReadExactly(buffer, 0, n);
                done += n;
            }
        }
    }
}
