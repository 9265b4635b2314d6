using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;

namespace MnistCompare.Reporting
{
    /// <summary>
    /// A self-contained SVG line chart: one line per series with point markers, a translucent
    /// mean ± std band where the series has spread (several seeds), round-number axes and a legend.
    /// Non-finite points (a diverged run) are left out, breaking the line there.
    /// </summary>
    public sealed class SvgLinePlot
    {
        private const double Width = 780, Height = 440;
        private const double Left = 70, Right = 200, Top = 40, Bottom = 55;

        // Colour-blind-friendly categorical palette (Tableau 10) plus two extra hues for 11+ series.
        private static readonly string[] Palette =
        {
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#2f2f2f",
        };

        public string Title { get; set; }
        public string XLabel { get; set; }
        public string YLabel { get; set; }

        /// <summary>Logarithmic x axis (learning rates); ticks are then the data's own x values.</summary>
        public bool LogX { get; set; }

        /// <summary>Fixed y range; null fits the data.</summary>
        public double? YMin { get; set; }
        public double? YMax { get; set; }

        /// <summary>Smallest y span shown, so that a nearly flat series (0.3% dead units) is not blown up to fill the plot.</summary>
        public double MinSpan { get; set; }

        /// <summary>Logarithmic y axis (losses spanning two decades); values &lt;= 0 are left out.</summary>
        public bool LogY { get; set; }

        /// <summary>Label y ticks as percentages (fractions 0..1).</summary>
        public bool PercentY { get; set; }

        public List<PlotSeries> Series { get; } = new List<PlotSeries>();

        public string Render()
        {
            var finite = Series.SelectMany(s => s.Points).Where(p => Plottable(p.Mean)).ToList();
            var xs = Series.SelectMany(s => s.Points).Select(p => p.X).Where(x => double.IsFinite(x) && (!LogX || x > 0)).Distinct().OrderBy(x => x).ToList();

            double yMin, yMax;
            List<double> yTicks;
            if (LogY)
            {
                double low = finite.Count == 0 ? 0.1 : finite.Min(p => p.Mean);
                double high = finite.Count == 0 ? 1 : finite.Max(p => p.Mean + Std(p));
                yTicks = AxisTicks.Logarithmic(low, high, out yMin, out yMax);
            }
            else
            {
                yMin = YMin ?? (finite.Count == 0 ? 0 : finite.Min(p => p.Mean - Std(p)));
                yMax = YMax ?? (finite.Count == 0 ? 1 : finite.Max(p => p.Mean + Std(p)));
                if (yMax - yMin < MinSpan) yMax = yMin + MinSpan;
                yTicks = AxisTicks.Nice(ref yMin, ref yMax);
                if (YMin.HasValue) yMin = YMin.Value;
                if (YMax.HasValue && yMax > YMax.Value) yMax = YMax.Value;
                yTicks = yTicks.Where(t => t >= yMin - 1e-12 && t <= yMax + 1e-12).ToList();
            }

            double xMin, xMax;
            List<double> xTicks;
            if (LogX)
            {
                xMin = xs.Count == 0 ? 1 : Math.Log10(xs.First());
                xMax = xs.Count == 0 ? 10 : Math.Log10(xs.Last());
                if (!(xMax > xMin)) { xMin -= 0.5; xMax += 0.5; }
                xTicks = xs;
            }
            else
            {
                xMin = xs.Count == 0 ? 0 : xs.First();
                xMax = xs.Count == 0 ? 1 : xs.Last();
                xTicks = xs.Count <= 12 ? xs : AxisTicks.Nice(ref xMin, ref xMax);
                if (!(xMax > xMin)) { xMin -= 0.5; xMax += 0.5; }
            }

            double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
            // The legend column widens for long names (about 7 px a character at 12 px) rather than cut them off.
            int longest = Series.Count == 0 ? 0 : Series.Max(s => s.Name.Length);
            double width = Left + plotW + Math.Max(Right, 46 + 7 * longest + 12);
            Func<double, double> px = x => Left + ((LogX ? Math.Log10(x) : x) - xMin) / (xMax - xMin) * plotW;
            Func<double, double> py = LogY
                ? y => Top + (1 - (Math.Log10(Math.Clamp(y, yMin, yMax)) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin))) * plotH
                : y => Top + (1 - (Math.Clamp(y, yMin, yMax) - yMin) / (yMax - yMin)) * plotH;

