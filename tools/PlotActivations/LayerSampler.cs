using System;
using TorchActivations;
using static TorchSharp.torch;

namespace PlotActivations
{
    /// <summary>Evaluates a real layer and its autograd derivative on a grid of scalar inputs.</summary>
    internal static class LayerSampler
    {
        /// <summary>f(x) and f'(x) for an element-wise layer: the derivative is the gradient of Σf(xᵢ).</summary>
        public static (double[] Value, double[] Derivative) Elementwise(nn.Module<Tensor, Tensor> layer, double[] grid)
        {
            using var scope = NewDisposeScope();
            var x = tensor(grid, dtype: ScalarType.Float64).requires_grad_(true);
            var y = layer.call(x);
            y.sum().backward();
            return (Values(y), Values(x.grad));
        }

        /// <summary>
        /// Maxout has no scalar form; plot the maxout of two affine pieces of x, max(x, −x/2), with
        /// pieces = 2 grouping the pair. Its derivative comes from autograd through the stacking.
        /// </summary>
        public static (double[] Value, double[] Derivative) MaxoutOfTwoPieces(Maxout layer, double[] grid)
        {
            using var scope = NewDisposeScope();
            var x = tensor(grid, dtype: ScalarType.Float64).requires_grad_(true);
            var pieces = stack(new[] { x, x * -0.5 }, 1); // [N, 2]: one group of two channels per point
            var y = layer.call(pieces).reshape(-1);
            y.sum().backward();
            return (Values(y), Values(x.grad));
        }

        private static double[] Values(Tensor t)
        {
            using var flat = t.detach().reshape(-1).contiguous();
            return flat.data<double>().ToArray();
        }
    }
}
