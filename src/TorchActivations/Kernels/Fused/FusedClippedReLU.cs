using System;
using System.Collections.Generic;
using System.Numerics;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>ClippedReLU on the managed kernels. The forward also keeps one bit per element of where the
    /// gradient flows (<c>0 &lt; x &lt; ceiling</c>), so the backward reads n/8 bytes instead of x.</summary>
    internal static class FusedClippedReLU
    {
        /// <summary>The output, and the bit mask when <paramref name="keepMask"/> (else null).</summary>
        internal static (Tensor y, Tensor mask) Forward(Tensor x, double ceiling, bool keepMask)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var y = empty_like(input);
            // Without a backward to come there is no mask: the kernel then only clamps.
            var mask = keepMask ? empty(MaskBytes(input.numel()), dtype: ScalarType.Byte) : null;
            int threads = get_num_threads();
            if (input.dtype == ScalarType.Float32) Run(input, (float)ceiling, y, mask, threads);
            else Run(input, ceiling, y, mask, threads);
            return (y.MoveToOuterDisposeScope(), mask?.MoveToOuterDisposeScope());
        }

        internal static Tensor Backward(Tensor g, Tensor mask)
        {
            using var scope = NewDisposeScope();
            var grad = g.contiguous();
            var dx = empty_like(grad);
            int threads = get_num_threads();
            if (grad.dtype == ScalarType.Float32) Run<float>(grad, mask, dx, threads);
            else Run<double>(grad, mask, dx, threads);
            return dx.MoveToOuterDisposeScope();
        }

        private static long MaskBytes(long n) => (n + 7) / 8;

        private static void Run<T>(Tensor x, T ceiling, Tensor y, Tensor mask, int threads) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            TensorMemory.ForEachChunk<T>(x.numel(), (start, count) =>
                ClippedReLUKernel.Forward<T>(TensorMemory.Chunk<T>(x, start, count), ceiling, TensorMemory.Chunk<T>(y, start, count),
                    mask is null ? Span<byte>.Empty : TensorMemory.Chunk<byte>(mask, start / 8, MaskBytes(count)), threads));

        private static void Run<T>(Tensor g, Tensor mask, Tensor dx, int threads) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            TensorMemory.ForEachChunk<T>(g.numel(), (start, count) =>
                ClippedReLUKernel.Backward<T>(TensorMemory.Chunk<T>(g, start, count), TensorMemory.Chunk<byte>(mask, start / 8, MaskBytes(count)),
                    TensorMemory.Chunk<T>(dx, start, count), threads));
    }

    /// <summary>
    /// The autograd function around <see cref="FusedClippedReLU"/>: saves x and the bit mask. The backward reads
    /// only the mask; a recorded backward (<c>create_graph</c>) multiplies by the mask rebuilt from x with
    /// differentiable ops instead, as the composite function does.
    /// </summary>
    internal sealed class FusedClippedReLUFunction : GuardedFunction<FusedClippedReLUFunction>
    {
        public override string Name => "FusedClippedReLUBackward";
        protected override string Layer => "ClippedReLU";

        /// <summary>vars: [0] input x, [1] the ceiling as a 0-d tensor.</summary>
        protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var x = (Tensor)vars[0];
            double ceiling = ((Tensor)vars[1]).item<double>();
            var (y, mask) = FusedClippedReLU.Forward(x, ceiling, keepMask: true);
            ctx.save_for_backward(new List<Tensor> { x, mask });
            ctx.save_data(nameof(ceiling), ceiling);
            return y;
        }

        protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            if (is_grad_enabled())
                return new List<Tensor> { ClippedReLUFunction.Gradient(saved[0], (double)ctx.get_data("ceiling"), grad_output), null };
            return new List<Tensor> { FusedClippedReLU.Backward(grad_output, saved[1]), null };
        }
    }
}
