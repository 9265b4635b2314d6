using System;
using System.Collections.Generic;
using System.Numerics;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>Swish on the managed kernels: tensors in, tensors out. β is a 0-d tensor, or one value per
    /// channel shaped <c>[1, C, 1, ...]</c> to broadcast against the input, of the input's dtype.</summary>
    internal static class FusedSwish
    {
        /// <summary>y = x·σ(βx) without a graph: one pass, only the output allocated.</summary>
        internal static Tensor Forward(Tensor x, Tensor beta)
        {
            using var scope = NewDisposeScope();
            var input = x.contiguous();
            var y = empty_like(input);
            var b = beta.detach().contiguous();
            long inner = Inner(input, b);
            int threads = get_num_threads();
            if (input.dtype == ScalarType.Float32) Forward<float>(input, b, y, inner, threads);
            else Forward<double>(input, b, y, inner, threads);
            return y.MoveToOuterDisposeScope();
        }

        /// <summary>dx and β's gradient (shaped like <paramref name="beta"/>) in one pass; either may be skipped.</summary>
        internal static (Tensor dx, Tensor dbeta) Backward(Tensor x, Tensor beta, Tensor g, bool wantDx, bool wantDbeta)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var grad = g.contiguous();
            var b = beta.detach().contiguous();
            long inner = Inner(input, b);
            int threads = get_num_threads();
            var dx = wantDx ? empty_like(input) : null;
            var sums = wantDbeta ? new double[b.numel()] : null;
            if (input.dtype == ScalarType.Float32) Backward<float>(input, b, grad, inner, dx, sums, threads);
            else Backward<double>(input, b, grad, inner, dx, sums, threads);
            var dbeta = sums is null ? null : tensor(sums, dtype: ScalarType.Float64).to(beta.dtype).reshape(beta.shape);
            return (dx?.MoveToOuterDisposeScope(), dbeta?.MoveToOuterDisposeScope());
        }

        /// <summary>Elements per channel row: everything after dimension 1 (1 for a single β).</summary>
        private static long Inner(Tensor x, Tensor beta)
        {
            if (beta.numel() == 1) return 1;
            long inner = 1;
            for (int d = 2; d < x.ndim; d++) inner *= x.shape[d];
            return inner;
        }

        private static void Forward<T>(Tensor x, Tensor beta, Tensor y, long inner, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            TensorMemory.ForEachChunk<T>(x.numel(), (start, count) =>
                SwishKernel.Forward<T>(TensorMemory.Chunk<T>(x, start, count), TensorMemory.Span<T>(beta), inner,
                    TensorMemory.Chunk<T>(y, start, count), threads, start));
        }

        private static void Backward<T>(Tensor x, Tensor beta, Tensor g, long inner, Tensor dx, double[] sums, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            TensorMemory.ForEachChunk<T>(x.numel(), (start, count) =>
                SwishKernel.Backward<T>(TensorMemory.Chunk<T>(x, start, count), TensorMemory.Span<T>(beta),
                    TensorMemory.Chunk<T>(g, start, count), inner,
                    dx is null ? Span<T>.Empty : TensorMemory.Chunk<T>(dx, start, count),
                    sums is null ? Span<double>.Empty : sums.AsSpan(), threads, start));
        }
    }

    /// <summary>
    /// The autograd function around <see cref="FusedSwish"/>: saves x and β, and computes dx and dβ in one
    /// pass. When the backward is itself recorded (<c>create_graph</c>), it runs the composite formulas
    /// instead, so the result can be differentiated again.
    /// </summary>
    internal sealed class FusedSwishFunction : GuardedFunction<FusedSwishFunction>
    {
        public override string Name => "FusedSwishBackward";
        protected override string Layer => "Swish";

        protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var (x, beta) = SwishFunction.Save(ctx, vars);
            return FusedSwish.Forward(x, beta);
        }

        protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var (x, beta, wantDx, wantDbeta) = SwishFunction.Saved(ctx);
            if (is_grad_enabled())
                return SwishFunction.Gradients(x, beta, grad_output, wantDx, wantDbeta);
            var (dx, dbeta) = FusedSwish.Backward(x, beta, grad_output, wantDx, wantDbeta);
            return new List<Tensor> { dx, dbeta };
        }
    }
}
