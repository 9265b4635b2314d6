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
                plots.Add(EpochPlot(runs, "test_accuracy" + suffix, "Test accuracy" + where, "test accuracy", e => e.TestAccuracy, null, 1));
                plots.Add(EpochPlot(runs, "train_loss" + suffix, "Training loss" + where, "mean training loss", e => e.TrainLoss, 0, null));
                plots.Add(EpochPlot(runs, "dead_fraction" + suffix, "Dead units" + where, "fraction of hidden units dead", e => e.DeadFraction, 0, 1));
                plots.Add(EpochPlot(runs, "saturated_fraction" + suffix, "Saturated units" + where, "fraction of hidden units saturated", e => e.SaturatedFraction, 0, 1));
            }
            if (sweep)
            {
                plots.Add(LrPlot(result.Runs, "dead_fraction_vs_lr", "Dead units after training vs learning rate", "final fraction of hidden units dead", e => e.DeadFraction, 0, 1));
                plots.Add(LrPlot(result.Runs, "final_accuracy_vs_lr", "Final test accuracy vs learning rate", "final test accuracy", e => e.TestAccuracy, null, 1));
            }
            return plots;
        }

        public static string LrText(double lr) => lr.ToString("0.######", CultureInfo.InvariantCulture);

        private static PlotFile EpochPlot(List<RunRecord> runs, string name, string title, string yLabel,
            Func<EpochRecord, double> value, double? yMin, double? yMax)
        {
            var plot = new SvgLinePlot { Title = title, XLabel = "epoch (0 = at initialisation)", YLabel = yLabel, YMin = yMin, YMax = yMax };
            foreach (var group in runs.GroupBy(r => r.Activation))
                plot.Series.Add(new PlotSeries(group.Key, ActivationSummary.MeanCurve(group, value)));
            return new PlotFile(name + ".svg", title, plot.Render());
        }

        private static PlotFile LrPlot(List<RunRecord> runs, string name, string title, string yLabel,
            Func<EpochRecord, double> value, double? yMin, double? yMax)
        {
            var plot = new SvgLinePlot { Title = title, XLabel = "learning rate (log scale)", YLabel = yLabel, LogX = true, YMin = yMin, YMax = yMax };
            foreach (var group in runs.GroupBy(r => r.Activation))
            {
                var points = group.GroupBy(r => r.LearningRate).OrderBy(g => g.Key).Select(g =>
                {
                    var finals = g.Where(r => r.Epochs.Count > 0).Select(r => value(r.Epochs[r.Epochs.Count - 1])).ToList();
                    return new CurvePoint(g.Key, Statistics.Mean(finals), Statistics.Std(finals));
                }).ToList();
                plot.Series.Add(new PlotSeries(group.Key, points));
            }
            return new PlotFile(name + ".svg", title, plot.Render());
        }
    }
}
