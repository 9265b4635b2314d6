using System;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    internal static class Assertions
    {
        /// <summary>
        /// Asserts |actual − expected| &lt;= tol·(1 + |expected|) everywhere (NaN only where expected is NaN),
        /// reporting the worst element on failure.
        /// </summary>
        public static void Close(Tensor expected, Tensor actual, double tol, string what)
        {
            Assert.Equal(expected.shape, actual.shape);
            var e = Samples.Values(expected);
            var a = Samples.Values(actual);
            double worst = 0;
            int at = -1;
            for (int i = 0; i < e.Length; i++)
            {
                if (double.IsNaN(e[i]) || double.IsNaN(a[i]))
                {
                    Assert.True(double.IsNaN(e[i]) && double.IsNaN(a[i]), $"{what}: element {i} expected {e[i]}, got {a[i]}");
                    continue;
                }
                if (e[i] == a[i]) continue; // also covers equal infinities
                double excess = Math.Abs(a[i] - e[i]) / (1 + Math.Abs(e[i]));
                if (!(excess <= worst)) { worst = excess; at = i; }
            }
            Assert.True(worst <= tol, at < 0 ? what : $"{what}: element {at} expected {e[at]:R}, got {a[at]:R} (scaled error {worst:E3} > {tol:E1})");
        }

        /// <summary>dL/dx for L = Σ g·f(x), i.e. the vector-Jacobian product with upstream gradient g.</summary>
        public static Tensor InputGradient(Func<Tensor, Tensor> f, Tensor x, Tensor g)
        {
            var leaf = x.detach().requires_grad_(true);
            var y = f(leaf);
            // Not autograd.grad: TorchSharp's ends the process on any libtorch error.
            return SafeGrad.Grad(new[] { y }, new[] { leaf }, new[] { g }, retainGraph: false, createGraph: false)[0];
        }
    }
}
