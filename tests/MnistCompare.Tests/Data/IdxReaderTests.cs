using System;
using System.Linq;
using MnistCompare.Data;
using Xunit;

namespace MnistCompare.Tests.Data
{
    public sealed class IdxReaderTests : IDisposable
    {
        private readonly IdxTestFiles _files = new IdxTestFiles();

        public void Dispose() => _files.Dispose();

        private static byte[] Pattern(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 % 256)).ToArray();

        [Fact]
        public void ReadsShapeAndDataOfAValidFile()
        {
            var data = Pattern(3 * 4 * 5);
            string path = _files.Write("images", IdxTestFiles.Encode(new[] { 3, 4, 5 }, data));

            var array = IdxReader.Read(path);

            Assert.Equal(new[] { 3, 4, 5 }, array.Shape);
            Assert.Equal(3, array.Count);
            Assert.Equal(20, array.ItemSize);
            Assert.Equal(data, array.Data);
        }

        [Fact]
        public void ReadsGzippedFileByContentNotName()
        {
            var data = Pattern(6);
            // No .gz suffix on purpose: detection must use the gzip magic bytes.
            string path = _files.Write("labels-without-suffix", IdxTestFiles.Gzip(IdxTestFiles.Encode(new[] { 6 }, data)));

            var array = IdxReader.Read(path);

            Assert.Equal(new[] { 6 }, array.Shape);
            Assert.Equal(data, array.Data);
        }

        [Fact]
        public void GzippedAndRawGiveTheSameArray()
        {
            byte[] raw = IdxTestFiles.Encode(new[] { 2, 3, 3 }, Pattern(18));
            var a = IdxReader.Read(_files.Write("a", raw));
            var b = IdxReader.Read(_files.Write("b.gz", IdxTestFiles.Gzip(raw)));
            Assert.Equal(a.Shape, b.Shape);
            Assert.Equal(a.Data, b.Data);
        }

        [Fact]
        public void TruncatedDataIsReportedWithFileAndSizes()
        {
            byte[] full = IdxTestFiles.Encode(new[] { 10, 2, 2 }, Pattern(40));
            string path = _files.Write("cut", full.Take(full.Length - 5).ToArray());

            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

            Assert.Equal(path, e.FilePath);
            Assert.Contains(path, e.Message);
            Assert.Contains("truncated", e.Message);
            Assert.Contains("40", e.Message);
            Assert.Contains("35", e.Message);
        }

        [Fact]
        public void TruncatedHeaderIsReported()
        {
            byte[] full = IdxTestFiles.Encode(new[] { 10, 2, 2 }, Pattern(40));
            string path = _files.Write("header-cut", full.Take(9).ToArray());
            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
            Assert.Contains("truncated header", e.Message);
        }

        [Fact]
        public void TruncatedGzipIsReported()
        {
            byte[] gz = IdxTestFiles.Gzip(IdxTestFiles.Encode(new[] { 100, 8, 8 }, Pattern(6400)));
            string path = _files.Write("cut.gz", gz.Take(gz.Length / 2).ToArray());

            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

            Assert.Equal(path, e.FilePath);
        }

        [Fact]
        public void CorruptGzipIsReported()
        {
            byte[] gz = IdxTestFiles.Gzip(IdxTestFiles.Encode(new[] { 100 }, Pattern(100)));
            for (int i = 10; i < gz.Length - 8; i++) gz[i] ^= 0x5A;
            string path = _files.Write("corrupt.gz", gz);

            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

            Assert.Equal(path, e.FilePath);
        }

        [Fact]
        public void WrongMagicIsReported()
        {
            byte[] bytes = IdxTestFiles.Encode(new[] { 4 }, Pattern(4));
            bytes[0] = 0x50; // e.g. a PNG or text file
            string path = _files.Write("not-idx", bytes);

            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

            Assert.Contains("magic", e.Message);
            Assert.Contains(path, e.Message);
        }

        [Fact]
        public void UnsupportedElementTypeIsReported()
        {
            byte[] bytes = IdxTestFiles.Encode(new[] { 4 }, Pattern(4));
            bytes[2] = 0x0D; // float
            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(_files.Write("floats", bytes)));
            Assert.Contains("0x0D", e.Message);
        }

        [Fact]
        public void TrailingBytesAreReported()
        {
            byte[] bytes = IdxTestFiles.Encode(new[] { 4 }, Pattern(4)).Concat(new byte[3]).ToArray();
            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(_files.Write("long", bytes)));
            Assert.Contains("3 unexpected trailing bytes", e.Message);
        }

        [Fact]
        public void ZeroDimensionSizeIsReported()
        {
            byte[] bytes = IdxTestFiles.Encode(new[] { 0, 4 }, Array.Empty<byte>());
            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(_files.Write("empty", bytes)));
            Assert.Contains("dimension 0 has size 0", e.Message);
        }

        [Fact]
        public void MissingFileIsReported()
        {
            string path = System.IO.Path.Combine(_files.Directory, "absent");
            var e = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
            Assert.Contains("not found", e.Message);
        }
    }
}
