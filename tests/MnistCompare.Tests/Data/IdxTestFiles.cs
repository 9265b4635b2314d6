using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace MnistCompare.Tests.Data
{
    /// <summary>Builds small IDX files (raw or gzipped) in a private temporary directory.</summary>
    public sealed class IdxTestFiles : IDisposable
    {
        public IdxTestFiles()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("idx-tests-").FullName;
        }

        public string Directory { get; }

        /// <summary>The bytes of a valid unsigned-byte IDX array with the given shape and data.</summary>
        public static byte[] Encode(int[] shape, byte[] data)
        {
            var bytes = new byte[4 + 4 * shape.Length + data.Length];
            bytes[2] = 0x08;
            bytes[3] = (byte)shape.Length;
            for (int d = 0; d < shape.Length; d++)
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
            Buffer.BlockCopy(data, 0, bytes, 4 + 4 * shape.Length, data.Length);
            return bytes;
        }

        public static byte[] Gzip(byte[] bytes)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
                gzip.Write(bytes, 0, bytes.Length);
            return output.ToArray();
        }

        public string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(Directory, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>Writes a consistent MNIST-format data set of tiny images; pixel values follow a simple pattern.</summary>
        public void WriteDataset(int train, int test, int size, bool gzip)
        {
            foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
            {
                var pixels = new byte[count * size * size];
                for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
                var labels = new byte[count];
                for (int i = 0; i < count; i++) labels[i] = (byte)(i % 10);
                byte[] images = Encode(new[] { count, size, size }, pixels);
                byte[] labelFile = Encode(new[] { count }, labels);
                string suffix = gzip ? ".gz" : "";
                Write($"{prefix}-images-idx3-ubyte{suffix}", gzip ? Gzip(images) : images);
                Write($"{prefix}-labels-idx1-ubyte{suffix}", gzip ? Gzip(labelFile) : labelFile);
            }
        }

        public void Dispose()
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        }
    }
}
