using System;
using System.Linq;
using TorchActivations.Kernels;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Autograd gradients of every layer (input and parameters) against central differences in float64.</summary>
    public abstract class LayerGradCheckTests : KernelPathSetting
    {
        protected LayerGradCheckTests(bool composite) : base(composite) { }

        private protected LayerGradCheckTests(VectorWidth width) : base(composite: false, width) { }

        [Theory]
        [MemberData(nameof(LayerCatalogue.Cases), MemberType = typeof(LayerCatalogue))]
        public void FirstDerivativesMatchCentralDifferences(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            using var module = layer.Create().to(ScalarType.Float64);
            var x = Samples.AwayFrom(layer.Shape, layer.Kinks, seed: 11);

            var result = GradCheck.Check(module, x);

            Assert.True(result.Passed, result.ToString());
            // Every parameter took part (e.g. Swish's beta, MaxoutLinear's weight and bias).
            Assert.Equal(x.numel() + module.parameters().Sum(p => p.numel()), result.ComparedEntries / OutputCount(module, x));
        }

        [Theory]
        [MemberData(nameof(LayerCatalogue.SmoothCases), MemberType = typeof(LayerCatalogue))]
        public void SecondDerivativesMatchCentralDifferences(LayerCase layer)
        {
            using var scope = NewDisposeScope();
            using var module = layer.Create().to(ScalarType.Float64);
            var x = Samples.AwayFrom(new long[] { 2, 4, 2 }, layer.Kinks, seed: 12);

            var result = GradGradCheck.Check(module, x);

            Assert.True(result.Passed, result.ToString());
        }

        [Fact]
        public void SwishBetaGradientIsChecked()
        {
            using var scope = NewDisposeScope();
            using var swish = new Swish(0.8).to(ScalarType.Float64);
            var x = Samples.Uniform(new long[] { 3, 5 }, seed: 13); // no grad: only beta is checked

            var result = GradCheck.Check(swish, x);

            Assert.True(result.Passed, result.ToString());
            Assert.Equal(15, result.ComparedEntries); // 15 outputs × 1 beta
            Assert.Equal("beta", result.WorstAbsolute.InputName);
        }

        [Fact]
        public void RReLUTrainingGradientUsesTheSampledSlopes()
        {
            // Reseeding inside the function makes every evaluation draw the same slopes, so the numerical
            // derivative sees them too; autograd must then return exactly those slopes.
            using var scope = NewDisposeScope();
            using var rrelu = new RReLU(0.1, 0.4);
            rrelu.train();
            var x = Samples.AwayFrom(new long[] { 3, 7 }, new[] { 0.0 }, seed: 14);

            var result = GradCheck.Check(t => { random.manual_seed(2024); return rrelu.call(t); }, x);

            Assert.True(result.Passed, result.ToString());
        }

        [Fact]
        public void FastModeAgreesOnALargerInput()
        {
            using var scope = NewDisposeScope();
            using var swish = new Swish(1.2, num_parameters: 8).to(ScalarType.Float64);
            var x = Samples.Uniform(new long[] { 4, 8, 16 }, seed: 15, requires_grad: true);

            var result = GradCheck.Check(swish, x, new GradCheckOptions { FastMode = true });

            Assert.True(result.Passed, result.ToString());
            Assert.True(result.FastMode);
        }

        private static long OutputCount(nn.Module<Tensor, Tensor> module, Tensor x)
        {
            using (no_grad()) return module.call(x).numel();
        }
    }

    /// <summary>The tests above on the fused kernels, at the widest vectors the machine has.</summary>
    public sealed class LayerGradCheckTestsOnFusedKernels : LayerGradCheckTests
    {
        public LayerGradCheckTestsOnFusedKernels() : base(composite: false) { }
    }

    /// <summary>The tests above on the fused kernels' Vector256 code.</summary>
    public sealed class LayerGradCheckTestsOnFusedKernels256 : LayerGradCheckTests
    {
        public LayerGradCheckTestsOnFusedKernels256() : base(VectorWidth.Bits256) { }
    }

    /// <summary>The tests above on the fused kernels' Vector128 code.</summary>
    public sealed class LayerGradCheckTestsOnFusedKernels128 : LayerGradCheckTests
    {
        public LayerGradCheckTestsOnFusedKernels128() : base(VectorWidth.Bits128) { }
    }

    /// <summary>The tests above on the fused kernels' scalar code.</summary>
    public sealed class LayerGradCheckTestsOnFusedScalarKernels : LayerGradCheckTests
    {
        public LayerGradCheckTestsOnFusedScalarKernels() : base(VectorWidth.Scalar) { }
    }

    /// <summary>The tests above on the composite implementations.</summary>
    public sealed class LayerGradCheckTestsOnCompositePath : LayerGradCheckTests
    {
        public LayerGradCheckTestsOnCompositePath() : base(composite: true) { }
    }
}
