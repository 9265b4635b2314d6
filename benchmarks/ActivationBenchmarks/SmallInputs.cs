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
    /// The fixed cost of the fused path on small inputs: forward + backward of each fused layer against its
    /// composite path on [64, n / 64] float32 inputs (a batch of 64, as in the MNIST example), µs per call,
    /// medians of interleaved batches of calls. Where the fused path stops losing is where
    /// <see cref="ActivationKernels.MinimumElements"/> belongs.
    ///     dotnet run --project benchmarks/ActivationBenchmarks -c Release -- --small
    /// </summary>
    internal static class SmallInputs
    {
        public static int Main(bool quick)
        {
            int calls = quick ? 50 : 200, rounds = quick ? 5 : 11;
            var sizes = new long[] { 256, 1024, 4096, 16384, 65536 };
            var rrelu = new RReLU();
            rrelu.train();
            var layers = new (string, nn.Module<Tensor, Tensor>)[] {
                ("swish (learnable β)", new Swish(1.0)), ("gelu (tanh)", new GELU("tanh")), ("gelu (exact)", new GELU()), ("clipped_relu", new ClippedReLU(6)),
                ("rrelu (training)", rrelu), ("maxout (2 pieces)", new Maxout(2)),
            };
            Console.WriteLine($"Forward + backward, µs per call, float32 [64, n/64], {get_num_threads()} thread(s); median of {rounds} interleaved rounds of {calls} calls.");
            Console.WriteLine();
            Console.WriteLine("| layer | " + string.Join(" | ", sizes.Select(n => $"n = {n}: fused / composite")) + " |");
            Console.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
            ActivationKernels.MinimumElements = 0;
            foreach (var (name, layer) in layers) {
                var cells = new List<string>();
                foreach (long n in sizes) {
                    using var x = randn(64, n / 64);
                    var fused = new List<double>();
                    var composite = new List<double>();
                    for (int round = 0; round < rounds + 1; round++) {
                        double f = Time(layer, x, calls, false), c = Time(layer, x, calls, true);
                        if (round > 0) { fused.Add(f); composite.Add(c); }
                    }
                    cells.Add($"{Us(Median(fused))} / {Us(Median(composite))}");
                }
                Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
            }
            ActivationKernels.MinimumElements = ActivationKernels.DefaultMinimumElements;
            return 0;
        }

        private static double Time(nn.Module<Tensor, Tensor> layer, Tensor x, int calls, bool composite)
        {
            ActivationKernels.ForceComposite = composite;
            try {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < calls; i++) {
                    using var scope = NewDisposeScope();
                    var leaf = x.detach().requires_grad_(true);
                    var y = layer.call(leaf);
                    y.backward(new[] { ones_like(y) });
                }
                return clock.Elapsed.TotalMilliseconds * 1000 / calls;
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        private static string Us(double us) => us.ToString("0", CultureInfo.InvariantCulture);
    }
}
