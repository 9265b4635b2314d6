using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    public class DtypeAndDeviceTests
    {
        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void OutputFollowsTheInputsDtypeAndDevice(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var module = layer.Create().to(dtype);
                var x = Samples.Uniform(layer.Shape, seed: 71, dtype: dtype);
                var y = module.call(x);
                Assert.Equal(dtype, y.dtype);
                Assert.Equal(x.device.type, y.device.type);
                Assert.Equal(x.device.index, y.device.index);
            }
        }

        [Fact]
        public void ToStringShowsTheSettings()
        {
            Assert.Equal("MaxoutLinear(in_features=4, out_features=3, pieces=2, bias=true)", new MaxoutLinear(4, 3, 2).ToString());
            Assert.Equal("MaxoutLinear(in_features=4, out_features=3, pieces=2, bias=false)", new MaxoutLinear(4, 3, 2, hasBias: false).ToString());
            Assert.Equal("PReLU(num_parameters=1, init=0.25)", Activations.PReLU().ToString());
            Assert.Equal("ClippedReLU(ceiling=20)", Activations.ClippedReLU(20).ToString());
        }

        [Fact]
        public void FactoriesBuildTheRightLayers()
        {
            Assert.IsType<RReLU>(Activations.RReLU());
            Assert.Equal(0.125, Activations.RReLU().lower);
            Assert.Equal(1.0 / 3, Activations.RReLU().upper);
            Assert.Equal("tanh", Activations.GELU("tanh").approximate);
            Assert.Equal(3, Activations.Maxout(3).pieces);
            Assert.Equal(1, Activations.Maxout(3).dim);
            Assert.Equal(0.01, Activations.LeakyReLU().negative_slope);
            Assert.Equal(1.0, Activations.ELU().alpha);
            Assert.Equal(20.0, Activations.Softplus().threshold);
            Assert.False(Activations.Swish(learnable: false).learnable);
            Assert.IsType<Step>(Activations.Step());
            Assert.IsType<Sigmoid>(Activations.Sigmoid());
            Assert.IsType<Tanh>(Activations.Tanh());
            Assert.IsType<ReLU>(Activations.ReLU());
            Assert.IsType<SiLU>(Activations.SiLU());
            Assert.Equal(5, Activations.MaxoutLinear(2, 5, 3).out_features);
        }
    }
}
