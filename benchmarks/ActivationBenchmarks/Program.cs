using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchActivations;
using static TorchSharp.torch;

namespace ActivationBenchmarks
{
    /// <summary>
    /// Times each TorchActivations layer on 2^24 float32 elements (shape [64, 256, 1024]), forward only
    /// and forward + backward, beside libtorch's built-in equivalent (through TorchSharp's API) where one
    /// exists, and beside x.clone(), a plain read-and-write of the same memory: the bandwidth floor any
    /// element-wise op pays. Prints a markdown table.
    ///     dotnet run --project benchmarks/ActivationBenchmarks -c Release [-- --quick] [--fresh-pages]
    /// With --kernels it compares the fused kernels with the composite paths instead (KernelComparison), and
    /// with --small it times both paths on small inputs (SmallInputs).
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            bool quick = args.Contains("--quick");
            // A/B switch for the kernels' threads: .NET's thread pool instead of libtorch's OpenMP team.
            if (args.Contains("--dotnet-threads")) AppContext.SetSwitch("TorchActivations.Kernels.DotNetThreads", true);
            int only = Array.IndexOf(args, "--only");
            if (only >= 0 && only + 1 < args.Length) KernelComparison.Only = args[only + 1];
            string allocator = HeapSettings.Apply(freshPages: args.Contains("--fresh-pages"));
            if (args.Contains("--threads-ab")) return KernelComparison.ThreadsAb(quick ? 15 : 41);
            if (args.Contains("--kernels")) return KernelComparison.Main(quick, allocator);
            if (args.Contains("--small")) return SmallInputs.Main(quick);
            if (args.Contains("--mlp")) return MlpSteps.Main(quick);
            int warmup = quick ? 1 : 2, repeats = quick ? 3 : 11;
            random.manual_seed(0);
            var x = randn(new long[] { 64, 256, 1024 });

            var measure = new Measurements(x, warmup, repeats);
            // A discarded first round lets the heap grow to its working size before anything is timed.
            measure.ForwardBackward(t => t.clone());
            var rows = new List<string>();
            double copyForward = measure.Forward(t => t.clone());
            double copyBackward = measure.ForwardBackward(t => t.clone());
            // What a training-mode RReLU cannot avoid: one uniform draw per element.
            double drawSlopes = measure.Forward(t => empty_like(t).uniform_(0.125, 1.0 / 3));

            var cases = Cases().ToList();
            SettleTheJit(cases);
            foreach (var c in cases)
            {
                // Ours and the built-in, forward and forward + backward, one of each per round.
                var timings = new List<Func<double>> { () => measure.OnceForward(c.Ours), () => measure.OnceForwardBackward(c.Ours) };
                if (c.Builtin is not null) timings.Add(() => measure.OnceForward(c.Builtin));
                if (c.Builtin is not null && c.BuiltinHasBackward) timings.Add(() => measure.OnceForwardBackward(c.Builtin));
                var medians = measure.Interleaved(timings);
                double oursF = medians[0], oursB = medians[1];
                string builtinF = "—", builtinB = "—", ratioF = "—", ratioB = "—";
                if (c.Builtin is not null)
                {
                    double bf = medians[2];
                    builtinF = Ms(bf);
                    ratioF = Ratio(oursF, bf);
                    if (c.BuiltinHasBackward)
                    {
                        double bb = medians[3];
                        builtinB = Ms(bb);
                        ratioB = Ratio(oursB, bb);
                    }
                }
                rows.Add($"| {c.Name} | {Ms(oursF)} | {Ms(oursB)} | {c.BuiltinName ?? "—"} | {builtinF} | {builtinB} | {ratioF} | {ratioB} | {Ratio(oursF, copyForward)} | {Ratio(oursB, copyBackward)} |");
                Console.Error.WriteLine($"{c.Name}: done");
            }

