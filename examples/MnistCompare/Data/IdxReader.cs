using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace MnistCompare.Data
{
    /// <summary>
    /// Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzip-compressed.
    /// Only the unsigned-byte element type is accepted because that is what both data sets use;
    /// anything else is reported rather than misread.
    /// </summary>
    /// <remarks>
    /// Layout: two zero bytes, a type byte (0x08 = unsigned byte), a dimension count, then one
    /// big-endian int32 per dimension, then the elements. The file length must match the
    /// dimensions exactly, so truncated downloads and concatenated files are both caught.
    /// </remarks>
    public static class IdxReader
    {
        private const byte UnsignedByteType = 0x08;
        private const int MaxDimensions = 8;

        /// <summary>Reads an IDX file; a gzip stream is recognised by its magic bytes, not by the file name.</summary>
        public static IdxArray Read(string path)
        {
            if (!File.Exists(path))
                throw new IdxFormatException(path, "file not found");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new IdxFormatException(path, "cannot be read: " + e.Message, e);
            }
            if (IsGzip(bytes))
                bytes = Gunzip(path, bytes);
            return Parse(path, bytes);
        }

        /// <summary>Parses IDX bytes already in memory; <paramref name="path"/> is only used in error messages.</summary>
        public static IdxArray Parse(string path, byte[] bytes)
        {
            if (bytes.Length < 4)
                throw new IdxFormatException(path, $"truncated header: {bytes.Length} bytes, an IDX file starts with a 4-byte magic number");
            if (bytes[0] != 0 || bytes[1] != 0)
                throw new IdxFormatException(path,
                    $"wrong magic number 0x{bytes[0]:X2}{bytes[1]:X2}{bytes[2]:X2}{bytes[3]:X2}: an IDX file starts with two zero bytes (is it an IDX file?)");
            if (bytes[2] != UnsignedByteType)
                throw new IdxFormatException(path,
                    $"unsupported element type 0x{bytes[2]:X2}: only unsigned byte (0x08) is supported");
            int dimensions = bytes[3];
            if (dimensions < 1 || dimensions > MaxDimensions)
                throw new IdxFormatException(path, $"invalid dimension count {dimensions} (expected 1 to {MaxDimensions})");

            int headerLength = 4 + 4 * dimensions;
            if (bytes.Length < headerLength)
                throw new IdxFormatException(path,
                    $"truncated header: {dimensions} dimensions need {headerLength} header bytes but the file has {bytes.Length}");

            var shape = new int[dimensions];
            long elements = 1;
            for (int d = 0; d < dimensions; d++)
            {
                int size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d, 4));
                if (size <= 0)
                    throw new IdxFormatException(path, $"dimension {d} has size {size}; sizes must be positive");
                shape[d] = size;
                elements *= size;
                if (elements > int.MaxValue)
                    throw new IdxFormatException(path, "dimensions describe more than 2^31 elements");
            }

            long available = bytes.Length - headerLength;
            if (available < elements)
                throw new IdxFormatException(path,
                    $"truncated: shape [{string.Join("x", shape)}] needs {elements} data bytes after the {headerLength}-byte header but only {available} are present");
            if (available > elements)
                throw new IdxFormatException(path,
                    $"{available - elements} unexpected trailing bytes after the {elements} data bytes of shape [{string.Join("x", shape)}]");

            var data = new byte[elements];
            Buffer.BlockCopy(bytes, headerLength, data, 0, (int)elements);
            return new IdxArray(shape, data);
        }

        private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

        private static byte[] Gunzip(string path, byte[] compressed)
        {
            try
            {
                using var input = new MemoryStream(compressed, writable: false);
                using var gzip = new GZipStream(input, CompressionMode.Decompress);
                using var output = new MemoryStream();
                gzip.CopyTo(output);
                return output.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new IdxFormatException(path, "corrupt gzip data: " + e.Message, e);
            }
            catch (EndOfStreamException e)
            {
                throw new IdxFormatException(path, "truncated gzip data: " + e.Message, e);
            }
        }
    }
}
