using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using TorchActivations;
using static TorchSharp.torch;

// Memory soak: resident memory (VmRSS) of long training loops with each custom layer, under glibc's
// default malloc settings, every step in a dispose scope. Two loops per layer, each in a fresh process:
//   layer: x [512, 1024] -> layer -> sum().backward()          (2 MiB tensors, around glibc's mmap threshold)
//   mlp:   the 784-256-256-10 MLP with the layer, SGD, batch 64 (the MNIST example's network)
// It prints RSS after the warm-up and at the end, and the growth in between.
// Usage: MemorySoak [--steps N] [--warmup N] [--layers a;b;...]    (a child: --run LAYER LOOP)

static long RssMiB()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    return -1;
}

int steps = 2000, warmup = 300;
string layers = "relu;swish;swish:learnable=false;gelu:approximate=tanh;clipped_relu:ceiling=6;rrelu;maxout:pieces=2";
string runLayer = null, runLoop = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--steps" && i + 1 < args.Length) steps = int.Parse(args[++i]);
    else if (args[i] == "--warmup" && i + 1 < args.Length) warmup = int.Parse(args[++i]);
    else if (args[i] == "--layers" && i + 1 < args.Length) layers = args[++i];
    else if (args[i] == "--run" && i + 2 < args.Length) { runLayer = args[++i]; runLoop = args[++i]; }
    else { Console.Error.WriteLine("usage: MemorySoak [--steps N] [--warmup N] [--layers a;b;...]"); return 2; }
}

if (runLayer is null)
{
    string malloc = string.Join(" ", Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MALLOC_", StringComparison.Ordinal)));
    Console.WriteLine($"glibc malloc, MALLOC_* variables: {(malloc.Length == 0 ? "none (defaults)" : malloc)}; torch threads {get_num_threads()}; {steps} steps, growth measured after step {warmup}; {ActivationKernels.Status}");
    Console.WriteLine();
    Console.WriteLine("| layer | loop | RSS after warm-up (MiB) | RSS at the end (MiB) | growth (MiB) |");
    Console.WriteLine("|---|---|---:|---:|---:|");
    foreach (var layer in layers.Split(';'))
        foreach (var loop in new[] { "layer", "mlp" })
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var a in new[] { "--steps", steps.ToString(), "--warmup", warmup.ToString(), "--run", layer, loop }) start.ArgumentList.Add(a);
            using var child = Process.Start(start)!;
            string line = child.StandardOutput.ReadToEnd().Trim();
            child.WaitForExit();
            if (child.ExitCode != 0) return child.ExitCode;
            Console.WriteLine(line);
        }
    return 0;
}

manual_seed(1);
var act1 = ActivationRegistry.Create(runLayer);
var act2 = ActivationRegistry.Create(runLayer);
bool maxout = runLayer.StartsWith("maxout", StringComparison.Ordinal);
var model = runLoop == "mlp"
    ? nn.Sequential(("fc1", nn.Linear(784, maxout ? 512 : 256)), ("act1", act1),
                    ("fc2", nn.Linear(256, maxout ? 512 : 256)), ("act2", act2), ("fc3", nn.Linear(256, 10)))
    : null;
var optimizer = model is null ? null : optim.SGD(model.parameters(), 0.01, momentum: 0.9);
var parameters = act1.parameters().ToList();
long atWarmup = 0;
for (int step = 1; step <= steps; step++)
{
    using var scope = NewDisposeScope();
    if (model is null)
    {
        var x = randn(512, 1024).requires_grad_(true);
        act1.call(x).sum().backward();
        foreach (var p in parameters) p.grad?.zero_();
    }
    else
    {
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(randn(64, 784)), randint(0, 10, new long[] { 64 }));
        loss.backward();
        optimizer.step();
    }
    if (step == warmup) atWarmup = RssMiB();
}
long end = RssMiB();
Console.WriteLine($"| {runLayer} | {runLoop} | {atWarmup} | {end} | {end - atWarmup} |");
return 0;
