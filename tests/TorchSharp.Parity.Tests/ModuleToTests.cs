using System;
using System.Linq;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Parity.Tests
{
    /// <summary>Module.to(dtype|device): parameters and buffers that change are replaced by new tensors, which
    /// reach the module through a public property of the same name, or else a field of that name.</summary>
    public class ModuleToTests
    {
        private sealed class WithSettableProperty : nn.Module<Tensor, Tensor>
        {
            public WithSettableProperty() : base(nameof(WithSettableProperty))
            {
                register_parameter("scale", nn.Parameter(ones(3)));
            }

            public int SetterCalls { get; private set; }

            public Parameter scale {
                get => get_parameter("scale");
                set {
                    SetterCalls++;
                    ConditionallyRegisterParameter("scale", value);
                }
            }

            public override Tensor forward(Tensor input) => input * scale;
        }

        private sealed class WithGetOnlyProperty : nn.Module<Tensor, Tensor>
        {
            public WithGetOnlyProperty() : base(nameof(WithGetOnlyProperty)) => register_parameter("weight", nn.Parameter(ones(2)));
            public Parameter weight => get_parameter("weight");
            public override Tensor forward(Tensor input) => input * weight;
        }

        private sealed class WithFields : nn.Module<Tensor, Tensor>
        {
            private Parameter gain = nn.Parameter(full(2, 3.0));
            private Tensor counts = tensor(new long[] { 1, 2 });

            public WithFields() : base(nameof(WithFields)) => RegisterComponents();

            public Parameter Gain => gain;
            public Tensor Counts => counts;
            public override Tensor forward(Tensor input) => input * gain;
        }

        [Fact]
        public void ToDtypeSetsAPublicPropertyNamedLikeTheParameter()
        {
            using var m = new WithSettableProperty();
            var before = m.scale;
            m.to(ScalarType.Float64);
            Assert.Equal(1, m.SetterCalls);
            Assert.Equal(ScalarType.Float64, m.scale.dtype);
            Assert.NotSame(before, m.scale);
            Assert.True(m.scale.requires_grad);
            Assert.Same(m.scale, m.named_parameters().Single().parameter);
        }

        [Fact]
        public void ToDtypeFailsOnAGetOnlyPropertyNamedLikeAParameter()
        {
            // Why the package's layers give their parameter properties setters.
            using var m = new WithGetOnlyProperty();
            Assert.Throws<ArgumentException>(() => m.to(ScalarType.Float64));
        }

        [Fact]
        public void ToDtypeReplacesFieldsAndDisposesTheOldParameter()
        {
            using var m = new WithFields();
            var oldGain = m.Gain;
            m.to(ScalarType.Float64);
            Assert.True(oldGain.IsInvalid);
            Assert.Equal(ScalarType.Float64, m.Gain.dtype);
            Assert.Same(m.Gain, m.get_parameter("gain"));
            // Integer buffers keep their dtype.
            Assert.Equal(ScalarType.Int64, m.Counts.dtype);
            Assert.Equal(ScalarType.Int64, m.get_buffer("counts").dtype);
        }

        [Fact]
        public void ToDtypeConvertsTheGradientToo()
        {
            using var m = new WithSettableProperty();
            using (var y = m.call(ones(3)).sum()) y.backward();
            m.to(ScalarType.Float64);
            using var grad = m.scale.grad;
            Assert.NotNull(grad);
            Assert.Equal(ScalarType.Float64, grad.dtype);
            Assert.Equal(new[] { 1.0, 1.0, 1.0 }, grad.data<double>().ToArray());
        }

        [Fact]
        public void ToTheCurrentDtypeKeepsTheParameters()
        {
            using var m = new WithSettableProperty();
            var before = m.scale;
            m.to(ScalarType.Float32);
            Assert.Same(before, m.scale);
            Assert.Equal(0, m.SetterCalls);
        }

        [Fact]
        public void ToAnIntegerDtypeIsRefused()
        {
            using var m = new WithSettableProperty();
            Assert.Throws<ArgumentException>(() => m.to(ScalarType.Int32));
        }

        [Fact]
        public void ToReachesChildModules()
        {
            using var seq = nn.Sequential(("lin", nn.Linear(2, 3)), ("custom", new WithSettableProperty()));
            seq.to(ScalarType.Float64);
            Assert.All(seq.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
            using var y = seq.call(ones(4, 2, dtype: ScalarType.Float64));
            Assert.Equal(ScalarType.Float64, y.dtype);
        }
    }
}
