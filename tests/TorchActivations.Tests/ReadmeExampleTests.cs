using TorchActivations;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>The README's usage example, kept compiling and working.</summary>
    public class ReadmeExampleTests
    {
        [Fact]
        public void ReadmeExampleBuildsAModelAndPassesGradCheck()
        {
            using var scope = NewDisposeScope();
            var model = nn.Sequential(
                nn.Linear(784, 256), Activations.Swish(beta: 1.0, learnable: true),
                nn.Linear(256, 256), ActivationRegistry.Create("rrelu:lower=0.1,upper=0.3"),
                nn.Linear(256, 10));
            var check = GradCheck.Check(Activations.GELU(approximate: "tanh"), randn(8, dtype: ScalarType.Float64, requires_grad: true));

            Assert.Equal(new long[] { 4, 10 }, model.call(randn(4, 784)).shape);
            Assert.Contains(model.named_parameters(), p => p.name.EndsWith("beta"));
            Assert.True(check.Passed, check.ToString());
        }
    }
}
