using System;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    public class SwishTests
    {
        [Fact]
        public void BetaIsAParameterInParametersAndStateDict()
        {
            using var swish = new Swish(1.5);
            Assert.Equal(new[] { "beta" }, swish.named_parameters().Select(p => p.Item1).ToArray());
            Assert.True(swish.state_dict().ContainsKey("beta"));
            Assert.Equal(1.5, swish.beta.item<float>());
        }

        [Fact]
        public void FixedBetaIsABufferNotAParameter()
        {
            using var swish = new Swish(1.5, learnable: false);
            Assert.Empty(swish.parameters());
            Assert.True(swish.state_dict().ContainsKey("beta"));
            Assert.False(swish.beta.requires_grad);
        }

        [Fact]
        public void BetaGetsTheAnalyticGradientAndAnOptimizerStepChangesIt()
        {
            using var scope = NewDisposeScope();
            using var swish = new Swish(1.0).to(ScalarType.Float64);
            var x = Samples.Uniform(new long[] { 64 }, seed: 41);
            swish.call(x).sum().backward();

            // ∂/∂β Σ x·σ(βx) = Σ x²·σ(βx)(1 − σ(βx)) at β = 1.
            var s = x.sigmoid();
            double expected = (x.square() * s * (1 - s)).sum().item<double>();
            double gradient = swish.beta.grad.item<double>();
            Assert.Equal(expected, gradient, 12);
            Assert.NotEqual(0.0, gradient);

            var optimizer = optim.SGD(swish.parameters(), 0.1);
            optimizer.step();
            Assert.Equal(1.0 - 0.1 * gradient, swish.beta.item<double>(), 12);
        }

        [Fact]
        public void PerChannelBetaBroadcastsOverA4DInput()
        {
            using var scope = NewDisposeScope();
            using var swish = new Swish(1.0, num_parameters: 3).to(ScalarType.Float64);
            var betas = new[] { 0.5, 1.0, 2.0 };
            using (no_grad()) swish.beta.copy_(tensor(betas, dtype: ScalarType.Float64));
            var x = Samples.Uniform(new long[] { 2, 3, 4, 5 }, seed: 42);

            var y = swish.call(x);
            y.sum().backward();

            Assert.Equal(x.shape, y.shape);
            Assert.Equal(new long[] { 3 }, swish.beta.grad.shape);
            for (int c = 0; c < 3; c++)
            {
                var xc = x.select(1, c);
                var sc = (betas[c] * xc).sigmoid();
                Assertions.Close(xc * sc, y.select(1, c), 1e-14, $"channel {c} output");
                double expected = (xc.square() * sc * (1 - sc)).sum().item<double>();
                Assert.Equal(expected, swish.beta.grad[c].item<double>(), 12);
            }
        }

        [Fact]
        public void PerChannelBetaRejectsAMismatchedChannelCount()
        {
            using var scope = NewDisposeScope();
            using var swish = new Swish(1.0, num_parameters: 3);
            var error = Assert.Throws<ArgumentException>(() => swish.call(zeros(2, 4, 5)));
            Assert.Contains("3", error.Message);
        }

        [Fact]
        public void SavingAndLoadingAModelRestoresBeta()
        {
            using var scope = NewDisposeScope();
            var trainedSwish = new Swish(1.0, num_parameters: 2);
            using var trained = nn.Sequential(("fc", nn.Linear(3, 2)), ("act", trainedSwish));
            using (no_grad()) trainedSwish.beta.copy_(tensor(new[] { 0.25f, 3.5f }));
            var stream = new MemoryStream();
            trained.save(stream);   // closes the stream, as TorchSharp does; its bytes stay readable

            var restoredSwish = new Swish(1.0, num_parameters: 2);
            using var restored = nn.Sequential(("fc", nn.Linear(3, 2)), ("act", restoredSwish));
            Assert.True(restored.state_dict().ContainsKey("act.beta"));
            restored.load(new MemoryStream(stream.ToArray()));

            Assert.Equal(new[] { 0.25, 3.5 }, Samples.Values(restoredSwish.beta));
            Assert.True(restoredSwish.beta.requires_grad);
            var x = Samples.Uniform(new long[] { 5, 3 }, seed: 44, dtype: ScalarType.Float32);
            Assert.Equal(Samples.Values(trained.call(x)), Samples.Values(restored.call(x)));
        }

        [Fact]
        public void BetaZeroGivesHalfTheInput()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 20 }, seed: 43);
            Assertions.Close(x / 2, ActivationFunctions.swish(x, 0.0), 1e-15, "swish(beta=0)");
        }

        [Fact]
        public void OutputKeepsTheInputDtypeWhateverBetasDtype()
        {
            using var scope = NewDisposeScope();
            using var swish = new Swish(1.0); // float32 beta
            Assert.Equal(ScalarType.Float64, swish.call(zeros(3, dtype: ScalarType.Float64)).dtype);
            using var swish64 = new Swish(1.0, dtype: ScalarType.Float64);
            Assert.Equal(ScalarType.Float32, swish64.call(zeros(3)).dtype);
        }
    }
}
