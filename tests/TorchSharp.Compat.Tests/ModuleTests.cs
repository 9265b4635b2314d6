using System;
using System.IO;
using System.Linq;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    public class ModuleTests
    {
        private sealed class TwoLayer : nn.Module<Tensor, Tensor>
        {
            private readonly Linear fc1 = nn.Linear(4, 3);
            private readonly Linear fc2 = nn.Linear(3, 2);
            private readonly Parameter scale = nn.Parameter(ones(1) * 2);

            public TwoLayer() : base(nameof(TwoLayer)) => RegisterComponents();

            public override Tensor forward(Tensor input)
            {
                using var scope = NewDisposeScope();
                return fc2.call(fc1.call(input).relu()).mul(scale).MoveToOuterDisposeScope();
            }
        }

        [Fact]
        public void RegisterComponentsFindsParametersAndSubmodules()
        {
            using var m = new TwoLayer();
            var names = m.named_parameters().Select(p => p.name).ToArray();
            Assert.Equal(new[] { "scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }, names);
            Assert.Equal(new[] { "fc1", "fc2" }, m.named_modules().Select(x => x.name).ToArray());
            Assert.Equal(4 * 3 + 3 + 3 * 2 + 2 + 1, m.parameters().Sum(p => p.numel()));
            Assert.All(m.parameters(), p => Assert.True(p.requires_grad));
        }

        [Fact]
        public void SequentialNamesEntriesAndChainsThem()
        {
            using var seq = nn.Sequential(("lin", nn.Linear(3, 2)), ("act", nn.ReLU()));
            Assert.Equal(new[] { "lin.weight", "lin.bias" }, seq.named_parameters().Select(p => p.name).ToArray());
            using var x = randn(5, 3);
            using var y = seq.call(x);
            Assert.Equal(new long[] { 5, 2 }, y.shape);
            Assert.True(y.ge(0).all().item<bool>());
        }

        [Fact]
        public void TrainAndEvalPropagate()
        {
            using var seq = nn.Sequential(nn.Linear(3, 2), nn.Dropout(0.5));
            seq.eval();
            Assert.All(seq.modules(), m => Assert.False(m.training));
            using var x = ones(1000, 2);
            using var kept = ((Dropout)seq[1]).call(x);
            Assert.True(kept.eq(x).all().item<bool>());   // identity in eval mode
            seq.train();
            using var dropped = ((Dropout)seq[1]).call(x);
            Assert.InRange(dropped.eq(0).sum().item<long>(), 800, 1200);   // about half of 2000
        }

        [Fact]
        public void SaveAndLoadRoundTripsState()
        {
            string path = Path.Combine(Path.GetTempPath(), $"ta-module-{Guid.NewGuid():N}.bin");
            try {
                using var a = new TwoLayer();
                using var b = new TwoLayer();
                using var x = randn(7, 4);
                using var ya = a.call(x);
                using var yb0 = b.call(x);
                Assert.False(ya.allclose(yb0));
                a.save(path);
                b.load(path);
                using var yb = b.call(x);
                Assert.True(ya.allclose(yb, 0, 0));
                Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*"));
            } finally {
                File.Delete(path);
            }
        }

        private sealed class WithRunningStat : nn.Module<Tensor, Tensor>
        {
            public WithRunningStat() : base(nameof(WithRunningStat)) => register_buffer("running", zeros(3), persistent: false);
            public override Tensor forward(Tensor input) => input + get_buffer("running");
        }

        [Fact]
        public void NonPersistentBuffersMoveWithTheModuleButAreNotSaved()
        {
            // TorchSharp 0.106.0 leaves non-persistent buffers behind in to(); the binding moves them.
            using var m = new WithRunningStat();
            m.to(ScalarType.Float64);
            Assert.Equal(ScalarType.Float64, m.get_buffer("running").dtype);
            Assert.Empty(m.state_dict());
            using var y = m.call(ones(3, dtype: ScalarType.Float64));
            Assert.Equal(ScalarType.Float64, y.dtype);
        }

        [Fact]
        public void LoadStateDictRefusesAShapeMismatch()
        {
            // TorchSharp 0.106.0 would broadcast the [1] entry over the [2, 4] weight.
            using var lin = nn.Linear(4, 2);
            using var before = lin.weight.clone();
            var source = lin.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            source["weight"] = ones(1);
            var e = Assert.Throws<ArgumentException>(() => lin.load_state_dict(source));
            Assert.Contains("weight", e.Message);
            Assert.True(lin.weight.allclose(before, 0, 0));
        }

        [Fact]
        public void ForwardHooksSeeInputAndOutput()
        {
            using var relu = nn.ReLU();
            long seen = 0;
            var handle = relu.register_forward_hook((module, input, output) => { seen = output.numel(); return null; });
            using var x = randn(3, 4);
            using var y = relu.call(x);
            Assert.Equal(12, seen);
            handle.remove();
            seen = 0;
            using var y2 = relu.call(x);
            Assert.Equal(0, seen);
        }
    }
}

namespace TorchSharp.Compat.Tests
{
    public class TensorSerializationTests
    {
        [Fact]
        public void SaveAndLoadRoundTripsValuesShapeAndDtype()
        {
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ta-tensor-{System.Guid.NewGuid():N}.bin");
            try {
                using var t = torch.arange(0, 12, torch.ScalarType.Float64).reshape(3, 4);
                torch.save(t, path);
                using var back = torch.load(path);
                Assert.Equal(new long[] { 3, 4 }, back.shape);
                Assert.Equal(torch.ScalarType.Float64, back.dtype);
                Assert.True(back.eq(t).all().item<bool>());
            } finally {
                System.IO.File.Delete(path);
            }
        }
    }
}
