using System;
using System.Linq;
using TorchActivations;
using TorchActivations.Monitoring;
using Xunit;
using static TorchSharp.torch;

namespace MnistCompare.Tests.Monitoring
{
    /// <summary>
    /// The monitor's numbers on activation layers fed hand-built pre-activations, so that which units
    /// are dead or saturated is known in advance.
    /// </summary>
    public sealed class ActivationMonitorTests
    {
        private static LayerActivity MeasureOne(nn.Module<Tensor, Tensor> activation, params Tensor[] batches)
        {
            using var monitor = new ActivationMonitor(new[] { ("layer", activation) });
            activation.eval();
            var result = monitor.Measure(() =>
            {
                using (no_grad())
                    foreach (var batch in batches) activation.call(batch).Dispose();
            });
            return Assert.Single(result);
        }

        /// <summary>Column c of an [n, columns] tensor is filled by <paramref name="value"/>(row, c).</summary>
        private static Tensor Columns(int n, int columns, Func<int, int, float> value)
        {
            var data = new float[n * columns];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < columns; c++)
                    data[r * columns + c] = value(r, c);
            return tensor(data).reshape(n, columns);
        }

        [Fact]
        public void ReluDeadSaturatedMeanAndZerosAreExact()
        {
            const int n = 1000;
            // unit 0: always negative (dead); 1: exactly zero input (relu(0) = 0 with slope 0: dead);
            // 2: always positive; 3: half positive; 4: positive on 5 of 1000 samples (0.5%: saturated, not dead).
            var x = Columns(n, 5, (r, c) => c switch
            {
                0 => -1f - r,
                1 => 0f,
                2 => 2f,
                3 => r % 2 == 0 ? 1f : -1f,
                _ => r < 5 ? 3f : -3f,
            });

            var layer = MeasureOne(ActivationRegistry.Create("relu"), x.narrow(0, 0, 600), x.narrow(0, 600, 400));

            Assert.Equal(5, layer.Units);
            Assert.Equal(n, layer.SamplesPerUnit);
            Assert.Equal(2, layer.DeadUnits);
            Assert.Equal(3, layer.SaturatedUnits); // the two dead ones and unit 4
            double expectedMean = (0 + 0 + 2.0 * n + 1.0 * n / 2 + 3.0 * 5) / (5.0 * n);
            Assert.Equal(expectedMean, layer.MeanActivation, 6);
            double expectedZeros = (n + n + 0 + n / 2 + (n - 5)) / (5.0 * n);
            Assert.Equal(expectedZeros, layer.ZeroFraction, 12);
            Assert.All(layer.MaxDerivative, m => Assert.Equal(1.0, m, 6));
        }

        [Fact]
        public void SigmoidFarOutIsDeadAndModeratelyFarIsSaturated()
        {
            // sigmoid'(x) = s(1 - s): about 1.4e-11 at |x| = 25 (below 1e-8: dead), 3.4e-4 at |x| = 8
            // (below 1% of the maximum 0.25 but above 1e-8: saturated, not dead), 0.2 near 0 (healthy).
            const int n = 400;
            var x = Columns(n, 4, (r, c) => c switch
            {
                0 => r % 2 == 0 ? 25f : -25f,
                1 => r % 2 == 0 ? 8f : -8f,
                2 => (r % 7 - 3) * 0.3f,
                _ => r < 2 ? 0f : 8f, // healthy on 0.5% of samples: still saturated
            });

            var layer = MeasureOne(ActivationRegistry.Create("sigmoid"), x);

            Assert.Equal(1, layer.DeadUnits);
            Assert.Equal(3, layer.SaturatedUnits);
            Assert.All(layer.MaxDerivative, m => Assert.Equal(0.25, m, 5));
            Assert.Equal(0, layer.ZeroFraction);
        }

        [Fact]
        public void TanhSaturatesOnlyWhereTheSlopeIsBelowOnePercent()
        {
            // tanh'(3) = 0.0099 < 1% of 1; tanh'(2) = 0.071 is not.
            var x = Columns(200, 2, (r, c) => (c == 0 ? 3f : 2f) * (r % 2 == 0 ? 1 : -1));
            var layer = MeasureOne(ActivationRegistry.Create("tanh"), x);
            Assert.Equal(0, layer.DeadUnits);
            Assert.Equal(1, layer.SaturatedUnits);
            Assert.Equal(1.0, layer.MaxDerivative[0], 5);
            Assert.Equal(0, layer.MeanActivation, 6); // symmetric inputs, odd function
        }

        [Fact]
        public void LeakyReluNeverDiesAndSaturatesOnlyWithATinySlope()
        {
            var x = Columns(100, 3, (r, c) => -5f - r);
            var moderate = MeasureOne(ActivationRegistry.Create("leaky_relu:negative_slope=0.05"), x);
            Assert.Equal(0, moderate.DeadUnits);
            Assert.Equal(0, moderate.SaturatedUnits); // slope 0.05 is 5% of the maximum 1
            Assert.Equal(0, moderate.ZeroFraction);

            var tiny = MeasureOne(ActivationRegistry.Create("leaky_relu:negative_slope=0.001"), x);
            Assert.Equal(0, tiny.DeadUnits);          // 0.001 is far above 1e-8
            Assert.Equal(3, tiny.SaturatedUnits);     // but below 1% of 1
        }

