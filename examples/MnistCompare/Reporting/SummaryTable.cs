using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MnistCompare.Reporting
{
    /// <summary>The comparison table (one row per activation), rendered as Markdown for the report or aligned text for the console.</summary>
    public sealed class SummaryTable
    {
        public SummaryTable(IReadOnlyList<ActivationSummary> rows, double targetAccuracy, bool showLearningRate)
        {
            Header = new List<string> { "activation" };
            if (showLearningRate) Header.Add("lr");
            Header.AddRange(new[]
            {
                "params", "final acc (mean ± std)", "best epoch", $"epochs to {Percent(targetAccuracy, 0)}",
                "dead", "saturated", "s/epoch",
            });
            Rows = rows.Select(s =>
            {
                var cells = new List<string> { s.Activation };
                if (showLearningRate) cells.Add(s.LearningRate.ToString("0.####", CultureInfo.InvariantCulture));
                cells.AddRange(new[]
                {
                    s.Parameters.ToString("N0", CultureInfo.InvariantCulture),
                    Percent(s.FinalAccuracyMean, 2) + (s.Seeds > 1 ? " ± " + Percent(s.FinalAccuracyStd, 2) : "") + (s.Diverged ? " (diverged)" : ""),
                    s.BestEpoch.ToString(CultureInfo.InvariantCulture),
                    s.EpochsToTarget.HasValue ? s.EpochsToTarget.Value.ToString(CultureInfo.InvariantCulture) : "never",
                    // A diverged network's weights are NaN: its unit statistics describe nothing.
                    s.Diverged ? "n/a" : Percent(s.FinalDeadFraction, 1),
                    s.Diverged ? "n/a" : Percent(s.FinalSaturatedFraction, 1),
                    double.IsFinite(s.SecondsPerEpoch) ? s.SecondsPerEpoch.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                });
                return cells;
            }).ToList();
        }

        public List<string> Header { get; }
        public List<List<string>> Rows { get; }

        public string ToMarkdown()
        {
            var md = new StringBuilder();
            md.Append("| ").Append(string.Join(" | ", Header)).Append(" |\n");
            md.Append("|").Append(string.Join("|", Header.Select((_, i) => i == 0 ? "---" : "---:"))).Append("|\n");
            foreach (var row in Rows)
                md.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
            return md.ToString();
        }

        public string ToText()
        {
            var widths = Header.Select((h, i) => Rows.Select(r => r[i].Length).Append(h.Length).Max()).ToList();
            var text = new StringBuilder();
            void Line(IReadOnlyList<string> cells)
            {
                for (int i = 0; i < cells.Count; i++)
                {
                    if (i > 0) text.Append("  ");
                    text.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
                }
                text.Append('\n');
            }
            Line(Header);
            Line(widths.Select(w => new string('-', w)).ToList());
            foreach (var row in Rows) Line(row);
            return text.ToString();
        }

        public static string Percent(double fraction, int decimals) =>
            double.IsFinite(fraction) ? (fraction * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%" : "n/a";
    }
}
