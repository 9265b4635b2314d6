using System;
using System.Collections.Generic;
using System.Numerics;
using static TorchSharp.torch;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// Training-mode RReLU on the managed kernels. Each element's slope comes from a counter-based generator
    /// (Philox4x32-10) keyed by a seed drawn from TorchSharp's default generator, with the element's index as
    /// the counter: the backward draws the same slopes again instead of keeping a noise tensor, and the bits
    /// are the same at any thread count, vector width and chunking.
    /// </summary>
    internal static class FusedRReLU
    {
        /// <summary>A 62-bit seed drawn from the default generator, so <c>torch.random.manual_seed</c>
        /// reproduces a run.</summary>
        internal static ulong DrawSeed()
        {
            using var bits = randint(int.MaxValue, new long[] { 2 }, dtype: ScalarType.Int64);
            var v = bits.data<long>().ToArray();
            return (ulong)((v[0] << 31) ^ v[1]);
        }

        internal static Tensor Forward(Tensor x, double lower, double upper, ulong seed)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var y = empty_like(input);
            int threads = get_num_threads();
            if (input.dtype == ScalarType.Float32) Run<float>(input, input, y, lower, upper, seed, threads);
            else Run<double>(input, input, y, lower, upper, seed, threads);
            return y.MoveToOuterDisposeScope();
        }

        /// <summary>dx = g where x &gt; 0, else a·g, with the forward's slopes drawn again.</summary>
        internal static Tensor Backward(Tensor x, Tensor g, double lower, double upper, ulong seed)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().contiguous();
            var grad = g.contiguous();
            var dx = empty_like(grad);
            int threads = get_num_threads();
            if (input.dtype == ScalarType.Float32) Run<float>(input, grad, dx, lower, upper, seed, threads);
            else Run<double>(input, grad, dx, lower, upper, seed, threads);
            return dx.MoveToOuterDisposeScope();
        }

        /// <summary>The forward's slopes as a tensor shaped like x, for a recorded backward.</summary>
        internal static Tensor Slopes(Tensor x, double lower, double upper, ulong seed)
        {
            using var scope = NewDisposeScope();
            var a = empty(x.shape, dtype: x.dtype);
            int threads = get_num_threads();
            if (x.dtype == ScalarType.Float32) Slopes<float>(a, lower, upper, seed, threads);
            else Slopes<double>(a, lower, upper, seed, threads);
            return a.MoveToOuterDisposeScope();
        }

        // Forward: (x, x, y); backward: (x, g, dx). The kernel's forward is its backward with g = x.
        private static void Run<T>(Tensor x, Tensor g, Tensor output, double lower, double upper, ulong seed, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            TensorMemory.ForEachChunk<T>(x.numel(), (start, count) =>
                RReLUKernel.Backward<T>(TensorMemory.Chunk<T>(x, start, count), TensorMemory.Chunk<T>(g, start, count), lower, upper, seed, start,
                    TensorMemory.Chunk<T>(output, start, count), threads));

        private static void Slopes<T>(Tensor a, double lower, double upper, ulong seed, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            TensorMemory.ForEachChunk<T>(a.numel(), (start, count) =>
                RReLUKernel.Slopes<T>(lower, upper, seed, start, TensorMemory.Chunk<T>(a, start, count), threads));
    }

    /// <summary>The autograd function around <see cref="FusedRReLU"/>: saves x and the seed.</summary>
    internal sealed class FusedRReLUFunction : GuardedFunction<FusedRReLUFunction>
    {
        public override string Name => "FusedRReLUBackward";
        protected override string Layer => "RReLU";

        /// <summary>vars: [0] input x, [1] lower, [2] upper, [3] seed.</summary>
        protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var x = (Tensor)vars[0];
            double lower = (double)vars[1], upper = (double)vars[2];
            ulong seed = (ulong)vars[3];
            ctx.save_for_backward(new List<Tensor> { x });
            ctx.save_data(nameof(lower), lower);
            ctx.save_data(nameof(upper), upper);
            ctx.save_data(nameof(seed), seed);
            return FusedRReLU.Forward(x, lower, upper, seed);
        }

        protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var x = ctx.get_saved_variables()[0];
            double lower = (double)ctx.get_data("lower"), upper = (double)ctx.get_data("upper");
            ulong seed = (ulong)ctx.get_data("seed");
            if (!is_grad_enabled()) return new List<Tensor> { FusedRReLU.Backward(x, grad_output, lower, upper, seed), null, null, null };
            // Recorded: g·where(x > 0, 1, a) with the slopes as constants, differentiable in g.
            using var scope = NewDisposeScope();
            var a = FusedRReLU.Slopes(x, lower, upper, seed);
            var factor = where(x > 0, ones_like(a), a);
            return new List<Tensor> { (grad_output * factor).MoveToOuterDisposeScope(), null, null, null };
        }
    }
}
