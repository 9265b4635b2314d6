using System;
using System.Collections.Generic;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// Forward values and input gradients agree with libtorch's own kernels (through TorchSharp's API):
    /// to 1e-12 in float64 and 1e-6 in float32, with non-default settings so parameters are really passed on.
    /// </summary>
    public class BuiltinAgreementTests
    {
        public static IEnumerable<object[]> Pairs()
        {
            foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
            {
                yield return Pair("relu", () => new ReLU(), x => nn.functional.relu(x), dtype);
                yield return Pair("leaky_relu", () => new LeakyReLU(0.2), x => nn.functional.leaky_relu(x, 0.2), dtype);
                // In-place on a copy: TorchSharp's non-inplace hardtanh returns its input unclamped (UpstreamDefectTests).
                yield return Pair("clipped_relu", () => new ClippedReLU(1.5), x => nn.functional.hardtanh(x.clone(), 0, 1.5, inplace: true), dtype);
                yield return Pair("swish(beta=1)", () => new Swish(1.0), x => nn.functional.silu(x), dtype);
                yield return Pair("swish(beta=1, fixed)", () => new Swish(1.0, learnable: false), x => nn.functional.silu(x), dtype);
                yield return Pair("silu", () => new SiLU(), x => x * x.sigmoid(), dtype);
                // libtorch's exact gelu against x·Φ(x) written with erf.
                yield return Pair("gelu", () => new GELU(), x => x * 0.5 * (1 + (x / Math.Sqrt(2)).erf()), dtype);
                // The tanh form against libtorch's own, and against the formula as written with tanh.
                yield return Pair("gelu_tanh", () => new GELU("tanh"), x => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh), dtype);
                yield return Pair("gelu_tanh(formula)", () => new GELU("tanh"),
                    x => 0.5 * x * (1 + (Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3))).tanh()), dtype);
                yield return Pair("rrelu_eval", () => EvalRReLU(), x => nn.functional.rrelu(x, 0.1, 0.3), dtype);
                yield return Pair("elu", () => new ELU(1.7), x => nn.functional.elu(x, 1.7), dtype);
                yield return Pair("softplus", () => new Softplus(2.0, 5.0), x => nn.functional.softplus(x, 2.0, 5.0), dtype);
            }
        }

        [Theory]
        [MemberData(nameof(Pairs))]
        public void ForwardAndBackwardAgree(string name, Func<nn.Module<Tensor, Tensor>> create, Func<Tensor, Tensor> reference, ScalarType dtype)
        {
            using var scope = NewDisposeScope();
            double tol = dtype == ScalarType.Float64 ? 1e-12 : 1e-6;
            using var layer = create();
            var x = Samples.Uniform(new long[] { 6, 50 }, low: -6, high: 6, seed: 21, dtype: dtype);
            var g = Samples.Uniform(new long[] { 6, 50 }, low: -1, high: 1, seed: 22, dtype: dtype);

            Tensor ours, theirs;
            using (no_grad())
            {
                ours = layer.call(x);
                theirs = reference(x);
            }
            Assert.Equal(dtype, ours.dtype);
            Assertions.Close(theirs, ours, tol, $"{name} forward ({dtype})");

            var ourGrad = Assertions.InputGradient(t => layer.call(t), x, g);
            var theirGrad = Assertions.InputGradient(reference, x, g);
            Assertions.Close(theirGrad, ourGrad, tol, $"{name} backward ({dtype})");
        }

        private static object[] Pair(string name, Func<nn.Module<Tensor, Tensor>> create, Func<Tensor, Tensor> reference, ScalarType dtype) =>
            new object[] { name, create, reference, dtype };

        private static RReLU EvalRReLU()
        {
            var rrelu = new RReLU(0.1, 0.3);
            rrelu.eval();
            return rrelu;
        }
    }
}
