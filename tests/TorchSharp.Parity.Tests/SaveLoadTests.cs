using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Parity.Tests
{
    /// <summary>Module.save/load: TorchSharp's file format, its stream handling and its checks.</summary>
    public class SaveLoadTests
    {
        private sealed class Pair : nn.Module<Tensor, Tensor>
        {
            public Pair(float a, float b, long[] counts) : base(nameof(Pair))
            {
                register_parameter("w", nn.Parameter(tensor(new[] { a, b })));
                register_buffer("n", tensor(counts));
            }

            public override Tensor forward(Tensor input) => input * get_parameter("w");
        }

        [Fact]
        public void SaveWritesTorchSharpsFormat()
        {
            using var m = new Pair(1.5f, -2f, new long[] { 300 });
            var stream = new MemoryStream();
            m.save(stream);

            var expected = new List<byte> { 2 };                      // entry count (LEB128)
            expected.AddRange(new byte[] { 1, (byte)'w' });           // name (BinaryWriter string)
            expected.AddRange(new byte[] { 6, 1, 2 });                // Float32, rank 1, [2]
            expected.AddRange(BitConverter.GetBytes(1.5f));
            expected.AddRange(BitConverter.GetBytes(-2f));
            expected.AddRange(new byte[] { 1, (byte)'n' });
            expected.AddRange(new byte[] { 4, 1, 1 });                // Int64, rank 1, [1]
            expected.AddRange(BitConverter.GetBytes(300L));
            Assert.Equal(expected.ToArray(), stream.ToArray());
        }

        [Fact]
        public void SaveAndLoadCloseTheStreamTheyAreGiven()
        {
            using var m = new Pair(1, 2, new long[] { 3 });
            var written = new MemoryStream();
            m.save(written);
            Assert.False(written.CanWrite);
            var read = new MemoryStream(written.ToArray());
            m.load(read);
            Assert.False(read.CanRead);
        }

        [Fact]
        public void LoadRestoresValuesInPlace()
        {
            using var source = new Pair(4, 5, new long[] { 6 });
            using var target = new Pair(0, 0, new long[] { 0 });
            var w = target.get_parameter("w");
            var bytes = new MemoryStream();
            source.save(bytes);
            target.load(new MemoryStream(bytes.ToArray()));
            Assert.Same(w, target.get_parameter("w"));
            Assert.Equal(new[] { 4f, 5f }, w.data<float>().ToArray());
            Assert.Equal(new[] { 6L }, target.get_buffer("n").data<long>().ToArray());
            Assert.True(w.requires_grad);
        }

        [Fact]
        public void LoadChecksCountsNamesDtypesAndShapes()
        {
            using var m = new Pair(1, 2, new long[] { 3 });
            Assert.Throws<ArgumentException>(() => m.load(Saved(nn.Sequential(("lin", nn.Linear(2, 2)), ("x", nn.Linear(1, 1))))));
            Assert.Throws<ArgumentException>(() => m.load(Saved(new Pair(1, 2, new long[] { 3, 4 }))));
            using var doubles = new Pair(1, 2, new long[] { 3 });
            doubles.to(ScalarType.Float64);
            Assert.Throws<ArgumentException>(() => m.load(Saved(doubles)));
        }

        [Fact]
        public void NonStrictLoadSkipsUnknownEntriesAndReportsWhatItFound()
        {
            using var source = nn.Sequential(("lin", nn.Linear(2, 2)));
            using var target = nn.Sequential(("lin", nn.Linear(2, 2)), ("other", nn.Linear(1, 1)));
            var found = new Dictionary<string, bool>();
            target.load(Saved(source), strict: false, loadedParameters: found);
            Assert.Equal(new[] { "lin.weight", "lin.bias" }, found.Keys.ToArray());
            Assert.All(found.Values, Assert.True);
            Assert.True(source.parameters().First().allclose(target.parameters().First()));

            using var extra = nn.Sequential(("lin", nn.Linear(2, 2)), ("more", nn.Linear(3, 3)));
            found.Clear();
            source.load(Saved(extra), strict: false, loadedParameters: found);
            Assert.False(found["more.weight"]);
        }

        [Fact]
        public void SkippedEntriesAreLeftAlone()
        {
            using var source = new Pair(7, 8, new long[] { 9 });
            using var target = new Pair(0, 0, new long[] { 0 });
            target.load(Saved(source), skip: new[] { "w" });
            Assert.Equal(new[] { 0f, 0f }, target.get_parameter("w").data<float>().ToArray());
            Assert.Equal(new[] { 9L }, target.get_buffer("n").data<long>().ToArray());
        }

        [Fact]
        public void StateDictHoldsTheLiveTensorsParametersFirst()
        {
            using var m = new Pair(1, 2, new long[] { 3 });
            var sd = m.state_dict();
            Assert.Equal(new[] { "w", "n" }, sd.Keys.ToArray());
            Assert.Same(m.get_parameter("w"), sd["w"]);
        }

        [Fact]
        public void StrictLoadStateDictWithMissingNamesThrowsBeforeCopying()
        {
            using var m = new Pair(1, 2, new long[] { 3 });
            var partial = new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 5f, 6f }) };
            Assert.Throws<InvalidOperationException>(() => m.load_state_dict(partial));
            Assert.Equal(new[] { 1f, 2f }, m.get_parameter("w").data<float>().ToArray());
            var (missing, unexpected) = m.load_state_dict(partial, strict: false);
            Assert.Equal(new[] { "n" }, missing.ToArray());
            Assert.Empty(unexpected);
            Assert.Equal(new[] { 5f, 6f }, m.get_parameter("w").data<float>().ToArray());
        }

        [Fact]
        public void TensorFilesUseLibtorchsArchiveFormat()
        {
            string path = Path.Combine(Path.GetTempPath(), $"parity-{Guid.NewGuid():N}.pt");
            try {
                using var t = arange(0, 6, ScalarType.Float64).reshape(2, 3);
                torch.save(t, path);
                var head = File.ReadAllBytes(path).Take(2).ToArray();
                Assert.Equal(new[] { (byte)'P', (byte)'K' }, head);   // a zip archive, as torch::save writes
                using var back = torch.load(path);
                Assert.Equal(new long[] { 2, 3 }, back.shape);
                Assert.Equal(ScalarType.Float64, back.dtype);
                Assert.Equal(t.data<double>().ToArray(), back.data<double>().ToArray());
            } finally {
                File.Delete(path);
            }
        }

        private static MemoryStream Saved(nn.Module module)
        {
            var stream = new MemoryStream();
            module.save(stream);
            return new MemoryStream(stream.ToArray());
        }
    }
}
