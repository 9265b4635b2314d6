using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

// Memory soak: trains the 784-256-256-10 MLP on random data (batch 64, SGD) for N steps, once with
// every step in a dispose scope and once leaving every tensor to the garbage collector, and prints the
// resident set size (VmRSS) every 1,000 steps. Usage: MemorySoak [--steps N] [--mode scoped|unscoped|both]
// Each mode runs in a fresh process, so the second does not start from the first one's heap.

static long RssMiB()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    return -1;
}

int steps = 10_000;
string mode = "both";
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--steps" && i + 1 < args.Length) steps = int.Parse(args[++i]);
    else if (args[i] == "--mode" && i + 1 < args.Length) mode = args[++i];
    else { Console.Error.WriteLine("usage: MemorySoak [--steps N] [--mode scoped|unscoped|both]"); return 2; }
}

if (mode == "both")
{
    string malloc = string.Join(" ", Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MALLOC_", StringComparison.Ordinal)));
    Console.WriteLine($"allocator: glibc malloc, MALLOC_* variables: {(malloc.Length == 0 ? "none" : malloc)}; torch threads {get_num_threads()}");
    foreach (string m in new[] { "scoped", "unscoped" })
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        // Under `dotnet MemorySoak.dll` the process is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in new[] { "--steps", steps.ToString(), "--mode", m }) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        child.WaitForExit();
        if (child.ExitCode != 0) return child.ExitCode;
    }
    return 0;
}

manual_seed(1);
var model = nn.Sequential(
    ("fc1", nn.Linear(784, 256)), ("act1", nn.ReLU()),
    ("fc2", nn.Linear(256, 256)), ("act2", nn.ReLU()),
    ("fc3", nn.Linear(256, 10)));
var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
bool scoped = mode == "scoped";
var clock = Stopwatch.StartNew();
long peak = RssMiB();
Console.WriteLine($"{mode}: step 0, RSS {peak} MiB");

void Step()
{
    var x = randn(64, 784);
    var y = randint(0, 10, new long[] { 64 });
    optimizer.zero_grad();
    var loss = nn.functional.cross_entropy(model.call(x), y);
    loss.backward();
    optimizer.step();
}

for (int step = 1; step <= steps; step++)
{
    if (scoped)
    {
        using var scope = NewDisposeScope();
        Step();
    }
    else
    {
        Step();
    }
    long rss = RssMiB();
    peak = Math.Max(peak, rss);
    if (step % 1000 == 0 || step == steps)
        Console.WriteLine($"{mode}: step {step}, RSS {rss} MiB (peak {peak} MiB), {clock.Elapsed.TotalSeconds:F0} s, gen2 collections {GC.CollectionCount(2)}");
}
Console.WriteLine($"{mode}: peak RSS {peak} MiB over {steps} steps");
return 0;
