using System;
using System.Linq;
using static TorchSharp.torch;

namespace TorchActivations.Monitoring
{
    /// <summary>
    /// The derivative of each output unit of an activation with respect to its input, computed
    /// exactly by autograd on a detached copy of the input.
    /// </summary>
    /// <remarks>
    /// One backward pass of the all-ones vector gives d(sum y)/dx. For an elementwise activation that
    /// is exactly f'(x) at every element. For an activation that groups k consecutive channels of
    /// dimension 1 into one (maxout), the k input gradients of a group are summed: the derivative of
    /// the unit with respect to a common shift of its k inputs, which for maxout is 1 (the winner's slope).
    /// Activations of any other shape change are rejected rather than measured wrongly.
    /// </remarks>
    internal static class UnitDerivative
    {
        /// <summary>Runs <paramref name="activation"/>'s forward on a copy of <paramref name="input"/> and returns f'(x) per output element.</summary>
        public static Tensor Compute(string layerName, nn.Module<Tensor, Tensor> activation, Tensor input)
        {
            using (enable_grad())
            {
                var x = input.detach().requires_grad_(true);
                // forward, not call: call would run the monitor's own hook again.
                var y = activation.forward(x);
                Tensor dx;
                if (!y.requires_grad)
                {
                    // The output does not depend differentiably on the input (e.g. a step function): f' = 0.
                    dx = zeros_like(x);
                }
                else
                {
                    var grads = SafeGrad.Grad(new[] { y }, new[] { x }, new[] { ones_like(y) }, retainGraph: false, createGraph: false);
                    dx = CheckProblem.Undefined(grads[0]) ? zeros_like(x) : grads[0];
                }
                return ToOutputUnits(layerName, dx, x.shape, y.shape);
            }
        }

        private static Tensor ToOutputUnits(string layerName, Tensor dx, long[] inputShape, long[] outputShape)
        {
            if (inputShape.SequenceEqual(outputShape))
                return dx;
            bool groupsChannels = inputShape.Length == outputShape.Length && inputShape.Length >= 2
                && Enumerable.Range(0, inputShape.Length).All(d => d == 1 || inputShape[d] == outputShape[d])
                && outputShape[1] > 0 && inputShape[1] % outputShape[1] == 0;
            if (!groupsChannels)
                throw new NotSupportedException(
                    $"Activation monitor, layer '{layerName}': the activation maps shape [{string.Join(", ", inputShape)}] to " +
                    $"[{string.Join(", ", outputShape)}]; only activations that keep the shape or group consecutive channels of dimension 1 (maxout) can be measured.");
            long pieces = inputShape[1] / outputShape[1];
            return dx.unflatten(1, outputShape[1], pieces).sum(2);
        }
    }
}