            var svg = new StringBuilder();
            svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(Height)}\" viewBox=\"0 0 {F(width)} {F(Height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
            svg.Append($"<rect width=\"{F(width)}\" height=\"{F(Height)}\" fill=\"white\"/>\n");
            svg.Append($"<text x=\"{F(Left + plotW / 2)}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Esc(Title)}</text>\n");

            foreach (double t in yTicks)
            {
                double y = py(t);
                svg.Append($"<line x1=\"{F(Left)}\" y1=\"{F(y)}\" x2=\"{F(Left + plotW)}\" y2=\"{F(y)}\" stroke=\"#e6e6e6\"/>\n");
                svg.Append($"<text x=\"{F(Left - 6)}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Esc(PercentY ? Label(t * 100) + "%" : Label(t))}</text>\n");
            }
            foreach (double t in xTicks)
            {
                double x = px(t);
                svg.Append($"<line x1=\"{F(x)}\" y1=\"{F(Top)}\" x2=\"{F(x)}\" y2=\"{F(Top + plotH)}\" stroke=\"#f0f0f0\"/>\n");
                svg.Append($"<text x=\"{F(x)}\" y=\"{F(Top + plotH + 18)}\" text-anchor=\"middle\">{Esc(Label(t))}</text>\n");
            }
            svg.Append($"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"none\" stroke=\"#444\"/>\n");
            svg.Append($"<text x=\"{F(Left + plotW / 2)}\" y=\"{F(Height - 12)}\" text-anchor=\"middle\">{Esc(XLabel)}</text>\n");
            svg.Append($"<text transform=\"translate(18 {F(Top + plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Esc(YLabel)}</text>\n");

            for (int i = 0; i < Series.Count; i++)
            {
                string colour = Palette[i % Palette.Length];
                var points = Series[i].Points.Where(p => double.IsFinite(p.X) && (!LogX || p.X > 0)).OrderBy(p => p.X).ToList();
                foreach (var segment in FiniteSegments(points))
                {
                    if (segment.Any(p => Std(p) > 0))
                    {
                        var upper = segment.Select(p => $"{F(px(p.X))},{F(py(p.Mean + Std(p)))}");
                        var lower = segment.AsEnumerable().Reverse().Select(p => $"{F(px(p.X))},{F(py(p.Mean - Std(p)))}");
                        svg.Append($"<polygon points=\"{string.Join(" ", upper.Concat(lower))}\" fill=\"{colour}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
                    }
                    svg.Append($"<polyline points=\"{string.Join(" ", segment.Select(p => $"{F(px(p.X))},{F(py(p.Mean))}"))}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
                    foreach (var p in segment)
                        svg.Append($"<circle cx=\"{F(px(p.X))}\" cy=\"{F(py(p.Mean))}\" r=\"2.5\" fill=\"{colour}\"/>\n");
                }
                double ly = Top + 8 + i * 18;
                svg.Append($"<line x1=\"{F(Left + plotW + 15)}\" y1=\"{F(ly)}\" x2=\"{F(Left + plotW + 40)}\" y2=\"{F(ly)}\" stroke=\"{colour}\" stroke-width=\"3\"/>\n");
                svg.Append($"<text x=\"{F(Left + plotW + 46)}\" y=\"{F(ly + 4)}\">{Esc(Series[i].Name)}</text>\n");
            }
            svg.Append("</svg>\n");
            return svg.ToString();
        }

        private static double Std(CurvePoint p) => double.IsFinite(p.Std) ? p.Std : 0;

        private bool Plottable(double y) => double.IsFinite(y) && (!LogY || y > 0);

        private IEnumerable<List<CurvePoint>> FiniteSegments(List<CurvePoint> points)
        {
            var current = new List<CurvePoint>();
            foreach (var p in points)
            {
                if (Plottable(p.Mean)) { current.Add(p); continue; }
                if (current.Count > 0) yield return current;
                current = new List<CurvePoint>();
            }
            if (current.Count > 0) yield return current;
        }

        private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Label(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

        private static string Esc(string text) => SecurityElement.Escape(text ?? "");
    }
}
