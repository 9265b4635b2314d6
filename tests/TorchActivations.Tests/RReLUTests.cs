using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    public abstract class RReLUTests : KernelPathSetting
    {
        protected RReLUTests(bool composite) : base(composite) { }

        private const double Lower = 0.1, Upper = 0.3;

        private static RReLU Training()
        {
            var rrelu = new RReLU(Lower, Upper);
            rrelu.train();
            return rrelu;
        }

        [Fact]
        public void TrainingSlopesAreDrawnPerElementFromTheRange()
        {
            using var scope = NewDisposeScope();
            const int n = 200_000;
            var x = -Samples.Uniform(new long[] { n }, low: 0.5, high: 2, seed: 31); // all negative
            random.manual_seed(7);
            var slopes = Samples.Values(Training().call(x) / x);

            Assert.True(slopes.Min() >= Lower - 1e-12, $"smallest slope {slopes.Min()}");
            Assert.True(slopes.Max() <= Upper + 1e-12, $"largest slope {slopes.Max()}");
            // U(l, u) has mean (l + u)/2 and standard deviation (u − l)/√12; with 2e5 draws the sample mean
            // is within 5 standard errors (5·0.058/√2e5 ≈ 6.5e-4) of it.
            double mean = slopes.Average();
            Assert.InRange(mean, (Lower + Upper) / 2 - 1e-3, (Lower + Upper) / 2 + 1e-3);
            double sd = Math.Sqrt(slopes.Select(s => (s - mean) * (s - mean)).Average());
            Assert.InRange(sd, 0.95 * (Upper - Lower) / Math.Sqrt(12), 1.05 * (Upper - Lower) / Math.Sqrt(12));
            // Per element, not one shared slope.
            Assert.True(slopes.Distinct().Count() > n / 2);
        }

        [Fact]
        public void PositiveInputsPassUnchanged()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 1000 }, low: 1e-6, high: 5, seed: 32);
            Assert.Equal(Samples.Values(x), Samples.Values(Training().call(x)));
        }

        [Fact]
        public void SameSeedGivesSameOutputAndAnotherSeedDoesNot()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 500 }, low: -3, high: -0.1, seed: 33);
            var rrelu = Training();
            random.manual_seed(123);
            var first = Samples.Values(rrelu.call(x));
            random.manual_seed(123);
            var again = Samples.Values(rrelu.call(x));
            random.manual_seed(124);
            var other = Samples.Values(rrelu.call(x));

            Assert.Equal(first, again);
            Assert.NotEqual(first, other);
        }

        [Fact]
        public void EvalModeIsDeterministicWithTheMeanSlope()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 500 }, seed: 34);
            var rrelu = new RReLU(Lower, Upper);
            rrelu.eval();
            var once = rrelu.call(x);
            var twice = rrelu.call(x);

            Assert.Equal(Samples.Values(once), Samples.Values(twice));
            var expected = where(x > 0, x, x * ((Lower + Upper) / 2));
            Assertions.Close(expected, once, 1e-15, "eval-mode RReLU");
        }

        [Fact]
        public void BackwardUsesTheSlopesDrawnInForward()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 2000 }, low: -3, high: 3, seed: 35, requires_grad: true);
            var y = Training().call(x);
            y.sum().backward();

            // Each element's gradient is its own slope y/x (1 where x > 0), not the mean and not a shared value.
            var expected = where(x > 0, ones_like(x), y / x).detach();
            Assertions.Close(expected, x.grad, 1e-14, "RReLU gradient");
            Assert.True(Samples.Values(x.grad).Distinct().Count() > 500);
        }

        [Fact]
        public void SwitchingModesSwitchesBehaviour()
        {
            using var scope = NewDisposeScope();
            var x = full(1000, -1.0, dtype: ScalarType.Float64);
            var rrelu = new RReLU(Lower, Upper);
            rrelu.train();
            Assert.True(Samples.Values(rrelu.call(x)).Distinct().Count() > 100);
            rrelu.eval();
            Assert.Single(Samples.Values(rrelu.call(x)).Distinct());
        }

        [Fact]
        public void FunctionalFormSamplesOnlyWhenTraining()
        {
            using var scope = NewDisposeScope();
            var x = full(1000, -2.0, dtype: ScalarType.Float64);
            Assert.Equal(-0.4, Samples.Values(ActivationFunctions.rrelu(x, Lower, Upper)).Distinct().Single(), 15);
            Assert.True(Samples.Values(ActivationFunctions.rrelu(x, Lower, Upper, training: true)).Distinct().Count() > 100);
        }
    }

    /// <summary>The tests above on the fused kernels.</summary>
    public sealed class RReLUTestsOnFusedKernels : RReLUTests
    {
        public RReLUTestsOnFusedKernels() : base(composite: false) { }
    }

    /// <summary>The tests above on the composite implementations.</summary>
    public sealed class RReLUTestsOnCompositePath : RReLUTests
    {
        public RReLUTestsOnCompositePath() : base(composite: true) { }
    }
}