        [Fact]
        public void MaxoutUnitsAreGroupsAndNeverDie()
        {
            var x = Columns(50, 6, (r, c) => -10f - c - r);
            var layer = MeasureOne(ActivationRegistry.Create("maxout:pieces=2"), x);
            Assert.Equal(3, layer.Units);
            Assert.Equal(0, layer.DeadUnits);
            Assert.Equal(0, layer.SaturatedUnits);
            Assert.All(layer.MaxDerivative, m => Assert.Equal(1.0, m, 6));
        }

        [Fact]
        public void ConvolutionChannelsAreUnitsOverAllPositions()
        {
            // Channel 0 negative everywhere (dead); channel 1 positive at a single pixel of a single image.
            var values = Enumerable.Repeat(-1f, 4 * 2 * 3 * 3).ToArray();
            values[((1 * 2 + 1) * 3 + 2) * 3 + 0] = 5f; // image 1, channel 1, row 2, column 0
            var x = tensor(values).reshape(4, 2, 3, 3);
            var layer = MeasureOne(ActivationRegistry.Create("relu"), x);
            Assert.Equal(2, layer.Units);
            Assert.Equal(4 * 9, layer.SamplesPerUnit);
            Assert.Equal(1, layer.DeadUnits);
            Assert.Equal(1, layer.SaturatedUnits); // channel 1 is flat on 35 of 36 samples: 97% < 99%
            Assert.Equal(71.0 / 72, layer.ZeroFraction, 12);
        }

        [Fact]
        public void LearnableSwishUsesItsOwnMaximumSlope()
        {
            // x*sigmoid(x) has its largest slope, about 1.0998, near x = 2.4.
            var x = Columns(10, 2, (r, c) => r);
            var layer = MeasureOne(ActivationRegistry.Create("swish"), x);
            Assert.Equal(1.0998, layer.MaxDerivative[0], 3);
        }

        [Fact]
        public void AttachFindsLayersInAModelAndCountsKnownDeadUnits()
        {
            random.manual_seed(0);
            var first = nn.Linear(4, 8);
            using (no_grad())
            {
                // Units 0-2 get a bias so negative that no input in [-1, 1] can revive them.
                first.bias.copy_(tensor(new float[] { -100, -100, -100, 5, 5, 5, 5, 5 }));
            }
            var model = nn.Sequential(("fc1", first), ("act1", ActivationRegistry.Create("relu")), ("fc2", nn.Linear(8, 2)), ("act2", ActivationRegistry.Create("tanh")));
            using var monitor = ActivationMonitor.Attach(model, (name, module) => name.StartsWith("act"));

            Assert.Equal(new[] { "act1", "act2" }, monitor.LayerNames);
            model.eval();
            var layers = monitor.Measure(() =>
            {
                using (no_grad()) model.call(rand(64, 4) * 2 - 1).Dispose();
            });

            Assert.Equal(3, layers[0].DeadUnits);
            Assert.Equal(8, layers[0].Units);
            Assert.Equal(2, layers[1].Units);
            Assert.Equal(3.0 / 10, LayerActivity.TotalDeadFraction(layers), 12);
        }

        [Fact]
        public void HooksRecordOnlyWhileMeasuringAndGoAwayOnDispose()
        {
            var relu = ActivationRegistry.Create("relu");
            var monitor = new ActivationMonitor(new[] { ("r", relu) });
            relu.call(ones(3, 2)).Dispose(); // outside a pass: not counted
            var layers = monitor.Measure(() => relu.call(-ones(5, 2)).Dispose());
            Assert.Equal(5, layers[0].SamplesPerUnit);
            Assert.Equal(2, layers[0].DeadUnits);

            monitor.Begin();
            Assert.Throws<InvalidOperationException>(() => monitor.End()); // no batch seen
            monitor.Dispose();
            relu.call(ones(3, 2)).Dispose(); // still works without the hook
            Assert.Throws<ObjectDisposedException>(() => monitor.Begin());
        }

        [Fact]
        public void ShapeChangingActivationsOtherThanGroupingAreRejected()
        {
            var flatten = nn.Flatten();
            using var monitor = new ActivationMonitor(new[] { ("flat", (nn.Module<Tensor, Tensor>)flatten) });
            var e = Assert.Throws<NotSupportedException>(() => monitor.Measure(() => flatten.call(ones(2, 3, 4)).Dispose()));
            Assert.Contains("flat", e.Message);
        }

        [Fact]
        public void NonFiniteOutputsDoNotMakeUnitsLookDead()
        {
            // relu(NaN) is NaN and its backward gives 0: without the finiteness check unit 0 would count as dead.
            var x = Columns(10, 2, (r, c) => c == 0 ? float.NaN : -1f);
            var layer = MeasureOne(ActivationRegistry.Create("relu"), x);
            Assert.Equal(1, layer.DeadUnits); // only the genuinely negative unit 1
            Assert.True(double.IsNaN(layer.MeanActivation));
        }

        [Fact]
        public void TheSameModuleTwiceIsRejected()
        {
            var relu = ActivationRegistry.Create("relu");
            Assert.Throws<ArgumentException>(() => new ActivationMonitor(new[] { ("a", relu), ("b", relu) }));
        }
    }
}
