using System;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>GELU's exact form on the managed kernel, float32: <c>y = x·Φ(x)</c>.</summary>
    internal static class FusedGeluExact
    {
        internal static Tensor Forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var y = empty_like(input);
            int threads = get_num_threads();
            TensorMemory.ForEachChunk<float>(input.numel(), (start, count) =>
                GeluExactKernel.Forward(TensorMemory.Chunk<float>(input, start, count), TensorMemory.Chunk<float>(y, start, count), threads));
            return y.MoveToOuterDisposeScope();
        }

        internal static Tensor Backward(Tensor x, Tensor g)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var grad = g.contiguous();
            var dx = empty_like(input);
            int threads = get_num_threads();
            TensorMemory.ForEachChunk<float>(input.numel(), (start, count) =>
                GeluExactKernel.Backward(TensorMemory.Chunk<float>(input, start, count), TensorMemory.Chunk<float>(grad, start, count),
                    TensorMemory.Chunk<float>(dx, start, count), threads));
            return dx.MoveToOuterDisposeScope();
        }

        /// <summary>dL/dx from differentiable ops, for a recorded backward: <c>g·(Φ(x) + x·φ(x))</c>.</summary>
        internal static Tensor CompositeBackward(Tensor x, Tensor g)
        {
            using var scope = NewDisposeScope();
            var cdf = (x * (1 / Math.Sqrt(2))).erf().add(1).mul(0.5);
            var pdf = (x.square() * -0.5).exp() * GeluExactKernel.InvSqrt2Pi;
            return (g * (cdf + x * pdf)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>The autograd function around <see cref="FusedGeluExact"/>: saves only x.</summary>
    internal sealed class FusedGeluExactFunction : InputOnlyFunction<FusedGeluExactFunction>
    {
        public override string Name => "FusedGeluBackward";
        protected override string Layer => "GELU";
        protected override Tensor Kernel(Tensor x) => FusedGeluExact.Forward(x);
        protected override Tensor KernelGradient(Tensor x, Tensor g) => FusedGeluExact.Backward(x, g);
        protected override Tensor RecordedGradient(Tensor x, Tensor g) => FusedGeluExact.CompositeBackward(x, g);
    }
}
