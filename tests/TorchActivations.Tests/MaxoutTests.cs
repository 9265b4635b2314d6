using System;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    public class MaxoutTests
    {
        [Fact]
        public void KeepsTheMaximumOfEachGroupOfConsecutiveChannels()
        {
            using var scope = NewDisposeScope();
            // Shape [1, 6, 2]: channels 0-2 and 3-5 form the two groups; position 0 then position 1.
            var x = tensor(new[] { 1.0, -5.0, 4.0, 0.0, 2.0, 9.0, -1.0, -2.0, -3.0, -4.0, 7.0, -6.0 }, dtype: ScalarType.Float64)
                .reshape(1, 6, 2);
            var y = new Maxout(3).call(x);

            Assert.Equal(new long[] { 1, 2, 2 }, y.shape);
            Assert.Equal(new[] { 4.0, 9.0, 7.0, -2.0 }, Samples.Values(y));
        }

        [Fact]
        public void GradientGoesToTheWinnerOnly()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 1.0, -5.0, 4.0, 0.0, 2.0, 9.0, -1.0, -2.0, -3.0, -4.0, 7.0, -6.0 }, dtype: ScalarType.Float64)
                .reshape(1, 6, 2).requires_grad_(true);
            var g = tensor(new[] { 10.0, 20.0, 30.0, 40.0 }, dtype: ScalarType.Float64).reshape(1, 2, 2);
            new Maxout(3).call(x).backward(new[] { g });

            // Element (channel c, position p) is x[c·2 + p]. Winners: group 0 position 0 is channel 1 (4),
            // position 1 is channel 2 (9); group 1 position 0 is channel 5 (7), position 1 is channel 3 (−2).
            var expected = new double[12];
            expected[1 * 2 + 0] = 10;
            expected[2 * 2 + 1] = 20;
            expected[5 * 2 + 0] = 30;
            expected[3 * 2 + 1] = 40;
            Assert.Equal(expected, Samples.Values(x.grad));
        }

        [Fact]
        public void WorksAlongTheLastDimension()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 3.0, 1.0, -2.0, -1.0 }, dtype: ScalarType.Float64).reshape(2, 2);
            Assert.Equal(new[] { 3.0, -1.0 }, Samples.Values(new Maxout(2, dim: -1).call(x)));
        }

        [Fact]
        public void AnIndivisibleSizeIsAnErrorNamingBothNumbers()
        {
            using var scope = NewDisposeScope();
            var error = Assert.Throws<ArgumentException>(() => new Maxout(4).call(zeros(2, 10, 3)));
            Assert.Contains("10", error.Message);
            Assert.Contains("4", error.Message);
        }

        [Fact]
        public void MaxoutLinearIsAnAffineMapFollowedByGroupMaxima()
        {
            using var scope = NewDisposeScope();
            using var unit = new MaxoutLinear(5, 3, 4);
            Assert.Equal(new long[] { 12, 5 }, unit.weight.shape);
            Assert.Equal(new long[] { 12 }, unit.bias.shape);
            var x = Samples.Uniform(new long[] { 7, 5 }, seed: 51, dtype: ScalarType.Float32);

            var y = unit.call(x);
            var z = nn.functional.linear(x, unit.weight, unit.bias).reshape(7, 3, 4);
            var expected = z.amax(new long[] { 2 });

            Assert.Equal(new long[] { 7, 3 }, y.shape);
            Assertions.Close(expected, y, 0, "maxout unit");
        }
    }
}
