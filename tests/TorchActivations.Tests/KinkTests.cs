using System;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>The documented value and gradient at each non-differentiable point.</summary>
    public class KinkTests
    {
        private static (double Value, double Gradient) At(nn.Module<Tensor, Tensor> module, double x)
        {
            var input = tensor(new[] { x }, dtype: ScalarType.Float64).requires_grad_(true);
            var y = module.call(input);
            y.backward();
            return (y.item<double>(), input.grad.item<double>());
        }

        [Fact]
        public void ReLUHasGradientZeroAtZero()
        {
            using var scope = NewDisposeScope();
            Assert.Equal((0.0, 0.0), At(new ReLU(), 0.0));
        }

        [Fact]
        public void ClippedReLUHasGradientZeroAtBothKinks()
        {
            using var scope = NewDisposeScope();
            var layer = new ClippedReLU(6);
            Assert.Equal((0.0, 0.0), At(layer, 0.0));
            Assert.Equal((6.0, 0.0), At(layer, 6.0));
            // ... and 1 immediately inside the interval.
            Assert.Equal(1.0, At(layer, 1e-9).Gradient);
            Assert.Equal(1.0, At(layer, 6.0 - 1e-9).Gradient);
            Assert.Equal(0.0, At(layer, 6.0 + 1e-9).Gradient);
            Assert.Equal(6.0, At(layer, 6.0 + 1e-9).Value);
        }

        [Fact]
        public void LeakyReLUUsesTheNegativeSlopeAtZero()
        {
            using var scope = NewDisposeScope();
            Assert.Equal((0.0, 0.2), At(new LeakyReLU(0.2), 0.0));
        }

        [Fact]
        public void PReLUUsesItsSlopeAtZero()
        {
            using var scope = NewDisposeScope();
            using var prelu = new PReLU(1, 0.3, dtype: ScalarType.Float64);
            var (value, gradient) = At(prelu, 0.0);
            Assert.Equal(0.0, value);
            Assert.Equal(0.3, gradient, 12);
        }

        [Fact]
        public void RReLUUsesTheMeanSlopeAtZeroInEvalMode()
        {
            using var scope = NewDisposeScope();
            var rrelu = new RReLU(0.1, 0.3);
            rrelu.eval();
            var (value, gradient) = At(rrelu, 0.0);
            Assert.Equal(0.0, value);
            Assert.Equal(0.2, gradient, 12);
        }

        [Fact]
        public void RReLUUsesASampledSlopeAtZeroInTrainingMode()
        {
            using var scope = NewDisposeScope();
            var rrelu = new RReLU(0.1, 0.3);
            rrelu.train();
            var (value, gradient) = At(rrelu, 0.0);
            Assert.Equal(0.0, value);
            Assert.InRange(gradient, 0.1, 0.3);
        }

        [Fact]
        public void ELUUsesAlphaAtZero()
        {
            using var scope = NewDisposeScope();
            Assert.Equal((0.0, 1.5), At(new ELU(1.5), 0.0));
        }

        [Fact]
        public void StepTakesValueAtZeroAndHasZeroGradientEverywhere()
        {
            using var scope = NewDisposeScope();
            Assert.Equal((0.0, 0.0), At(new Step(), 0.0));
            Assert.Equal((0.5, 0.0), At(new Step(0.5), 0.0));
            Assert.Equal((1.0, 0.0), At(new Step(), 2.0));
            Assert.Equal((0.0, 0.0), At(new Step(), -2.0));
        }

        [Fact]
        public void MaxoutGivesATiedGroupsGradientToExactlyOneMember()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 2.0, 2.0, 2.0, 3.0, 3.0, -1.0 }, dtype: ScalarType.Float64).reshape(1, 6).requires_grad_(true);
            var y = new Maxout(3).call(x);
            y.sum().backward();

            Assert.Equal(new[] { 2.0, 3.0 }, Samples.Values(y));
            var grad = Samples.Values(x.grad);
            for (int group = 0; group < 2; group++)
            {
                var members = new ArraySegment<double>(grad, group * 3, 3);
                Assert.Equal(1.0, Sum(members));
                Assert.Equal(2, Count(members, 0.0));
            }
            Assert.Equal(0.0, grad[5]); // the loser of the second group
        }

        private static double Sum(ArraySegment<double> values)
        {
            double s = 0;
            foreach (var v in values) s += v;
            return s;
        }

        private static int Count(ArraySegment<double> values, double target)
        {
            int n = 0;
            foreach (var v in values) if (v == target) n++;
            return n;
        }
    }
}
