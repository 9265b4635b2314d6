using System;
using System.Diagnostics;
using System.Linq;
using static TorchSharp.torch;

// C# side of the binding-overhead benchmark: the same tiny op and MLP step as native/bench/overhead_bench.cpp.
// Prints "name value" lines; benchmarks/run-overhead.sh puts both sides in one table.
static double MedianNsPerCall(Action body, int calls, int repeats)
{
    var samples = new double[repeats];
    for (int r = 0; r < repeats; ++r) {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; ++i) body();
        sw.Stop();
        samples[r] = sw.Elapsed.TotalMilliseconds * 1e6 / calls;
    }
    Array.Sort(samples);
    return samples[repeats / 2];
}

set_num_threads(1);
using var a = ones(1);
using var b = ones(1);

// Each result is disposed at once, as a careful TorchSharp user would.
double add = MedianNsPerCall(() => { using var c = a.add(b); }, 200_000, 7);
double addScope = MedianNsPerCall(() => { using var s = NewDisposeScope(); var c = a + b; }, 200_000, 7);
Console.WriteLine($"cs_add_using_ns {add:F0}");
Console.WriteLine($"cs_add_scope_ns {addScope:F0}");

random.manual_seed(0);
using var mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10));
using var sgd = optim.SGD(mlp.parameters(), 0.01);
using var x = randn(128, 784);
using var y = randint(10, new long[] { 128 });
void Step()
{
    using var scope = NewDisposeScope();
    sgd.zero_grad();
    var loss = nn.functional.cross_entropy(mlp.call(x), y);
    loss.backward();
    sgd.step();
}
for (int i = 0; i < 20; ++i) Step();
double stepNs = MedianNsPerCall(Step, 50, 7);
Console.WriteLine($"cs_mlp_step_us {stepNs / 1000:F1}");
