using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using TorchActivations;
using static TorchSharp.torch;

namespace PlotActivations
{
    /// <summary>
    /// Writes one SVG per activation to docs/plots (or the folder given as the first argument): the layer's
    /// output and its derivative from autograd, evaluated on a grid by the real TorchActivations layers.
    ///     dotnet run --project tools/PlotActivations -c Release [-- output-folder]
    /// </summary>
    internal static class Program
    {
        private const string ValueColor = "#1f77b4", DerivativeColor = "#d62728", SampleColor = "#2ca02c";

        // Registry spec per plot; settings chosen so the features are visible on [-5, 5].
        private static readonly (string File, string Spec)[] Plots =
        {
            ("step", "step"), ("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "relu"),
            ("leaky_relu", "leaky_relu:negative_slope=0.1"), ("prelu", "prelu"), ("rrelu", "rrelu"),
            ("clipped_relu", "clipped_relu:ceiling=3"), ("elu", "elu"), ("softplus", "softplus"),
            ("silu", "silu"), ("swish", "swish:beta=2"), ("gelu", "gelu"), ("gelu_tanh", "gelu_tanh"),
            ("maxout", "maxout:pieces=2"),
        };

        private static int Main(string[] args)
        {
            string output = args.Length > 0 ? args[0] : Path.Combine(FindRepositoryRoot(), "docs", "plots");
            Directory.CreateDirectory(output);
            var grid = Enumerable.Range(0, 801).Select(i => -5 + i * 0.0125).ToArray();

            foreach (var (file, spec) in Plots)
            {
                using var layer = ActivationRegistry.Create(spec).to(ScalarType.Float64);
                layer.eval();
                var curves = CurvesFor(layer, grid);
                var (low, high) = Range(curves);
                string path = Path.Combine(output, file + ".svg");
                File.WriteAllText(path, SvgPlot.Render($"{layer}   (spec \"{spec}\")", grid, curves, low, high));
                Console.WriteLine($"wrote {path}");
            }
            return 0;
        }

        private static List<Curve> CurvesFor(nn.Module<Tensor, Tensor> layer, double[] grid)
        {
            if (layer is Maxout maxout)
            {
                var (my, mdy) = LayerSampler.MaxoutOfTwoPieces(maxout, grid);
                return new List<Curve>
                {
                    new Curve("max(x, −x/2)  (two pieces)", my, ValueColor),
                    new Curve("derivative (autograd)", mdy, DerivativeColor, dashed: true),
                };
            }

            var (y, dy) = LayerSampler.Elementwise(layer, grid);
            var curves = new List<Curve>
            {
                new Curve("f(x)  (eval mode)", y, ValueColor),
                new Curve("f′(x)  (autograd)", dy, DerivativeColor, dashed: true),
            };
            if (layer is RReLU)
            {
                // One training-mode forward: every negative point draws its own slope.
                random.manual_seed(0);
                layer.train();
                var (ty, _) = LayerSampler.Elementwise(layer, grid);
                layer.eval();
                curves.Add(new Curve("f(x), training mode (sampled slopes)", ty, SampleColor, dotsOnly: true));
            }
            return curves;
        }

        /// <summary>Vertical range covering every curve, padded, and limited so that unbounded functions stay readable.</summary>
        private static (double Low, double High) Range(IEnumerable<Curve> curves)
        {
            var finite = curves.SelectMany(c => c.Y).Where(double.IsFinite).ToArray();
            double low = Math.Max(-3, Math.Floor(finite.Min() - 0.25));
            double high = Math.Min(5, Math.Ceiling(finite.Max() + 0.25));
            return (Math.Min(low, -1), Math.Max(high, 1.5));
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TorchActivations.sln"))) return dir.FullName;
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TorchActivations.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("Could not find the repository root (TorchActivations.sln); pass the output folder as an argument.");
        }
    }
}
