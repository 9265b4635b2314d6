using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// The autograd function behind <see cref="Swish"/>: <c>y = x · σ(β·x)</c>.
    /// </summary>
    /// <remarks>
    /// Only <c>x</c> and <c>β</c> are saved; <c>σ(β·x)</c> is recomputed in the backward pass. Autograd
    /// through the plain expression would keep <c>β·x</c> and <c>σ(β·x)</c> alive as well, three tensors
    /// the size of the input instead of one. The backward is written with ordinary differentiable tensor
    /// ops, so when the engine runs it with <c>create_graph</c> the result can be differentiated again.
    /// <para>With <c>s = σ(β·x)</c>:
    /// <c>∂y/∂x = s·(1 + β·x·(1 − s))</c> and <c>∂y/∂β = x²·s·(1 − s)</c>; the β gradient is summed
    /// over every dimension along which β was broadcast.</para>
    /// </remarks>
    internal sealed class SwishFunction : GuardedFunction<SwishFunction>
    {
        private const string InputNeedsGrad = "input_needs_grad";
        private const string BetaNeedsGrad = "beta_needs_grad";

        public override string Name => "SwishBackward";
        protected override string Layer => "Swish";

        /// <summary>vars: [0] input x, [1] β, already shaped to broadcast against x and of x's dtype.</summary>
        protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var (x, beta) = Save(ctx, vars);

            // No graph is recorded here, so one buffer can be updated in place: only the output is allocated.
            var y = beta * x;
            y.sigmoid_().mul_(x);
            return y;
        }

        protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var (x, beta, inputNeedsGrad, betaNeedsGrad) = Saved(ctx);
            return is_grad_enabled()
                ? Gradients(x, beta, grad_output, inputNeedsGrad, betaNeedsGrad)
                : GradientsInPlace(x, beta, grad_output, inputNeedsGrad, betaNeedsGrad);
        }

        /// <summary>Saves x, β and which of them needs a gradient (the fused function saves the same).</summary>
        internal static (Tensor x, Tensor beta) Save(autograd.AutogradContext ctx, object[] vars)
        {
            var x = (Tensor)vars[0];
            var beta = (Tensor)vars[1];
            ctx.save_for_backward(new List<Tensor> { x, beta });
            ctx.save_data(InputNeedsGrad, x.requires_grad);
            ctx.save_data(BetaNeedsGrad, beta.requires_grad);
            return (x, beta);
        }

        /// <summary>What <see cref="Save"/> kept.</summary>
        internal static (Tensor x, Tensor beta, bool inputNeedsGrad, bool betaNeedsGrad) Saved(autograd.AutogradContext ctx)
        {
            var saved = ctx.get_saved_variables();
            return (saved[0], saved[1], (bool)ctx.get_data(InputNeedsGrad), (bool)ctx.get_data(BetaNeedsGrad));
        }

        /// <summary>The same gradients when the backward is not recorded: two input-sized buffers updated in place
        /// instead of about ten temporaries. Fewer, same-sized allocations also let glibc reuse freed memory:
        /// with ten 2 MiB temporaries a step, a training loop's resident memory grew by hundreds of MiB.</summary>
        private static List<Tensor> GradientsInPlace(Tensor x, Tensor beta, Tensor grad_output, bool inputNeedsGrad, bool betaNeedsGrad)
        {
            using var scope = NewDisposeScope();
            var t = (beta * x).sigmoid_();                  // s
            var gs = grad_output * t;                         // g·s
            t.neg_().add_(1).mul_(gs).mul_(x);                // x·t = x·g·s·(1 − s)
            Tensor gradInput = null, gradBeta = null;
            if (betaNeedsGrad)
                gradBeta = SumToShape(x * t, beta.shape).MoveToOuterDisposeScope();
            if (inputNeedsGrad)
                gradInput = gs.add_(t.mul_(beta)).MoveToOuterDisposeScope();   // g·s + β·x·t
            return new List<Tensor> { gradInput, gradBeta };
        }

        /// <summary>[∂L/∂x, ∂L/∂β] from differentiable ops (null where not wanted), so a recorded backward can
        /// be differentiated again; the fused function's recorded backward uses it too.</summary>
        internal static List<Tensor> Gradients(Tensor x, Tensor beta, Tensor grad_output, bool inputNeedsGrad, bool betaNeedsGrad)
        {
            using var scope = NewDisposeScope();
            // With s = σ(βx) and t = g·s·(1 − s):  ∂L/∂x = g·s + β·x·t  and  ∂L/∂β = Σ x·x·t.
            // Sharing g·s and x·t keeps this at about ten passes over the input.
            var s = (beta * x).sigmoid();
            var gs = grad_output * s;
            var xt = x * (gs * (1 - s));

            Tensor gradInput = null, gradBeta = null;
            if (inputNeedsGrad)
                gradInput = (gs + beta * xt).MoveToOuterDisposeScope();
            if (betaNeedsGrad)
                gradBeta = SumToShape(xt * x, beta.shape).MoveToOuterDisposeScope();
            return new List<Tensor> { gradInput, gradBeta };
        }

        /// <summary>Sums a gradient over the dimensions along which a tensor of <paramref name="shape"/> was broadcast.</summary>
        internal static Tensor SumToShape(Tensor grad, long[] shape)
        {
            long leading = grad.ndim - shape.Length;
            var dims = new List<long>();
            for (long d = 0; d < grad.ndim; d++)
            {
                if (d < leading || (shape[d - leading] == 1 && grad.shape[d] != 1))
                    dims.Add(d);
            }
            var summed = dims.Count > 0 ? grad.sum(dims.ToArray(), keepdim: true) : grad;
            return summed.reshape(shape);
        }
    }
}
