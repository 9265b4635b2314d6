using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Every layer as a TorchSharp module: the state it registers, and how that state survives
    /// <c>to(dtype)</c>, <c>to(device)</c>, save/load and state-dict round trips. The same tests run against
    /// the official TorchSharp, whose <c>to()</c> assigns converted tensors to same-named properties.</summary>
    public class ModuleStateTests
    {
        private static readonly Dictionary<string, string[]> OwnState = new Dictionary<string, string[]>
        {
            ["prelu"] = new[] { "weight" },
            ["swish"] = new[] { "beta" },
            ["swish_fixed"] = new[] { "beta" },
            ["swish_per_channel"] = new[] { "beta" },
            ["maxout_linear"] = new[] { "linear.weight", "linear.bias" },
        };

        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void InAModelALayerRegistersOnlyItsOwnState(LayerCase layer)
        {
            using var model = nn.Sequential(("act", layer.Create()));
            var expected = OwnState.TryGetValue(layer.Name, out var names) ? names.Select(n => "act." + n) : Enumerable.Empty<string>();
            Assert.Equal(expected.ToArray(), model.state_dict().Keys.ToArray());
            var children = model.named_modules().Select(m => m.name).ToArray();
            Assert.Equal(layer.Name == "maxout_linear" ? new[] { "act", "act.linear" } : new[] { "act" }, children);
        }

        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void ToDoubleAndBackKeepsTheFunction(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            using var module = Prepared(layer);
            var x = Samples.Uniform(layer.Shape, seed: 81, dtype: ScalarType.Float32);
            var before = Samples.Values(module.call(x));

            module.to(ScalarType.Float64);
            Assert.All(module.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
            Assert.All(module.parameters(), p => Assert.True(p.requires_grad));
            var y64 = module.call(x.to(ScalarType.Float64));
            Assert.Equal(ScalarType.Float64, y64.dtype);
            AssertClose(before, Samples.Values(y64), 1e-5);

            module.to(ScalarType.Float32);
            Assert.Equal(before, Samples.Values(module.call(x)));
        }

        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void ToDeviceKeepsTheFunction(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            using var module = Prepared(layer);
            var x = Samples.Uniform(layer.Shape, seed: 82, dtype: ScalarType.Float32);
            var before = Samples.Values(module.call(x));
            module.to(CPU);
            module.to(new Device("cpu"), ScalarType.Float32);
            module.cpu();
            Assert.Equal(before, Samples.Values(module.call(x)));
        }

        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void SaveAndLoadRestoreTheFunction(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            using var source = Prepared(layer);
            using var target = Prepared(layer, seed: 2);
            var x = Samples.Uniform(layer.Shape, seed: 83, dtype: ScalarType.Float32);

            string path = Path.Combine(Path.GetTempPath(), $"ta-layer-{Guid.NewGuid():N}.dat");
            try {
                source.save(path);
                target.load(path);
            } finally {
                File.Delete(path);
            }
            Assert.Equal(Samples.Values(source.call(x)), Samples.Values(target.call(x)));
        }

        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void LoadStateDictRestoresTheFunction(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            using var source = Prepared(layer);
            using var target = Prepared(layer, seed: 3);
            var x = Samples.Uniform(layer.Shape, seed: 84, dtype: ScalarType.Float32);
            var (missing, unexpected) = target.load_state_dict(source.state_dict());
            Assert.Empty(missing);
            Assert.Empty(unexpected);
            Assert.Equal(Samples.Values(source.call(x)), Samples.Values(target.call(x)));
        }

        [Fact]
        public void SwishBetaCanBeReplaced()
        {
            using var scope = NewDisposeScope();
            var swish = new Swish(1.0, num_parameters: 2);
            var old = swish.beta;
            swish.beta = tensor(new[] { 2f, 3f });
            Assert.True(old.IsInvalid);
            Assert.IsType<TorchSharp.Modules.Parameter>(swish.beta);
            Assert.Same(swish.beta, swish.parameters().Single());
            Assert.Equal(new[] { 2.0, 3.0 }, Samples.Values(swish.beta));
            Assert.Throws<ArgumentException>(() => swish.beta = tensor(new[] { 1f, 2f, 3f }));
            Assert.Throws<ArgumentException>(() => swish.beta = tensor(new[] { 1L, 2L }));
            Assert.Throws<ArgumentNullException>(() => swish.beta = null);

            var fixedBeta = new Swish(1.0, learnable: false);
            fixedBeta.beta = tensor(new[] { 0.5 });
            Assert.Empty(fixedBeta.parameters());
            Assert.Same(fixedBeta.beta, fixedBeta.buffers().Single());
        }

        [Fact]
        public void ReplacedParametersOutliveTheScopeTheyWereMadeIn()
        {
            var swish = new Swish(1.0);
            var prelu = new PReLU();
            using (var scope = NewDisposeScope()) {
                swish.beta = tensor(new[] { 1.5f });
                prelu.weight = nn.Parameter(tensor(new[] { 0.5f }));
            }
            Assert.Equal(new[] { 1.5 }, Samples.Values(swish.beta));
            Assert.Equal(new[] { 0.5 }, Samples.Values(prelu.weight));
            swish.Dispose();
            prelu.Dispose();
        }

        /// <summary>The layer in eval mode, with its parameters moved off their initial values (seeded), so
        /// that a state that fails to transfer shows in the output.</summary>
        private static nn.Module<Tensor, Tensor> Prepared(LayerCase layer, int seed = 1)
        {
            var module = layer.Create();
            module.eval();
            using (no_grad()) {
                int k = 0;
                foreach (var p in module.parameters())
                    p.add_(Samples.Uniform(p.shape, -0.2, 0.2, seed: seed * 100 + k++, dtype: p.dtype));
            }
            return module;
        }

        private static void AssertClose(double[] expected, double[] actual, double tol)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
