using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MnistCompare.Reporting
{
    /// <summary>A named SVG file of the results directory and the text it holds.</summary>
    public sealed class PlotFile
    {
        public PlotFile(string fileName, string caption, string svg)
        {
            FileName = fileName;
            Caption = caption;
            Svg = svg;
        }

        public string FileName { get; }
        public string Caption { get; }
        public string Svg { get; }
    }

    /// <summary>
    /// Builds the report's plots: per learning rate, test accuracy, training loss, dead fraction
    /// and saturated fraction against epoch (one line per activation, ± std bands over seeds);
    /// for a sweep, the final dead fraction and final accuracy against learning rate.
    /// </summary>
    public static class PlotSet
    {
        public static List<PlotFile> Build(ExperimentResult result)
        {
            var plots = new List<PlotFile>();
            var rates = result.Runs.Select(r => r.LearningRate).Distinct().ToList();
            bool sweep = rates.Count > 1;
            foreach (double lr in rates)
            {
                var runs = result.Runs.Where(r => r.LearningRate == lr).ToList();
                string suffix = sweep ? "_lr" + LrText(lr) : "";
                string where = sweep ? $" (lr {LrText(lr)})" : "";
                // Accuracy starts at chance (epoch 0); from epoch 1 on the axis can show the differences that matter.
                plots.Add(EpochPlot(runs, "test_accuracy" + suffix, "Test accuracy" + where, "test accuracy (from epoch 1)", e => e.TestAccuracy,
                    new SvgLinePlot { YMax = 1, PercentY = true, MinSpan = 0.01 }, firstEpoch: 1));
                plots.Add(EpochPlot(runs, "train_loss" + suffix, "Training loss" + where, "mean training loss (log scale)", e => e.TrainLoss,
                    new SvgLinePlot { LogY = true }, firstEpoch: 0));
                plots.Add(EpochPlot(runs, "dead_fraction" + suffix, "Dead units" + where, "hidden units dead", e => e.DeadFraction,
                    new SvgLinePlot { YMin = 0, YMax = 1, PercentY = true, MinSpan = 0.05 }, firstEpoch: 0));
                plots.Add(EpochPlot(runs, "saturated_fraction" + suffix, "Saturated units" + where, "hidden units saturated", e => e.SaturatedFraction,
                    new SvgLinePlot { YMin = 0, YMax = 1, PercentY = true, MinSpan = 0.05 }, firstEpoch: 0));
            }
            if (sweep)
            {
                plots.Add(LrPlot(result.Runs, "dead_fraction_vs_lr", "Dead units after training vs learning rate", "hidden units dead after the last epoch", e => e.DeadFraction,
                    new SvgLinePlot { YMin = 0, YMax = 1, PercentY = true, MinSpan = 0.05 }, skipDiverged: true));
                plots.Add(LrPlot(result.Runs, "final_accuracy_vs_lr", "Final test accuracy vs learning rate", "test accuracy after the last epoch", e => e.TestAccuracy,
                    new SvgLinePlot { YMin = 0, YMax = 1, PercentY = true }, skipDiverged: false));
            }
            return plots;
        }

        public static string LrText(double lr) => lr.ToString("0.######", CultureInfo.InvariantCulture);

        private static PlotFile EpochPlot(List<RunRecord> runs, string name, string title, string yLabel,
            Func<EpochRecord, double> value, SvgLinePlot plot, int firstEpoch)
        {
            plot.Title = title;
            plot.XLabel = "epoch (0 = at initialisation)";
            plot.YLabel = yLabel;
            foreach (var group in runs.GroupBy(r => r.Activation))
                plot.Series.Add(new PlotSeries(group.Key, ActivationSummary.MeanCurve(group, value).Where(p => p.Epoch >= firstEpoch).ToList()));
            return new PlotFile(name + ".svg", title, plot.Render());
        }

        private static PlotFile LrPlot(List<RunRecord> runs, string name, string title, string yLabel,
            Func<EpochRecord, double> value, SvgLinePlot plot, bool skipDiverged)
        {
            plot.Title = title;
            plot.XLabel = "learning rate (log scale)";
            plot.YLabel = yLabel;
            plot.LogX = true;
            foreach (var group in runs.GroupBy(r => r.Activation))
            {
                var points = group.GroupBy(r => r.LearningRate).OrderBy(g => g.Key).Select(g =>
                {
                    // Unit statistics of diverged runs (non-finite final loss) describe NaN weights: leave them out.
                    var finals = g.Where(r => r.Epochs.Count > 0 && (!skipDiverged || double.IsFinite(r.Epochs[r.Epochs.Count - 1].TrainLoss)))
                        .Select(r => value(r.Epochs[r.Epochs.Count - 1])).ToList();
                    return new CurvePoint(g.Key, Statistics.Mean(finals), Statistics.Std(finals));
                }).ToList();
                plot.Series.Add(new PlotSeries(group.Key, points));
            }
            return new PlotFile(name + ".svg", title, plot.Render());
        }
    }
}
