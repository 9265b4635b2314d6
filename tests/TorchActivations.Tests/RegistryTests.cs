using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    public class RegistryTests
    {
        [Fact]
        public void NamesAreTheDocumentedList()
        {
            Assert.Equal(
                new[] { "step", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "clipped_relu", "elu", "softplus", "silu", "swish", "gelu", "gelu_tanh", "maxout" },
                ActivationRegistry.Names.ToArray());
        }

        [Theory]
        [InlineData("step", typeof(Step), "Step(value_at_zero=0)")]
        [InlineData("step:value_at_zero=0.5", typeof(Step), "Step(value_at_zero=0.5)")]
        [InlineData("sigmoid", typeof(Sigmoid), "Sigmoid()")]
        [InlineData("tanh", typeof(Tanh), "Tanh()")]
        [InlineData("relu", typeof(ReLU), "ReLU()")]
        [InlineData("leaky_relu", typeof(LeakyReLU), "LeakyReLU(negative_slope=0.01)")]
        [InlineData("leaky_relu:negative_slope=0.2", typeof(LeakyReLU), "LeakyReLU(negative_slope=0.2)")]
        [InlineData("prelu:num_parameters=3,init=0.1", typeof(PReLU), "PReLU(num_parameters=3, init=0.1)")]
        [InlineData("rrelu", typeof(RReLU), "RReLU(lower=0.125, upper=0.3333333333333333)")]
        [InlineData("rrelu:lower=0.125,upper=0.3333", typeof(RReLU), "RReLU(lower=0.125, upper=0.3333)")]
        [InlineData("clipped_relu:ceiling=6", typeof(ClippedReLU), "ClippedReLU(ceiling=6)")]
        [InlineData("elu:alpha=2", typeof(ELU), "ELU(alpha=2)")]
        [InlineData("softplus:beta=2,threshold=10", typeof(Softplus), "Softplus(beta=2, threshold=10)")]
        [InlineData("silu", typeof(SiLU), "SiLU()")]
        [InlineData("swish", typeof(Swish), "Swish(num_parameters=1, init=1, learnable=true)")]
        [InlineData("swish:beta=1.5,learnable=false", typeof(Swish), "Swish(num_parameters=1, init=1.5, learnable=false)")]
        [InlineData("swish:num_parameters=4", typeof(Swish), "Swish(num_parameters=4, init=1, learnable=true)")]
        [InlineData("gelu", typeof(GELU), "GELU(approximate=none)")]
        [InlineData("gelu:approximate=tanh", typeof(GELU), "GELU(approximate=tanh)")]
        [InlineData("gelu_tanh", typeof(GELU), "GELU(approximate=tanh)")]
        [InlineData("maxout:pieces=2", typeof(Maxout), "Maxout(pieces=2, dim=1)")]
        [InlineData("maxout:pieces=3,dim=-1", typeof(Maxout), "Maxout(pieces=3, dim=-1)")]
        [InlineData(" RReLU : Lower = 0.2 , upper=0.25 ", typeof(RReLU), "RReLU(lower=0.2, upper=0.25)")]
        public void CreatesTheLayerWithTheGivenSettings(string spec, Type type, string description)
        {
            using var layer = ActivationRegistry.Create(spec);
            Assert.IsType(type, layer);
            Assert.Equal(description, layer.ToString());
        }

        [Fact]
        public void SettingsReachTheLayer()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { -2.0, 0.5, 8.0 });
            Assert.Equal(new[] { -0.4, 0.5, 8.0 }, Samples.Values(ActivationRegistry.Create("leaky_relu:negative_slope=0.2").call(x)), new Tolerance(1e-6));
            Assert.Equal(new[] { 0.0, 0.5, 6.0 }, Samples.Values(ActivationRegistry.Create("clipped_relu:ceiling=6").call(x)));
            var swish = (Swish)ActivationRegistry.Create("swish:beta=1.5,learnable=false");
            Assert.Empty(swish.parameters());
            Assert.Equal(1.5, swish.beta.item<float>());
        }

        [Fact]
        public void AnUnknownNameListsTheValidNames()
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => ActivationRegistry.Create("mish"));
            Assert.Contains("mish", error.Message);
            foreach (var name in ActivationRegistry.Names) Assert.Contains(name, error.Message);
        }

        [Fact]
        public void AnUnknownKeyListsTheValidKeys()
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => ActivationRegistry.Create("rrelu:alpha=0.2"));
            Assert.Contains("alpha", error.Message);
            Assert.Contains("lower", error.Message);
            Assert.Contains("upper", error.Message);

            var none = Assert.ThrowsAny<ArgumentException>(() => ActivationRegistry.Create("relu:inplace=true"));
            Assert.Contains("inplace", none.Message);
        }

        [Theory]
        [InlineData("clipped_relu", "ceiling")]
        [InlineData("maxout", "pieces")]
        [InlineData("rrelu:lower=abc", "abc")]
        [InlineData("swish:learnable=maybe", "maybe")]
        [InlineData("maxout:pieces=2.5", "2.5")]
        [InlineData("rrelu:lower", "lower")]
        [InlineData("rrelu:lower=0.1,lower=0.2", "lower")]
        [InlineData("", "name")]
        [InlineData(":lower=1", "name")]
        public void MalformedSpecsAreArgumentErrors(string spec, string mentioned)
        {
            var error = Assert.ThrowsAny<ArgumentException>(() => ActivationRegistry.Create(spec));
            Assert.Contains(mentioned, error.Message);
        }

        [Theory]
        [InlineData("gelu:approximate=TANH", "GELU(approximate=tanh)")]
        [InlineData("GELU:Approximate=None", "GELU(approximate=none)")]
        public void WordValuesIgnoreCaseLikeNamesAndKeys(string spec, string expected)
        {
            using var layer = ActivationRegistry.Create(spec);
            Assert.Equal(expected, layer.ToString());
        }

        [Theory]
        [InlineData("swish:learnable=TRUE", true)]
        [InlineData("swish:learnable=False", false)]
        public void BooleansIgnoreCase(string spec, bool learnable)
        {
            using var layer = (Swish)ActivationRegistry.Create(spec);
            Assert.Equal(learnable, layer.parameters().Any());
        }

        [Theory]
        [InlineData("relu:{0}=1")]
        [InlineData("rrelu:lower={0}")]
        [InlineData("{0}")]
        [InlineData("rrelu:lower=0.1,{0}")]
        public void LongSpecsAreQuotedShortened(string template)
        {
            string spec = string.Format(template, new string('x', 5000));
            var error = Assert.ThrowsAny<ArgumentException>(() => ActivationRegistry.Create(spec));
            Assert.True(error.Message.Length < 600, $"{error.Message.Length} characters");
            Assert.Contains("\u2026", error.Message);
        }

        [Fact]
        public void OutOfRangeValuesRaiseTheLayersOwnError()
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => ActivationRegistry.Create("clipped_relu:ceiling=-1"));
            Assert.Equal("ceiling", error.ParamName);
        }

        private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<double>
        {
            private readonly double tol;
            public Tolerance(double tol) => this.tol = tol;
            public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
            public int GetHashCode(double value) => 0;
        }
    }
}
