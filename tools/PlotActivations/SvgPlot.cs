using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;

namespace PlotActivations
{
    /// <summary>Writes a small line chart as a standalone SVG: axes, integer grid, curves and a legend.</summary>
    internal static class SvgPlot
    {
        private const double Width = 520, Height = 340;
        private const double Left = 44, Right = 16, Top = 34, Bottom = 34;

        public static string Render(string title, double[] x, IReadOnlyList<Curve> curves, double yMin, double yMax)
        {
            double xMin = x[0], xMax = x[x.Length - 1];
            double Px(double v) => Left + (v - xMin) / (xMax - xMin) * (Width - Left - Right);
            double Py(double v) => Top + (yMax - v) / (yMax - yMin) * (Height - Top - Bottom);

            var svg = new StringBuilder();
            svg.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Width)}\" height=\"{F(Height)}\" viewBox=\"0 0 {F(Width)} {F(Height)}\" font-family=\"sans-serif\" font-size=\"11\">");
            svg.AppendLine($"<rect width=\"{F(Width)}\" height=\"{F(Height)}\" fill=\"white\"/>");
            svg.AppendLine($"<text x=\"{F(Width / 2)}\" y=\"20\" text-anchor=\"middle\" font-size=\"13\">{SecurityElement.Escape(title)}</text>");

            // Grid lines and tick labels at whole numbers.
            for (double gx = Math.Ceiling(xMin); gx <= xMax; gx++)
            {
                svg.AppendLine($"<line x1=\"{F(Px(gx))}\" y1=\"{F(Top)}\" x2=\"{F(Px(gx))}\" y2=\"{F(Height - Bottom)}\" stroke=\"#eee\"/>");
                svg.AppendLine($"<text x=\"{F(Px(gx))}\" y=\"{F(Height - Bottom + 14)}\" text-anchor=\"middle\" fill=\"#555\">{F(gx)}</text>");
            }
            double yStep = Math.Max(1, Math.Ceiling((yMax - yMin) / 8));
            for (double gy = Math.Ceiling(yMin / yStep) * yStep; gy <= yMax; gy += yStep)
            {
                svg.AppendLine($"<line x1=\"{F(Left)}\" y1=\"{F(Py(gy))}\" x2=\"{F(Width - Right)}\" y2=\"{F(Py(gy))}\" stroke=\"#eee\"/>");
                svg.AppendLine($"<text x=\"{F(Left - 6)}\" y=\"{F(Py(gy) + 4)}\" text-anchor=\"end\" fill=\"#555\">{F(gy)}</text>");
            }
            // Axes through the origin.
            if (yMin <= 0 && yMax >= 0)
                svg.AppendLine($"<line x1=\"{F(Left)}\" y1=\"{F(Py(0))}\" x2=\"{F(Width - Right)}\" y2=\"{F(Py(0))}\" stroke=\"#888\"/>");
            if (xMin <= 0 && xMax >= 0)
                svg.AppendLine($"<line x1=\"{F(Px(0))}\" y1=\"{F(Top)}\" x2=\"{F(Px(0))}\" y2=\"{F(Height - Bottom)}\" stroke=\"#888\"/>");

            svg.AppendLine($"<clipPath id=\"area\"><rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Width - Left - Right)}\" height=\"{F(Height - Top - Bottom)}\"/></clipPath>");
            svg.AppendLine("<g clip-path=\"url(#area)\">");
            foreach (var curve in curves)
            {
                if (curve.DotsOnly)
                {
                    for (int i = 0; i < x.Length; i++)
                        if (double.IsFinite(curve.Y[i]))
                            svg.AppendLine($"<circle cx=\"{F(Px(x[i]))}\" cy=\"{F(Py(curve.Y[i]))}\" r=\"1.2\" fill=\"{curve.Color}\" fill-opacity=\"0.5\"/>");
                    continue;
                }
                string dash = curve.Dashed ? " stroke-dasharray=\"6 3\"" : "";
                foreach (var segment in Segments(x, curve.Y, yMax - yMin))
                    svg.AppendLine($"<polyline fill=\"none\" stroke=\"{curve.Color}\" stroke-width=\"2\"{dash} points=\"{string.Join(" ", segment.Select(i => F(Px(x[i])) + "," + F(Py(curve.Y[i]))))}\"/>");
            }
            svg.AppendLine("</g>");

            // Legend, top left.
            for (int k = 0; k < curves.Count; k++)
            {
                double ly = Top + 14 + 16 * k;
                var c = curves[k];
                if (c.DotsOnly)
                    svg.AppendLine($"<circle cx=\"{F(Left + 21)}\" cy=\"{F(ly - 4)}\" r=\"2.5\" fill=\"{c.Color}\"/>");
                else
                    svg.AppendLine($"<line x1=\"{F(Left + 10)}\" y1=\"{F(ly - 4)}\" x2=\"{F(Left + 32)}\" y2=\"{F(ly - 4)}\" stroke=\"{c.Color}\" stroke-width=\"2\"{(c.Dashed ? " stroke-dasharray=\"6 3\"" : "")}/>");
                svg.AppendLine($"<text x=\"{F(Left + 38)}\" y=\"{F(ly)}\">{SecurityElement.Escape(c.Label)}</text>");
            }
            svg.AppendLine("</svg>");
            return svg.ToString();
        }

        /// <summary>
        /// Index runs to draw as separate polylines: a jump larger than a tenth of the plot's height between
        /// neighbouring grid points is a discontinuity (e.g. ReLU's derivative at 0) and is not bridged.
        /// Non-finite values also break the line.
        /// </summary>
        private static IEnumerable<List<int>> Segments(double[] x, double[] y, double span)
        {
            var current = new List<int>();
            for (int i = 0; i < x.Length; i++)
            {
                bool finite = double.IsFinite(y[i]);
                bool jump = current.Count > 0 && Math.Abs(y[i] - y[current[^1]]) > span / 10;
                if ((!finite || jump) && current.Count > 0)
                {
                    yield return current;
                    current = new List<int>();
                }
                if (finite) current.Add(i);
            }
            if (current.Count > 0) yield return current;
        }

        private static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
    }
}
