using System;
using System.Collections.Generic;
using System.Numerics;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Maxout on the managed kernels: dimension <c>dim</c> of size <c>G·k</c> viewed as G groups of k, the
    /// input as <c>[rows, k, inner]</c>. The forward keeps one byte per output element, the index of the
    /// value taken (torch.max's: the first maximum, a NaN wins), so the backward neither reads x nor finds
    /// the winners again.
    /// </summary>
    internal static class FusedMaxout
    {
        internal static (Tensor y, Tensor winners) Forward(Tensor x, long pieces, long dim)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var shape = (long[])input.shape.Clone();
            shape[dim] /= pieces;
            var y = empty(shape, dtype: input.dtype);
            var winners = empty(shape, dtype: ScalarType.Byte);
            int inner = checked((int)Inner(input, dim)), k = (int)pieces, threads = get_num_threads();
            if (input.dtype == ScalarType.Float32)
                MaxoutKernel.Forward<float>(TensorMemory.Span<float>(input), k, inner, TensorMemory.Span<float>(y), TensorMemory.Span<byte>(winners), threads);
            else
                MaxoutKernel.Forward<double>(TensorMemory.Span<double>(input), k, inner, TensorMemory.Span<double>(y), TensorMemory.Span<byte>(winners), threads);
            return (y.MoveToOuterDisposeScope(), winners.MoveToOuterDisposeScope());
        }

        /// <summary>dx, zero except at each group's winner, which gets that output's gradient.</summary>
        internal static Tensor Backward(Tensor g, Tensor winners, long[] inputShape, long pieces, long dim)
        {
            using var scope = NewDisposeScope();
            var grad = g.contiguous();
            var dx = empty(inputShape, dtype: grad.dtype);
            int inner = checked((int)Inner(dx, dim)), k = (int)pieces, threads = get_num_threads();
            if (grad.dtype == ScalarType.Float32)
                MaxoutKernel.Backward<float>(TensorMemory.Span<float>(grad), TensorMemory.Span<byte>(winners), k, inner, TensorMemory.Span<float>(dx), threads);
            else
                MaxoutKernel.Backward<double>(TensorMemory.Span<double>(grad), TensorMemory.Span<byte>(winners), k, inner, TensorMemory.Span<double>(dx), threads);
            return dx.MoveToOuterDisposeScope();
        }

        /// <summary>The same gradient from differentiable ops (a scatter of g), for a recorded backward.</summary>
        internal static Tensor CompositeBackward(Tensor g, Tensor winners, long[] inputShape, long pieces, long dim)
        {
            using var scope = NewDisposeScope();
            var grouped = (long[])inputShape.Clone();
            var groupedShape = new List<long>(grouped);
            groupedShape[(int)dim] = grouped[dim] / pieces;
            groupedShape.Insert((int)dim + 1, pieces);
            var index = winners.to(ScalarType.Int64).unsqueeze(dim + 1);
            var dx = zeros(groupedShape.ToArray(), dtype: g.dtype, device: g.device).scatter(dim + 1, index, g.unsqueeze(dim + 1));
            return dx.reshape(inputShape).MoveToOuterDisposeScope();
        }

        private static long Inner(Tensor t, long dim)
        {
            long inner = 1;
            for (long d = dim + 1; d < t.ndim; d++) inner *= t.shape[d];
            return inner;
        }
    }

    /// <summary>The autograd function around <see cref="FusedMaxout"/>: saves only the winners (a byte per output).</summary>
    internal sealed class FusedMaxoutFunction : GuardedFunction<FusedMaxoutFunction>
    {
        public override string Name => "FusedMaxoutBackward";
        protected override string Layer => "Maxout";

        /// <summary>vars: [0] input x, [1] pieces, [2] dim (non-negative).</summary>
        protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var x = (Tensor)vars[0];
            long pieces = (long)vars[1], dim = (long)vars[2];
            var (y, winners) = FusedMaxout.Forward(x, pieces, dim);
            ctx.save_for_backward(new List<Tensor> { winners });
            ctx.save_data(nameof(pieces), pieces);
            ctx.save_data(nameof(dim), dim);
            ctx.save_data("shape", x.shape);
            return y;
        }

        protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var winners = ctx.get_saved_variables()[0];
            long pieces = (long)ctx.get_data("pieces"), dim = (long)ctx.get_data("dim");
            var shape = (long[])ctx.get_data("shape");
            var dx = is_grad_enabled()
                ? FusedMaxout.CompositeBackward(grad_output, winners, shape, pieces, dim)
                : FusedMaxout.Backward(grad_output, winners, shape, pieces, dim);
            return new List<Tensor> { dx, null, null };
        }
    }
}