            Console.WriteLine($"2^24 float32 elements, shape [64, 256, 1024]; ours and the built-in interleaved, median of {repeats} rounds after {warmup} warm-up; libtorch threads: {get_num_threads()}; {Environment.ProcessorCount} logical CPUs ({CpuModel()}); allocator: {allocator}.");
            Console.WriteLine($"Copy baseline (x.clone()): forward {Ms(copyForward)} ms, forward+backward {Ms(copyBackward)} ms. Drawing 2^24 uniform numbers (empty_like(x).uniform_(l, u)): {Ms(drawSlopes)} ms.");
            Console.WriteLine();
            Console.WriteLine("| layer | ours fwd (ms) | ours fwd+bwd (ms) | built-in | built-in fwd (ms) | built-in fwd+bwd (ms) | fwd ÷ built-in | fwd+bwd ÷ built-in | fwd ÷ copy | fwd+bwd ÷ copy |");
            Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var row in rows) Console.WriteLine(row);
            Console.WriteLine();
            foreach (var c in cases.Where(c => c.Note is not null))
                Console.WriteLine($"- {c.Name}: {c.Note}");
            return 0;
        }

        /// <summary>Every case 40 times, forward + backward, on a 2^17-element input before anything is timed:
        /// .NET optimises a method after 30 calls, and the first rows would otherwise time unoptimised wrappers.</summary>
        private static void SettleTheJit(List<BenchmarkCase> cases)
        {
            using var small = randn(new long[] { 2, 256, 256 });
            var warm = new Measurements(small, 0, 1);
            foreach (var c in cases)
                for (int i = 0; i < 40; i++) {
                    warm.OnceForwardBackward(c.Ours);
                    if (c.Builtin is not null) warm.OnceForward(c.Builtin);
                }
        }

        private static IEnumerable<BenchmarkCase> Cases()
        {
            var prelu = new PReLU();
            var preluWeight = prelu.weight;
            var swish = new Swish(1.0);
            var swishFixed = new Swish(1.0, learnable: false);
            var swishPerChannel = new Swish(1.0, num_parameters: 256);
            var rreluTrain = new RReLU();
            rreluTrain.train();
            var rreluEval = new RReLU();
            rreluEval.eval();

            yield return new BenchmarkCase("step", new Step().call, "heaviside", t => t.heaviside(zeros(1)), builtinHasBackward: false,
                note: "libtorch's heaviside has no backward; ours adds the all-zero backward and NaN propagation.");
            yield return new BenchmarkCase("sigmoid", new Sigmoid().call, "functional.sigmoid", t => nn.functional.sigmoid(t));
            yield return new BenchmarkCase("tanh", new TorchActivations.Tanh().call, "functional.tanh", t => nn.functional.tanh(t));
            yield return new BenchmarkCase("relu", new ReLU().call, "functional.relu", t => nn.functional.relu(t));
            yield return new BenchmarkCase("leaky_relu", new LeakyReLU().call, "functional.leaky_relu", t => nn.functional.leaky_relu(t, 0.01));
            yield return new BenchmarkCase("prelu", prelu.call, "functional.prelu", t => nn.functional.prelu(t, preluWeight));
            yield return new BenchmarkCase("rrelu (training)", rreluTrain.call, "functional.rrelu", t => nn.functional.rrelu(t),
                note: "the built-in here is TorchSharp's functional.rrelu, which never samples (it always applies the eval slope), so it does less work than a real training-mode RReLU.");
            yield return new BenchmarkCase("rrelu (eval)", rreluEval.call, "functional.rrelu", t => nn.functional.rrelu(t));
            yield return new BenchmarkCase("clipped_relu (ceiling 6)", new ClippedReLU(6).call, "functional.relu6", t => nn.functional.relu6(t));
            yield return new BenchmarkCase("elu", new ELU().call, "functional.elu", t => nn.functional.elu(t, 1.0));
            yield return new BenchmarkCase("softplus", new Softplus().call, "functional.softplus", t => nn.functional.softplus(t));
            yield return new BenchmarkCase("silu", new SiLU().call, "functional.silu", t => nn.functional.silu(t));
            yield return new BenchmarkCase("swish (learnable β)", swish.call, "functional.silu", t => nn.functional.silu(t),
                note: "silu is Swish with a fixed β = 1 and computes no β gradient.");
            yield return new BenchmarkCase("swish (fixed β)", swishFixed.call, "functional.silu", t => nn.functional.silu(t));
            yield return new BenchmarkCase("swish (β per channel, 256)", swishPerChannel.call, "functional.silu", t => nn.functional.silu(t));
            yield return new BenchmarkCase("gelu", new GELU().call, "functional.gelu", t => nn.functional.gelu(t));
            yield return new BenchmarkCase("gelu_tanh", new GELU("tanh").call, "functional.gelu(tanh)",
                t => nn.functional.gelu(t, TorchSharp.Modules.GELU.Approximate.tanh));
            yield return new BenchmarkCase("maxout (pieces 2)", new Maxout(2).call,
                note: "no libtorch built-in; the output has half as many elements.");
        }

        private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

        private static string Ratio(double a, double b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×";

        private static string CpuModel()
        {
            try
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                return line is null ? "unknown CPU" : line.Substring(line.IndexOf(':') + 1).Trim();
            }
            catch (IOException) { return "unknown CPU"; }
        }
    }
}
