using System;
using System.Numerics;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>GELU's tanh form on the managed kernels: <c>y = x·σ(z)</c>, <c>z = x·(A + B·x²)</c>.</summary>
    internal static class FusedGeluTanh
    {
        internal static Tensor Forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var y = empty_like(input);
            int threads = get_num_threads();
            if (input.dtype == ScalarType.Float32) Run<float>(input, y, threads);
            else Run<double>(input, y, threads);
            return y.MoveToOuterDisposeScope();
        }

        internal static Tensor Backward(Tensor x, Tensor g)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var grad = g.contiguous();
            var dx = empty_like(input);
            int threads = get_num_threads();
            if (input.dtype == ScalarType.Float32) Run<float>(input, grad, dx, threads);
            else Run<double>(input, grad, dx, threads);
            return dx.MoveToOuterDisposeScope();
        }

        /// <summary>dL/dx from differentiable ops, for a recorded backward:
        /// <c>σ(z) + x·σ(z)(1 − σ(z))·(A + 3B·x²)</c>.</summary>
        internal static Tensor CompositeBackward(Tensor x, Tensor g)
        {
            using var scope = NewDisposeScope();
            var x2 = x.square();
            var s = (x * (x2 * GeluTanhKernel.B + GeluTanhKernel.A)).sigmoid();
            var slope = x2 * (3 * GeluTanhKernel.B) + GeluTanhKernel.A;
            var derivative = s + x * s * (1 - s) * slope;
            return (g * derivative).MoveToOuterDisposeScope();
        }

        private static void Run<T>(Tensor x, Tensor y, int threads) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            TensorMemory.ForEachChunk<T>(x.numel(), (start, count) =>
                GeluTanhKernel.Forward<T>(TensorMemory.Chunk<T>(x, start, count), TensorMemory.Chunk<T>(y, start, count), threads));

        private static void Run<T>(Tensor x, Tensor g, Tensor dx, int threads) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            TensorMemory.ForEachChunk<T>(x.numel(), (start, count) =>
                GeluTanhKernel.Backward<T>(TensorMemory.Chunk<T>(x, start, count), TensorMemory.Chunk<T>(g, start, count),
                    TensorMemory.Chunk<T>(dx, start, count), threads));
    }

    /// <summary>The autograd function around <see cref="FusedGeluTanh"/>: saves only x.</summary>
    internal sealed class FusedGeluTanhFunction : InputOnlyFunction<FusedGeluTanhFunction>
    {
        public override string Name => "FusedGeluTanhBackward";
        protected override string Layer => "GELU (tanh)";
        protected override Tensor Kernel(Tensor x) => FusedGeluTanh.Forward(x);
        protected override Tensor KernelGradient(Tensor x, Tensor g) => FusedGeluTanh.Backward(x, g);
        protected override Tensor RecordedGradient(Tensor x, Tensor g) => FusedGeluTanh.CompositeBackward(x, g);
    }
}
