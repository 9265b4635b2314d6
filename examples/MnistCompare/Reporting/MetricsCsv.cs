using System.Globalization;
using System.Linq;
using System.Text;

namespace MnistCompare.Reporting
{
    /// <summary>
    /// metrics.csv: one row per activation, learning rate, seed and epoch, with the whole-network
    /// numbers and, per hidden layer, its four activity numbers (columns named after the layer).
    /// </summary>
    public static class MetricsCsv
    {
        public static string Serialize(ExperimentResult result)
        {
            var layerNames = result.Runs.SelectMany(r => r.Epochs).SelectMany(e => e.Layers).Select(l => l.Name).Distinct().ToList();
            var csv = new StringBuilder();
            var header = new[] { "activation", "lr", "seed", "parameters", "epoch", "train_loss", "test_loss", "test_accuracy", "seconds", "dead_fraction", "saturated_fraction" }
                .Concat(layerNames.SelectMany(n => new[] { n + "_dead_fraction", n + "_saturated_fraction", n + "_mean_activation", n + "_zero_fraction" }));
            csv.Append(string.Join(",", header)).Append('\n');
            foreach (var run in result.Runs)
            {
                foreach (var e in run.Epochs)
                {
                    var cells = new[]
                    {
                        Quote(run.Activation), Num(run.LearningRate), run.Seed.ToString(CultureInfo.InvariantCulture),
                        run.Parameters.ToString(CultureInfo.InvariantCulture), e.Epoch.ToString(CultureInfo.InvariantCulture),
                        Num(e.TrainLoss), Num(e.TestLoss), Num(e.TestAccuracy), Num(e.Seconds), Num(e.DeadFraction), Num(e.SaturatedFraction),
                    }.ToList();
                    foreach (string name in layerNames)
                    {
                        var layer = e.Layers.FirstOrDefault(l => l.Name == name);
                        if (layer == null) cells.AddRange(new[] { "", "", "", "" });
                        else cells.AddRange(new[] { Num(layer.DeadFraction), Num(layer.SaturatedFraction), Num(layer.MeanActivation), Num(layer.ZeroFraction) });
                    }
                    csv.Append(string.Join(",", cells)).Append('\n');
                }
            }
            return csv.ToString();
        }

        private static string Num(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "NaN";

        // Specs contain ',' (rrelu:lower=0.1,upper=0.3), so quote per RFC 4180 when needed.
        private static string Quote(string text) =>
            text.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
