using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// <c>autograd.grad</c> without its process-ending failure mode. TorchSharp's <c>autograd.grad</c> does not
    /// catch libtorch's errors: an output without a graph, a freed graph, a gradient of the wrong shape, or a
    /// custom function's refused gradient ends the process. <c>autograd.backward</c> with <c>inputs</c>
    /// computes the same gradients and turns libtorch's errors into exceptions, so the gradient checkers and the
    /// activation monitor use this instead: each target's <c>.grad</c> is cleared, filled by the backward pass,
    /// read, and put back as it was.
    /// </summary>
    internal static class SafeGrad
    {
        /// <summary>∂(Σ seedₖ·outputₖ)/∂target for each target, null where a target is not reached. Outputs that
        /// do not require grad contribute nothing.</summary>
        internal static Tensor[] Grad(IList<Tensor> outputs, IList<Tensor> targets, IList<Tensor> seeds, bool retainGraph, bool createGraph)
        {
            var result = new Tensor[targets.Count];
            var differentiable = new List<Tensor>();
            var used = new List<Tensor>();
            for (int k = 0; k < outputs.Count; k++) {
                if (outputs[k] is null || !outputs[k].requires_grad) continue;
                differentiable.Add(outputs[k]);
                used.Add(seeds[k]);
            }
            if (differentiable.Count == 0) return result;

            var previous = new Tensor[targets.Count];
            for (int i = 0; i < targets.Count; i++) {
                previous[i] = targets[i].grad;
                targets[i].grad = null;
            }
            try {
                autograd.backward(differentiable, used, retain_graph: retainGraph, create_graph: createGraph, inputs: targets);
                for (int i = 0; i < targets.Count; i++) result[i] = targets[i].grad;
            } finally {
                for (int i = 0; i < targets.Count; i++) targets[i].grad = previous[i];
            }
            return result;
        }
    }
}
