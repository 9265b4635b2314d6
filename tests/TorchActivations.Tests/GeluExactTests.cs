using System;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Exact GELU on float32 runs the fused kernel: its recorded backward (double backward) and its
    /// path choice. Values and first derivatives are checked in KernelAgreementTests and GeluExactKernelTests.</summary>
    public class GeluExactTests
    {
        [Fact]
        public void SecondDerivativesMatchFloat64()
        {
            using var scope = NewDisposeScope();
            var x32 = Samples.Uniform(new long[] { 64, 128 }, seed: 71, dtype: ScalarType.Float32);
            Assert.True(ActivationKernels.PathFor(new GELU(), x32).Fused);
            double[] fused = SecondDerivative(x32), reference = SecondDerivative(x32.to(ScalarType.Float64));
            for (int i = 0; i < fused.Length; i++)
                Assert.True(Math.Abs(fused[i] - reference[i]) <= 1e-5 * Math.Max(1, Math.Abs(reference[i])),
                    $"GELU''({i}): fused {fused[i]}, float64 {reference[i]}");
        }

        /// <summary>d²/dx² of sum(GELU(x)), elementwise, through a recorded first backward.</summary>
        private static double[] SecondDerivative(Tensor input)
        {
            var x = input.detach().requires_grad_(true);
            var y = ActivationFunctions.gelu(x);
            var first = SafeGrad.Grad(new[] { y }, new[] { x }, new[] { ones_like(y) }, retainGraph: true, createGraph: true)[0];
            var second = SafeGrad.Grad(new[] { first }, new[] { x }, new[] { ones_like(first) }, retainGraph: false, createGraph: false)[0];
            return Samples.Values(second);
        }
    }
}
