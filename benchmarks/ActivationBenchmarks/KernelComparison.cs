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
    /// The fused kernels against the composite implementations and libtorch's nearest built-ins, on 2^24
    /// float32 elements, forward + backward, at 1 and 2 threads. The variants of a layer are timed
    /// interleaved (one run of each in turn, repeated), so drifts of a shared machine hit them alike; the
    /// table gives medians. Also: the bytes a layer holds between forward and backward (its output plus what
    /// it saves for the backward), and the peak heap growth during forward + backward.
    ///     dotnet run --project benchmarks/ActivationBenchmarks -c Release -- --kernels [--quick]
    /// </summary>
    internal static class KernelComparison
    {
        private sealed class Variant
        {
            public Variant(string name, Func<Tensor, Tensor> run, bool composite = false)
            {
                Name = name;
                Run = run;
                Composite = composite;
            }

            public string Name { get; }
            public Func<Tensor, Tensor> Run { get; }
            public bool Composite { get; }   // run with ActivationKernels.ForceComposite
        }

        /// <summary>--only TEXT: just the layers whose name contains TEXT.</summary>
        public static string Only;

        /// <summary>--threads-ab: the fused layers (filtered by --only) at 2 threads, kernels on libtorch's OpenMP
        /// team vs on .NET's thread pool, interleaved call by call; medians and minima of many rounds.</summary>
        public static int ThreadsAb(int rounds)
        {
            set_num_threads(2);
            foreach (var (layer, variants) in Layers()) {
                if (Only is not null && !layer.Contains(Only, StringComparison.OrdinalIgnoreCase)) continue;
                random.manual_seed(0);
                using var x = randn(new long[] { 64, 256, 1024 });
                var omp = new List<double>();
                var net = new List<double>();
                var copy = new List<double>();
                for (int round = 0; round < rounds + 1; round++) {
                    TorchActivations.Kernels.KernelThreads.OpenMp.Disabled = false;
                    double a = Time(variants[0], x);
                    TorchActivations.Kernels.KernelThreads.OpenMp.Disabled = true;
                    double b = Time(variants[0], x);
                    double c = Time(variants[^1], x);
                    if (round > 0) { omp.Add(a); net.Add(b); copy.Add(c); }
                }
                TorchActivations.Kernels.KernelThreads.OpenMp.Disabled = false;
                Console.WriteLine($"{layer}, 2 threads: OpenMP median {Ms(Median(omp))} min {Ms(omp.Min())} | .NET pool median {Ms(Median(net))} min {Ms(net.Min())} | copy median {Ms(Median(copy))} min {Ms(copy.Min())}");
            }
            return 0;
        }

        public static int Main(bool quick, string allocator)
        {
            int warmup = quick ? 1 : 2, repeats = quick ? 5 : 11;
            Console.WriteLine($"2^24 float32 elements, shape [64, 256, 1024], forward + backward; {repeats} interleaved rounds after {warmup} warm-up, medians; allocator: {allocator}; {ActivationKernels.Status}.");
            SettleTheJit();
            foreach (int threads in new[] { 1, 2 }) {
                set_num_threads(threads);
                Console.WriteLine();
                Console.WriteLine($"### {threads} thread{(threads > 1 ? "s" : "")}");
                Console.WriteLine();
                Console.WriteLine("| layer | variant | fwd+bwd (ms) | ÷ fused | ÷ copy | held fwd→bwd (MiB) | peak fwd+bwd (MiB) |");
                Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
                foreach (var (layer, variants) in Layers())
                    if (Only is null || layer.Contains(Only, StringComparison.OrdinalIgnoreCase)) Report(layer, variants, warmup, repeats);
            }
            return 0;
        }

        /// <summary>
        /// Every variant 40 times on a 2^17-element input [2, 256, 256] (above the kernels' threading threshold) before anything
        /// is timed: .NET compiles a method quickly first and optimises it after 30 calls, so without this the
        /// first layers timed would pay for the wrappers' unoptimised code and the JIT's background work.
        /// </summary>
        private static void SettleTheJit()
        {
            using var x = randn(new long[] { 2, 256, 256 });
            foreach (var (layer, variants) in Layers())
                foreach (var variant in variants)
                    for (int i = 0; i < 40; i++) Time(variant, x);
        }

        private static IEnumerable<(string, Variant[])> Layers()
        {
            var swish = new Swish(1.0);
            var swishFixed = new Swish(1.0, learnable: false);
            var swishPerChannel = new Swish(1.0, num_parameters: 256);
            var rrelu = new RReLU();
            rrelu.train();
            var copy = new Variant("copy (x.clone())", t => t.clone());
            var silu = new Variant("built-in silu", t => nn.functional.silu(t));
            yield return ("Swish, learnable β", new[] {
                new Variant("fused", swish.call), new Variant("composite", swish.call, composite: true), silu, copy });
            yield return ("Swish, fixed β", new[] {
                new Variant("fused", swishFixed.call), new Variant("composite", swishFixed.call, composite: true), silu, copy });
            yield return ("Swish, β per channel (256)", new[] {
                new Variant("fused", swishPerChannel.call), new Variant("composite", swishPerChannel.call, composite: true), silu, copy });
            yield return ("GELU, tanh form", new[] {
                new Variant("fused", new GELU("tanh").call),
                new Variant("composite = built-in gelu (tanh)", new GELU("tanh").call, composite: true),
                new Variant("built-in gelu (exact)", t => nn.functional.gelu(t)), copy });
            yield return ("GELU, exact", new[] {
                new Variant("fused", new GELU().call),
                new Variant("composite (built-in gelu, +inf kept)", new GELU().call, composite: true),
                new Variant("built-in gelu (exact)", t => nn.functional.gelu(t)), copy });
            yield return ("RReLU, training", new[] {
                new Variant("fused", rrelu.call), new Variant("composite", rrelu.call, composite: true),
                new Variant("built-in leaky_relu", t => nn.functional.leaky_relu(t, 0.23)), copy });
            yield return ("ClippedReLU (ceiling 6)", new[] {
                new Variant("fused", new ClippedReLU(6).call), new Variant("composite", new ClippedReLU(6).call, composite: true),
                new Variant("built-in relu6", t => nn.functional.relu6(t)), copy });
            yield return ("Maxout, 2 pieces", new[] {
                new Variant("fused", new Maxout(2).call), new Variant("composite (view + max)", new Maxout(2).call, composite: true), copy });
        }

        private static void Report(string layer, Variant[] variants, int warmup, int repeats)
        {
            random.manual_seed(0);
            using var x = randn(new long[] { 64, 256, 1024 });
            var times = variants.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < warmup + repeats; round++)
                for (int v = 0; v < variants.Length; v++) {
                    double ms = Time(variants[v], x);
                    if (round >= warmup) times[v].Add(ms);
                }
            var medians = times.Select(Median).ToArray();
            double fused = medians[0], copy = medians[variants.Length - 1];
            for (int v = 0; v < variants.Length; v++) {
                var (held, peak) = Memory(variants[v], x);
                Console.WriteLine($"| {(v == 0 ? layer : "")} | {variants[v].Name} | {Ms(medians[v])} | {medians[v] / fused:0.00}× | {medians[v] / copy:0.00}× | {Mib(held)} | {Mib(peak)} |");
            }
            Console.Error.WriteLine($"{layer}: done");
        }

        private static double Time(Variant variant, Tensor x)
        {
            ActivationKernels.ForceComposite = variant.Composite;
            try {
                using var scope = NewDisposeScope();
                var leaf = x.detach().requires_grad_(true);
                var clock = Stopwatch.StartNew();
                var y = variant.Run(leaf);
                y.backward(new[] { UpstreamGradients.For(y) });
                return clock.Elapsed.TotalMilliseconds;
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        /// <summary>Heap bytes held between forward and backward (the output and the tensors saved for the
        /// backward), and the peak heap growth over forward + backward (upstream gradient included).</summary>
        private static (long held, long peak) Memory(Variant variant, Tensor x)
        {
            ActivationKernels.ForceComposite = variant.Composite;
            try {
                using var scope = NewDisposeScope();
                var leaf = x.detach().requires_grad_(true);
                long held = 0;
                long peak = MemoryProbe.PeakDuring(() => {
                    long before = MemoryProbe.InUse();
                    var y = variant.Run(leaf);
                    held = MemoryProbe.InUse() - before;
                    y.backward(new[] { ones_like(y) });
                });
                return (held, peak);
            } finally {
                ActivationKernels.ForceComposite = false;
            }
        }

        private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);
    }
}
