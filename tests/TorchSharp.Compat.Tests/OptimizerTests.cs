using System;
using System.Linq;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    /// <summary>One or two optimizer steps on a parameter with a known gradient, against hand computation.</summary>
    public class OptimizerTests
    {
        private static Parameter Param(params double[] values) => new Parameter(tensor(values));

        private static void SetGrad(Parameter p, params double[] g) => p.grad = tensor(g);

        [Fact]
        public void SgdWithMomentumAndWeightDecay()
        {
            var p = Param(1.0, -2.0);
            using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.9, weight_decay: 0.01);
            SetGrad(p, 0.5, 0.5);
            opt.step();
            // d = g + wd p = (0.51, 0.48); buf = d; p -= 0.1 d
            var afterOne = new[] { 1.0 - 0.051, -2.0 - 0.048 };
            Assert.Equal(afterOne, p.data<double>().ToArray(), new Tolerance(1e-12));
            SetGrad(p, 0.5, 0.5);
            opt.step();
            // d2 = g + wd p1; buf = 0.9 buf + d2; p -= 0.1 buf
            var d2 = afterOne.Select(x => 0.5 + 0.01 * x).ToArray();
            var buf = new[] { 0.9 * 0.51 + d2[0], 0.9 * 0.48 + d2[1] };
            var expected = new[] { afterOne[0] - 0.1 * buf[0], afterOne[1] - 0.1 * buf[1] };
            Assert.Equal(expected, p.data<double>().ToArray(), new Tolerance(1e-12));
        }

        [Fact]
        public void SgdNesterov()
        {
            var p = Param(1.0);
            using var opt = optim.SGD(new[] { p }, 0.1, momentum: 0.5, nesterov: true);
            SetGrad(p, 2.0);
            opt.step();
            // buf = g = 2; d = g + 0.5 buf = 3; p = 1 - 0.3
            Assert.Equal(0.7, p.item<double>(), 12);
        }

        [Fact]
        public void AdamFirstStepMovesByLearningRateTimesSign()
        {
            var p = Param(1.0, 1.0);
            using var opt = optim.Adam(new[] { p }, lr: 0.01);
            SetGrad(p, 3.0, -0.5);
            opt.step();
            // m_hat = g, v_hat = g^2: p -= lr * g / (|g| + eps)
            Assert.Equal(1.0 - 0.01 * 3.0 / (3.0 + 1e-8), p.data<double>()[0], 12);
            Assert.Equal(1.0 + 0.01 * 0.5 / (0.5 + 1e-8), p.data<double>()[1], 12);
        }

        [Fact]
        public void AdamWDecaysWeightsDecoupled()
        {
            var p = Param(2.0);
            using var opt = optim.AdamW(new[] { p }, lr: 0.1, weight_decay: 0.5);
            SetGrad(p, 1.0);
            opt.step();
            // p = 2 (1 - 0.1 * 0.5) - 0.1 * 1 / (1 + eps)
            Assert.Equal(2.0 * 0.95 - 0.1 / (1 + 1e-8), p.item<double>(), 12);
        }

        [Fact]
        public void ZeroGradClearsGradients()
        {
            var p = Param(1.0);
            using var opt = optim.SGD(new[] { p }, 0.1);
            SetGrad(p, 1.0);
            opt.zero_grad();
            Assert.Null(p.grad);
        }

        [Fact]
        public void InvalidOptimizerArgumentsRaise()
        {
            var p = Param(1.0);
            Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD(new[] { p }, -1));
            Assert.Throws<ArgumentException>(() => optim.SGD(Array.Empty<Parameter>(), 0.1));
            Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(new[] { p }, beta1: 1.5));
        }

        private sealed class Tolerance : System.Collections.Generic.IEqualityComparer<double>
        {
            private readonly double tol;
            public Tolerance(double tol) => this.tol = tol;
            public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
            public int GetHashCode(double x) => 0;
        }
    }
}
