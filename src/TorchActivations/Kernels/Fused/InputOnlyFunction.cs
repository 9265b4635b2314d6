using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// An autograd function of the input alone that saves only the input: the fused kernel pair forward and
    /// backward, and differentiable ops when the backward is itself recorded (<c>create_graph</c>), so that it
    /// can be differentiated again.
    /// </summary>
    internal abstract class InputOnlyFunction<T> : GuardedFunction<T> where T : InputOnlyFunction<T>, new()
    {
        /// <summary>y = f(x) on the kernel.</summary>
        protected abstract Tensor Kernel(Tensor x);

        /// <summary>g·f'(x) on the kernel.</summary>
        protected abstract Tensor KernelGradient(Tensor x, Tensor g);

        /// <summary>g·f'(x) from differentiable ops, for a recorded backward.</summary>
        protected abstract Tensor RecordedGradient(Tensor x, Tensor g);

        protected sealed override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward(new List<Tensor> { x });
            return Kernel(x);
        }

        protected sealed override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var x = ctx.get_saved_variables()[0];
            return new List<Tensor> { is_grad_enabled() ? RecordedGradient(x, grad_output) : KernelGradient(x, grad_output) };
        }
    }
}
