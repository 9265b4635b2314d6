using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Module.save/load beyond the everyday case: tensors over 2 GiB, and damaged files.</summary>
    [Collection("native-handle-counts")]
    public class ModuleFileTests
    {
        // ---- Tensors of more than 2^31 bytes ----

        /// <summary>Live native tensors once garbage left by earlier tests has been finalized.</summary>
        private static long SettledCount()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return Tensor.TotalCount;
        }

        private const long BigBytes = (1L << 31) + 16;
        private const int Period = 251;   // a prime, so the pattern never lines up with the 1 MiB chunks

        private sealed class BigBuffer : nn.Module<Tensor, Tensor>
        {
            public BigBuffer(Tensor big) : base(nameof(BigBuffer)) => register_buffer("big", big);
            public override Tensor forward(Tensor input) => input;
            public Tensor Big => get_buffer("big");
        }

        /// <summary>The file Module.save writes for <see cref="BigBuffer"/>, up to the data: entry count,
        /// name, dtype code (Byte = 0), rank, size; all LEB128 but the name (BinaryWriter.Write(string)).</summary>
        private static byte[] BigHeader()
        {
            var memory = new MemoryStream();
            using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) {
                writer.Encode(1);
                writer.Write("big");
                writer.Encode((long)ScalarType.Byte);
                writer.Encode(1);
                writer.Encode(BigBytes);
            }
            return memory.ToArray();
        }

        /// <summary>Byte k of the tensor data is k mod 251.</summary>
        private static byte PatternAt(long position) => (byte)(position % Period);

        private static byte[] PatternBuffer(int length) => Enumerable.Range(0, length + Period).Select(i => (byte)(i % Period)).ToArray();

        /// <summary>A write-only stream that checks each byte written against header + pattern as it
        /// arrives, and keeps none of them.</summary>
        private sealed class VerifyingStream : Stream
        {
            private readonly byte[] header;
            private readonly byte[] pattern = PatternBuffer(1 << 21);
            public long Written { get; private set; }
            public long Mismatches { get; private set; }
            public bool Closed { get; private set; }

            public VerifyingStream(byte[] header) => this.header = header;

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                while (buffer.Length > 0) {
                    if (Written < header.Length) {
                        if (buffer[0] != header[Written]) Mismatches++;
                        buffer = buffer.Slice(1);
                        Written++;
                        continue;
                    }
                    long dataPosition = Written - header.Length;
                    int n = Math.Min(buffer.Length, 1 << 21);
                    if (dataPosition + n > BigBytes) n = (int)Math.Max(1, BigBytes - dataPosition);
                    if (dataPosition >= BigBytes || !buffer.Slice(0, n).SequenceEqual(pattern.AsSpan((int)(dataPosition % Period), n))) Mismatches++;
                    buffer = buffer.Slice(n);
                    Written += n;
                }
            }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
            public override void WriteByte(byte value) => Write(new[] { value });
            public override void Flush() { }
            protected override void Dispose(bool disposing) { Closed = true; base.Dispose(disposing); }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => Written; set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }

        /// <summary>A read-only stream that produces header + pattern without storing them.</summary>
        private sealed class ReplayStream : Stream
        {
            private readonly byte[] header;
            private readonly byte[] pattern = PatternBuffer(1 << 21);
            private long position;

            public ReplayStream(byte[] header) => this.header = header;

            private long Total => header.Length + BigBytes;

            public override int Read(Span<byte> buffer)
            {
                int produced = 0;
                while (produced < buffer.Length && position < Total) {
                    if (position < header.Length) {
                        buffer[produced++] = header[position++];
                        continue;
                    }
                    long dataPosition = position - header.Length;
                    int n = (int)Math.Min(Math.Min(buffer.Length - produced, 1 << 21), Total - position);
                    pattern.AsSpan((int)(dataPosition % Period), n).CopyTo(buffer.Slice(produced));
                    produced += n;
                    position += n;
                }
                return produced;
            }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
            public override int ReadByte() { Span<byte> one = stackalloc byte[1]; return Read(one) == 1 ? one[0] : -1; }
            public override void Flush() { }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => position; set => throw new NotSupportedException(); }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        [Fact]
        public void BufferOfMoreThanTwoGibibytesRoundTripsThroughStreams()
        {
            long before = SettledCount();
            var header = BigHeader();
            using (var scope = NewDisposeScope()) {
                // k mod 251 for k < 2^31 + 16, built from a 251-byte period without a 64-bit index tensor.
                var big = arange(Period, dtype: ScalarType.Int32).to_type(ScalarType.Byte)
                    .repeat(BigBytes / Period + 1).narrow(0, 0, BigBytes);
                using var module = new BigBuffer(big);
                Assert.Equal(BigBytes, module.Big.numel());

                var saved = new VerifyingStream(header);
                module.save(saved);
                Assert.True(saved.Closed);
                Assert.Equal(header.Length + BigBytes, saved.Written);
                Assert.Equal(0, saved.Mismatches);

                module.Big.zero_();
                Assert.Equal(0, module.Big.narrow(0, BigBytes - Period, Period).sum().item<long>());
                module.load(new ReplayStream(header));

                // Every byte was read back in place: saving again gives the same stream.
                var again = new VerifyingStream(header);
                module.save(again);
                Assert.Equal(header.Length + BigBytes, again.Written);
                Assert.Equal(0, again.Mismatches);
            }
            Assert.Equal(before, Tensor.TotalCount);
        }

        // ---- Damaged files ----

        private sealed class Small : nn.Module<Tensor, Tensor>
        {
            private readonly Modules.Linear fc1 = nn.Linear(4, 3);
            private readonly Modules.Linear fc2 = nn.Linear(3, 2);
            public Small() : base(nameof(Small)) => RegisterComponents();
            public override Tensor forward(Tensor input) => fc2.call(fc1.call(input));
        }

        private static string TempFile() => Path.Combine(Path.GetTempPath(), "module-file-" + Guid.NewGuid().ToString("N") + ".bin");

        /// <summary>Loads <paramref name="bytes"/> as a file into a fresh model: null when it loads, else the exception.</summary>
        private static Exception LoadBytes(byte[] bytes, string path, bool strict = true)
        {
            File.WriteAllBytes(path, bytes);
            using var model = new Small();
            try {
                model.load(path, strict);
                return null;
            } catch (Exception e) {
                return e;
            }
        }

        private static byte[] WriteFile(Action<BinaryWriter> write)
        {
            var memory = new MemoryStream();
            using (var writer = new BinaryWriter(memory)) write(writer);
            return memory.ToArray();
        }

        [Fact]
        public void MalformedFilesAreInvalidDataNamingTheFile()
        {
            string path = TempFile();
            try {
                var cases = new Dictionary<string, (byte[] Bytes, string Problem)> {
                    ["empty"] = (Array.Empty<byte>(), "truncated"),
                    ["garbage LEB128"] = (Enumerable.Repeat((byte)0xff, 12).ToArray(), "LEB128"),
                    ["unknown dtype"] = (WriteFile(w => { w.Encode(4); w.Write("fc1.weight"); w.Encode(99); w.Encode(2); w.Encode(3); w.Encode(4); }), "element type code 99"),
                    ["size overflow"] = (WriteFile(w => { w.Encode(4); w.Write("fc1.weight"); w.Encode((long)ScalarType.Float32); w.Encode(2); w.Encode(1L << 32); w.Encode(1L << 32); }), "larger than any file"),
                    ["negative string length"] = (WriteFile(w => { w.Encode(4); w.Write7BitEncodedInt(-5); }), "string length"),
                    ["huge rank"] = (WriteFile(w => { w.Encode(4); w.Write("fc1.weight"); w.Encode((long)ScalarType.Float32); w.Encode(1000); }), "rank 1000"),
                };
                foreach (var (name, (bytes, problem)) in cases) {
                    var e = LoadBytes(bytes, path);
                    Assert.True(e is InvalidDataException, $"{name}: {e?.GetType().Name ?? "no exception"}: {e?.Message}");
                    Assert.Contains(path, e.Message);
                    Assert.Contains(problem, e.Message);
                }
                // A truncated real file, loaded non-strictly past an unknown entry (the skip path).
                using (var model = new Small()) model.save(path);
                var valid = File.ReadAllBytes(path);
                var truncated = LoadBytes(valid.Take(valid.Length - 5).ToArray(), path, strict: false);
                Assert.IsType<InvalidDataException>(truncated);
                Assert.Contains("truncated", truncated.Message);
            } finally {
                File.Delete(path);
            }
        }

        [Fact]
        public void MismatchesWithTheModelStayArgumentExceptions()
        {
            string path = TempFile();
            try {
                // A well-formed file of another shape: the caller's mistake, as in TorchSharp.
                var other = WriteFile(w => {
                    w.Encode(4);
                    w.Write("fc1.weight");
                    w.Encode((long)ScalarType.Float32); w.Encode(2); w.Encode(5); w.Encode(4);
                    w.Write(new byte[5 * 4 * 4]);
                });
                Assert.IsType<ArgumentException>(LoadBytes(other, path));
                var count = WriteFile(w => w.Encode(7));
                Assert.IsType<ArgumentException>(LoadBytes(count, path));
            } finally {
                File.Delete(path);
            }
        }

        [Fact]
        public void EveryDamagedFileIsInvalidDataOrArgumentAndLoadingGoesOn()
        {
            string path = TempFile();
            long before = SettledCount();
            try {
                using (var model = new Small()) model.save(path);
                var valid = File.ReadAllBytes(path);
                var corpus = new List<(string, byte[])>();
                for (int length = 0; length < valid.Length; ++length) corpus.Add(($"truncated to {length}", valid.Take(length).ToArray()));
                for (int k = 0; k < valid.Length; ++k) {
                    foreach (byte mask in new byte[] { 0xff, 0x80, 0x01 }) {
                        var flipped = (byte[])valid.Clone();
                        flipped[k] ^= mask;
                        corpus.Add(($"byte {k} ^ 0x{mask:x2}", flipped));
                    }
                }
                var random = new Random(1234);
                for (int i = 0; i < 50; ++i) {
                    var bytes = new byte[random.Next(0, 2 * valid.Length)];
                    random.NextBytes(bytes);
                    corpus.Add(($"random {i}", bytes));
                }
                int loaded = 0;
                foreach (var (name, bytes) in corpus) {
                    foreach (bool strict in new[] { true, false }) {
                        var e = LoadBytes(bytes, path, strict);
                        if (e is null) { loaded++; continue; }
                        Assert.True(e is InvalidDataException || e.GetType() == typeof(ArgumentException),
                                    $"{name} (strict {strict}): {e.GetType().Name}: {e.Message}");
                        if (e is InvalidDataException) Assert.Contains(path, e.Message);
                    }
                }
                Assert.True(loaded > 0);   // flipped data bytes still load

                // The process keeps working: a valid file still round-trips.
                using (var a = new Small())
                using (var scope = NewDisposeScope()) {
                    a.save(path);
                    using var b = new Small();
                    b.load(path);
                    var x = randn(2, 4);
                    Assert.True(a.call(x).allclose(b.call(x)));
                }
            } finally {
                File.Delete(path);
            }
            Assert.Equal(before, SettledCount());
        }
    }
}
