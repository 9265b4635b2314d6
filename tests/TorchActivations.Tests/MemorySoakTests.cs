using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// Long training under glibc's default malloc settings does not grow the process: the 784-256-256-10 MLP of
    /// the MNIST example (batch 64, SGD with momentum, every step in a dispose scope) with each custom layer, on
    /// its fused and its composite path, 1,000 steps after a warm-up, resident memory growing by less than
    /// 32 MiB. (benchmarks/MemorySoak runs the long version, with larger tensors too.)
    /// </summary>
    public class MemorySoakTests : IDisposable
    {
        private const int WarmupSteps = 200, MeasuredSteps = 1000;
        private const long AllowedGrowthMiB = 32;

        private readonly ITestOutputHelper log;
        private readonly bool previousComposite = ActivationKernels.ForceComposite;

        public MemorySoakTests(ITestOutputHelper log) => this.log = log;

        public void Dispose() => ActivationKernels.ForceComposite = previousComposite;

        [Theory]
        [InlineData("swish", false)]
        [InlineData("swish", true)]
        [InlineData("gelu:approximate=tanh", false)]
        [InlineData("clipped_relu:ceiling=6", false)]
        [InlineData("clipped_relu:ceiling=6", true)]
        [InlineData("rrelu", false)]
        [InlineData("rrelu", true)]
        [InlineData("maxout:pieces=2", false)]
        [InlineData("maxout:pieces=2", true)]
        public void TrainingTheMlpKeepsResidentMemoryFlat(string spec, bool composite)
        {
            ActivationKernels.ForceComposite = composite;
            manual_seed(3);
            bool maxout = spec.StartsWith("maxout", StringComparison.Ordinal);
            using var model = nn.Sequential(
                ("fc1", nn.Linear(784, maxout ? 512 : 256)), ("act1", ActivationRegistry.Create(spec)),
                ("fc2", nn.Linear(256, maxout ? 512 : 256)), ("act2", ActivationRegistry.Create(spec)),
                ("fc3", nn.Linear(256, 10)));
            using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
            var clock = Stopwatch.StartNew();
            long atWarmup = 0, highest = 0;
            for (int step = 1; step <= WarmupSteps + MeasuredSteps; step++)
            {
                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.call(randn(64, 784)), randint(0, 10, new long[] { 64 }));
                    loss.backward();
                    optimizer.step();
                }
                if (step == WarmupSteps) atWarmup = ResidentMiB();
                if (step > WarmupSteps && step % 100 == 0) highest = Math.Max(highest, ResidentMiB());
            }
            long end = ResidentMiB();
            log.WriteLine($"{spec} ({(composite ? "composite" : "fused")}): {atWarmup} MiB after {WarmupSteps} steps, {end} MiB after {MeasuredSteps} more (highest {highest}), {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(Math.Max(end, highest) - atWarmup < AllowedGrowthMiB,
                $"{spec} ({(composite ? "composite" : "fused")}): resident memory grew from {atWarmup} to {Math.Max(end, highest)} MiB over {MeasuredSteps} steps");
        }

        private static long ResidentMiB()
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }
    }
}
