using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace ActivationBenchmarks
{
    /// <summary>The two timed workloads: forward only (no graph), and forward plus backward.</summary>
    internal sealed class Measurements
    {
        private readonly Tensor input;
        // Upstream gradients of ones, made once per output shape so that allocating them is not timed.
        private readonly Dictionary<string, Tensor> upstream = new Dictionary<string, Tensor>();
        private readonly int warmup, repeats;

        public Measurements(Tensor input, int warmup, int repeats)
        {
            this.input = input;
            this.warmup = warmup;
            this.repeats = repeats;
        }

        /// <summary>Median time of f(x) without recording a graph (inference).</summary>
        public double Forward(Func<Tensor, Tensor> f) => Timer.MedianMilliseconds(() =>
        {
            using var scope = NewDisposeScope();
            using (no_grad()) f(input);
        }, warmup, repeats);

        /// <summary>Median time of y = f(x) with a graph, then y.backward(1), down to x.grad.</summary>
        public double ForwardBackward(Func<Tensor, Tensor> f) => Timer.MedianMilliseconds(() =>
        {
            using var scope = NewDisposeScope();
            var leaf = input.detach().requires_grad_(true);
            var y = f(leaf);
            y.backward(new[] { Upstream(y) });
        }, warmup, repeats);

        private Tensor Upstream(Tensor y)
        {
            string key = string.Join("x", y.shape);
            if (!upstream.TryGetValue(key, out var ones))
                upstream[key] = ones = ones_like(y).DetachFromDisposeScope();
            return ones;
        }
    }
}
