// A consumer of the TorchActivations package: trains a small regression network with three of its
// layers and prints the loss. The packaging test installs the package into a fresh project, runs this
// and checks that the loss went down.
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchActivations;
using TorchSharp;
using static TorchSharp.torch;

static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

Console.WriteLine($"torchsharp: {typeof(torch).Assembly.FullName} from {typeof(torch).Assembly.Location}");
Console.WriteLine($"torchactivations: {typeof(Activations).Assembly.FullName} from {typeof(Activations).Assembly.Location}");

Console.WriteLine($"libtorch: {torch.__version__}");
Console.WriteLine($"kernels: {ActivationKernels.Status}");

torch.manual_seed(0);

// A teacher network makes the targets: y = tanh(x W1) W2.
var x = torch.randn(256, 4);
var w1 = torch.randn(4, 8);
var w2 = torch.randn(8, 1);
var y = x.matmul(w1).tanh().matmul(w2);

var model = nn.Sequential(
    nn.Linear(4, 32), Activations.Swish(beta: 1.0, learnable: true),
    nn.Linear(32, 32), Activations.GELU(approximate: "tanh"),
    nn.Linear(32, 32), Activations.ClippedReLU(ceiling: 6.0),
    nn.Linear(32, 1));
var optimizer = torch.optim.Adam(model.parameters(), lr: 0.01);

const int steps = 200;
double first = double.NaN, last = double.NaN;
for (int step = 0; step < steps; step++)
{
    using var scope = torch.NewDisposeScope();
    optimizer.zero_grad();
    var loss = nn.functional.mse_loss(model.call(x), y);
    loss.backward();
    optimizer.step();
    double value = loss.item<float>();
    if (step == 0) first = value;
    last = value;
    if (step % 50 == 0 || step == steps - 1) Console.WriteLine($"step {step}: loss {F(value)}");
}

var beta = model.named_parameters().Single(p => p.name.EndsWith("beta")).parameter;
Console.WriteLine($"swish beta after training: {F(beta.item<float>())}");

// Which native libraries the process loaded, and from where.
foreach (var path in File.ReadLines("/proc/self/maps")
             .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(5).FirstOrDefault())
             .Where(p => p != null && (p.EndsWith("/libLibTorchSharp.so") || p.EndsWith("/libtorch_cpu.so")))
             .Distinct())
    Console.WriteLine($"native: {path}");

Console.WriteLine($"initial_loss={F(first)}");
Console.WriteLine($"final_loss={F(last)}");
