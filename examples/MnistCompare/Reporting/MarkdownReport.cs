using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MnistCompare.Reporting
{
    /// <summary>report.md: the set-up, the comparison table(s), per-layer activity, the sweep tables and the plots.</summary>
    public static class MarkdownReport
    {
        public static string Build(ExperimentResult result, IReadOnlyList<PlotFile> plots)
        {
            var c = result.Config;
            var summaries = ActivationSummary.Summarise(result.Runs, c.TargetAccuracy);
            var rates = summaries.Select(s => s.LearningRate).Distinct().ToList();
            var md = new StringBuilder();

            md.Append("# Activation comparison on ").Append(DatasetTitle(c.Dataset)).Append("\n\n");
            md.Append("## Set-up\n\n");
            md.Append($"- Data: {DatasetTitle(c.Dataset)} from `{c.DataDirectory}`, {c.TrainSize:N0} training and {c.TestSize:N0} test images; ")
              .Append($"pixels scaled to [0, 1] and standardised with mean {Num(c.StandardisationMean)} and std {Num(c.StandardisationStd)} ({c.StandardisationSource}).\n");
            md.Append($"- Model: {c.Architecture ?? c.Model}; every hidden activation comes from `ActivationRegistry.Create(spec)`; ")
              .Append("default TorchSharp initialisation, identical for every activation with the same seed.\n");
            md.Append($"- Maxout: {c.MaxoutWidthRule}");
            var adjusted = result.Runs.Where(r => !r.HiddenWidths.SequenceEqual(c.Hidden))
                .GroupBy(r => r.Activation).Select(g => g.First())
                .Select(r => $"`{r.Activation}` has widths {string.Join("-", r.HiddenWidths)} and {r.Parameters:N0} parameters").ToList();
            if (adjusted.Count > 0) md.Append(" Here: ").Append(string.Join("; ", adjusted)).Append('.');
            md.Append('\n');
            md.Append($"- Training: {c.Optimizer}");
            if (c.Optimizer == "sgd") md.Append($" with momentum {Num(c.Momentum)}");
            md.Append($", learning rate{(rates.Count > 1 ? "s" : "")} {string.Join(", ", c.LearningRates.Select(Num))}, batch size {c.BatchSize}, {c.Epochs} epoch{(c.Epochs == 1 ? "" : "s")}, ")
              .Append($"seed{(c.Seeds.Count == 1 ? "" : "s")} {string.Join(", ", c.Seeds)}{(c.Quick ? " (--quick)" : "")}.\n");
            md.Append($"- Measured per epoch (epoch 0 = at initialisation) on the probe set ({c.Probe}): ")
              .Append("a unit is **dead** when its activation derivative is below 1e-8 for every probe sample (for the ReLU family: its output is exactly zero on every sample), ")
              .Append("**saturated** when its derivative is below 1% of the largest derivative the unit's activation can have on at least 99% of the samples. See docs/mnist-compare.md.\n");
            md.Append($"- Machine: {c.ProcessorCount} logical cores, {c.TorchThreads} torch thread{(c.TorchThreads == 1 ? "" : "s")}; total wall time {c.ElapsedSeconds:F0} s; started {c.StartedUtc}.\n\n");

            md.Append("## Results\n\n");
            md.Append("Final accuracy is the test accuracy after the last epoch");
            md.Append(c.Seeds.Count > 1 ? " (mean ± std over seeds)" : "");
            md.Append($"; best epoch and epochs to {SummaryTable.Percent(c.TargetAccuracy, 0)} are read from the seed-averaged accuracy curve; ")
              .Append("dead and saturated are fractions of all hidden units after the last epoch; s/epoch is training time only.\n\n");
            foreach (double lr in rates)
            {
                if (rates.Count > 1) md.Append($"### Learning rate {PlotSet.LrText(lr)}\n\n");
                var rows = summaries.Where(s => s.LearningRate == lr).ToList();
                md.Append(new SummaryTable(rows, c.TargetAccuracy, showLearningRate: false).ToMarkdown()).Append('\n');
            }

            if (rates.Count > 1)
                AppendSweepTables(md, summaries, rates);
            AppendLayerTable(md, result);

            md.Append("## Plots\n\n");
            foreach (var plot in plots)
                md.Append($"![{plot.Caption}]({plot.FileName})\n\n");
            return md.ToString();
        }

        private static void AppendSweepTables(StringBuilder md, List<ActivationSummary> summaries, List<double> rates)
        {
            md.Append("## Learning-rate sweep\n\n");
            foreach (var (title, pick, decimals) in new (string, System.Func<ActivationSummary, double>, int)[]
            {
                ("Dead fraction after training", s => s.FinalDeadFraction, 1),
                ("Final test accuracy", s => s.FinalAccuracyMean, 2),
            })
            {
                md.Append($"{title}:\n\n| activation | ").Append(string.Join(" | ", rates.Select(r => "lr " + PlotSet.LrText(r)))).Append(" |\n");
                md.Append("|---|").Append(string.Join("|", rates.Select(_ => "---:"))).Append("|\n");
                foreach (var group in summaries.GroupBy(s => s.Activation))
                {
                    md.Append("| ").Append(group.Key);
                    foreach (double lr in rates)
                    {
                        var s = group.FirstOrDefault(x => x.LearningRate == lr);
                        md.Append(" | ").Append(s == null ? "-" : s.Diverged ? "diverged" : SummaryTable.Percent(pick(s), decimals));
                    }
                    md.Append(" |\n");
                }
                md.Append('\n');
            }
        }

        private static void AppendLayerTable(StringBuilder md, ExperimentResult result)
        {
            md.Append("## Per layer, after the last epoch\n\n");
            md.Append("Mean over seeds. Mean activation shows how far from zero-centred a layer's outputs are; zero outputs is the fraction of all outputs that are exactly 0 (sparsity).\n\n");
            bool showLr = result.Runs.Select(r => r.LearningRate).Distinct().Count() > 1;
            md.Append("| activation |").Append(showLr ? " lr |" : "").Append(" layer | dead | saturated | mean activation | zero outputs |\n");
            md.Append("|---|").Append(showLr ? "---:|" : "").Append("---|---:|---:|---:|---:|\n");
            foreach (var group in result.Runs.GroupBy(r => (r.Activation, r.LearningRate)))
            {
                var finals = group.Where(r => r.Epochs.Count > 0).Select(r => r.Epochs[r.Epochs.Count - 1]).ToList();
                foreach (string layer in finals.SelectMany(e => e.Layers).Select(l => l.Name).Distinct())
                {
                    var values = finals.SelectMany(e => e.Layers).Where(l => l.Name == layer).ToList();
                    md.Append($"| {group.Key.Activation} |");
                    if (showLr) md.Append($" {PlotSet.LrText(group.Key.LearningRate)} |");
                    md.Append($" {layer} | {SummaryTable.Percent(values.Average(v => v.DeadFraction), 1)} | {SummaryTable.Percent(values.Average(v => v.SaturatedFraction), 1)} | ")
                      .Append($"{values.Average(v => v.MeanActivation).ToString("0.000", CultureInfo.InvariantCulture)} | {SummaryTable.Percent(values.Average(v => v.ZeroFraction), 1)} |\n");
                }
            }
            md.Append('\n');
        }

        private static string DatasetTitle(string dataset) => dataset == "fashion" ? "Fashion-MNIST" : "MNIST";

        private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
