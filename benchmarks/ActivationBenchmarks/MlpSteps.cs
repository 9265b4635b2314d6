using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using TorchActivations;
using static TorchSharp.torch;
using static ActivationBenchmarks.Statistics;

namespace ActivationBenchmarks
{
    /// <summary>
    /// The MNIST example's training step (MLP 784-256-256-10, batch 64, SGD with momentum, cross-entropy; for
    /// Maxout the linear layers are widened by the pieces, as the example does) with each activation, fused
    /// and composite in one process: blocks of steps alternate between the two paths, so the machine's drift
    /// from minute to minute, which swamps whole-epoch timings on a shared VM, falls on both alike. The
    /// per-step median times 938 (the batches in an epoch of 60,000 images) estimates an epoch's compute.
    /// </summary>
    internal static class MlpSteps
    {
        private const int Batch = 64, StepsPerEpoch = 938;

        public static int Main(bool quick)
        {
            int rounds = quick ? 5 : 21, steps = quick ? 50 : 100;
            var specs = new[] { "relu", "swish", "gelu", "gelu:approximate=tanh", "rrelu", "clipped_relu:ceiling=6", "maxout:pieces=2" };
            Console.WriteLine($"MNIST example's training step, batch {Batch}, {get_num_threads()} thread(s): median µs per step over {rounds} " +
                $"rounds of {steps} steps on each path, the paths alternating; epoch = {StepsPerEpoch} steps. relu runs the same code on both paths.");
            Console.WriteLine();
            Console.WriteLine("| activation | fused (µs/step) | composite (µs/step) | fused ÷ composite | epoch, fused / composite (s) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            // A first pass over every activation and path lets .NET's tiered JIT settle before anything is timed.
            foreach (var spec in specs)
                Run(spec, rounds: 1, steps, record: false);
            foreach (var spec in specs) {
                var (fused, composite) = Run(spec, rounds, steps, record: true);
                Console.WriteLine($"| {spec} | {fused:0} | {composite:0} | {fused / composite:0.00} | " +
                    $"{(fused * StepsPerEpoch / 1e6).ToString("0.00", CultureInfo.InvariantCulture)} / {(composite * StepsPerEpoch / 1e6).ToString("0.00", CultureInfo.InvariantCulture)} |");
            }
            return 0;
        }

        /// <summary>Median µs per step on the fused and the composite path.</summary>
        private static (double fused, double composite) Run(string spec, int rounds, int steps, bool record)
        {
            {
                random.manual_seed(0);
                var (model, parameters) = Build(spec);
                var optimizer = optim.SGD(parameters, 0.05, momentum: 0.9);
                var x = randn(Batch, 784);
                var labels = randint(10, new long[] { Batch });
                var times = new[] { new List<double>(), new List<double>() };
                for (int round = record ? -2 : 0; round < rounds; round++)
                    for (int k = 0; k < 2; k++) {
                        int path = (round + k) & 1;   // which path goes first alternates from round to round
                        double perStep = Block(model, optimizer, x, labels, composite: path == 1, steps);
                        if (round >= 0) times[path].Add(perStep);
                    }
                model.Dispose();
                return record ? (Median(times[0]), Median(times[1])) : (0, 0);
            }
        }

        private static (nn.Module<Tensor, Tensor>, IEnumerable<TorchSharp.Modules.Parameter>) Build(string spec)
        {
            int pieces = spec.StartsWith("maxout") ? 2 : 1;
            var model = nn.Sequential(
                ("fc1", nn.Linear(784, 256 * pieces)), ("act1", ActivationRegistry.Create(spec)),
                ("fc2", nn.Linear(256, 256 * pieces)), ("act2", ActivationRegistry.Create(spec)),
                ("out", nn.Linear(256, 10)));
            model.train();
            return (model, model.parameters());
        }

        /// <summary>Mean µs per training step over a block of steps on one path.</summary>
        private static double Block(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor labels, bool composite, int steps)
        {
            ActivationKernels.ForceComposite = composite;
            try {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < steps; i++) {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.call(x), labels);
                    loss.backward();
                    optimizer.step();
                }
                return clock.Elapsed.TotalMilliseconds * 1000 / steps;
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }
    }
}
