using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using static TorchSharp.torch;
using static ActivationBenchmarks.Statistics;

namespace ActivationBenchmarks
{
    /// <summary>The two timed workloads: forward only (no graph), and forward plus backward.</summary>
    internal sealed class Measurements
    {
        private readonly Tensor input;
        private readonly int warmup, repeats;

        public Measurements(Tensor input, int warmup, int repeats)
        {
            this.input = input;
            this.warmup = warmup;
            this.repeats = repeats;
        }

        /// <summary>Median time of f(x) without recording a graph (inference).</summary>
        public double Forward(Func<Tensor, Tensor> f) => Interleaved(new Func<double>[] { () => OnceForward(f) })[0];

        /// <summary>Median time of y = f(x) with a graph, then y.backward(1), down to x.grad.</summary>
        public double ForwardBackward(Func<Tensor, Tensor> f) => Interleaved(new Func<double>[] { () => OnceForwardBackward(f) })[0];

        /// <summary>Medians of several timings taken in turn, one of each per round (warm-up rounds first): the
        /// machine's drift over the rounds falls on all of them alike.</summary>
        public double[] Interleaved(IReadOnlyList<Func<double>> timings)
        {
            var times = timings.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < warmup + repeats; round++)
                for (int t = 0; t < timings.Count; t++) {
                    double ms = timings[t]();
                    if (round >= warmup) times[t].Add(ms);
                }
            return times.Select(Median).ToArray();
        }

        /// <summary>One timing of f(x) without recording a graph (inference).</summary>
        public double OnceForward(Func<Tensor, Tensor> f)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            using (no_grad()) f(input);
            return clock.Elapsed.TotalMilliseconds;
        }

        /// <summary>One timing of y = f(x) with a graph, then y.backward(1), down to x.grad.</summary>
        public double OnceForwardBackward(Func<Tensor, Tensor> f)
        {
            using var scope = NewDisposeScope();
            var leaf = input.detach().requires_grad_(true);
            var clock = Stopwatch.StartNew();
            var y = f(leaf);
            y.backward(new[] { UpstreamGradients.For(y) });
            return clock.Elapsed.TotalMilliseconds;
        }
    }
}
