using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Every layer, with the settings, input shape and kinks the generic tests use.</summary>
    public sealed class LayerCase
    {
        public LayerCase(string name, Func<nn.Module<Tensor, Tensor>> create, double[] kinks, bool smooth, long[] shape = null)
        {
            Name = name;
            Create = create;
            Kinks = kinks;
            Smooth = smooth;
            Shape = shape ?? new long[] { 2, 4, 3 };
        }

        public string Name { get; }
        public Func<nn.Module<Tensor, Tensor>> Create { get; }
        /// <summary>Points where the derivative jumps; inputs for gradient checks keep away from them.</summary>
        public double[] Kinks { get; }
        /// <summary>Twice differentiable everywhere (second-order checks apply).</summary>
        public bool Smooth { get; }
        public long[] Shape { get; }

        public override string ToString() => Name;
    }

    internal static class LayerCatalogue
    {
        private static readonly double[] None = Array.Empty<double>();
        private static readonly double[] Zero = { 0.0 };

        public static readonly LayerCase[] All =
        {
            new LayerCase("step", () => new Step(0.5), Zero, smooth: false),
            new LayerCase("sigmoid", () => new Sigmoid(), None, smooth: true),
            new LayerCase("tanh", () => new Tanh(), None, smooth: true),
            new LayerCase("relu", () => new ReLU(), Zero, smooth: false),
            new LayerCase("leaky_relu", () => new LeakyReLU(0.2), Zero, smooth: false),
            new LayerCase("prelu", () => new PReLU(4, 0.3), Zero, smooth: false),
            new LayerCase("rrelu_eval", () => Eval(new RReLU(0.1, 0.3)), Zero, smooth: false),
            new LayerCase("clipped_relu", () => new ClippedReLU(1.5), new[] { 0.0, 1.5 }, smooth: false),
            new LayerCase("elu", () => new ELU(1.3), Zero, smooth: false),
            new LayerCase("softplus", () => new Softplus(2.0, 4.0), new[] { 2.0 }, smooth: false), // switches to x at beta·x = threshold
            new LayerCase("silu", () => new SiLU(), None, smooth: true),
            new LayerCase("swish", () => new Swish(1.3), None, smooth: true),
            new LayerCase("swish_fixed", () => new Swish(0.7, learnable: false), None, smooth: true),
            new LayerCase("swish_per_channel", () => PerChannelSwish(), None, smooth: true),
            new LayerCase("gelu", () => new GELU(), None, smooth: true),
            new LayerCase("gelu_tanh", () => new GELU("tanh"), None, smooth: true),
            new LayerCase("maxout", () => new Maxout(2), None, smooth: false),
            new LayerCase("maxout_linear", () => new MaxoutLinear(3, 2, 3), None, smooth: false, shape: new long[] { 4, 3 }),
        };

        public static IEnumerable<object[]> Cases()
        {
            foreach (var c in All) yield return new object[] { c };
        }

        public static IEnumerable<object[]> SmoothCases()
        {
            foreach (var c in All) if (c.Smooth) yield return new object[] { c };
        }

        private static nn.Module<Tensor, Tensor> Eval(nn.Module<Tensor, Tensor> module)
        {
            module.eval();
            return module;
        }

        private static Swish PerChannelSwish()
        {
            var swish = new Swish(1.0, learnable: true, num_parameters: 4);
            using (no_grad()) swish.beta.copy_(tensor(new[] { 0.5, 1.0, 1.5, -0.5 }));
            return swish;
        }
    }
}
