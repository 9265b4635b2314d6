using System.Linq;
using System.Text.RegularExpressions;
using MnistCompare.Reporting;
using Xunit;

namespace MnistCompare.Tests.Reporting
{
    public sealed class SvgLinePlotTests
    {
        private static double WidthOf(string svg) => double.Parse(Regex.Match(svg, "<svg[^>]* width=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        private static string Plot(string name)
        {
            var plot = new SvgLinePlot { Title = "t", XLabel = "x", YLabel = "y" };
            plot.Series.Add(new PlotSeries(name, Enumerable.Range(0, 5).Select(i => new CurvePoint(i, i * i, 0)).ToList()));
            return plot.Render();
        }

        [Fact]
        public void TheLegendWidensForLongNamesAndKeepsShortOnesAsTheyWere()
        {
            Assert.Equal(780, WidthOf(Plot("relu")));
            const string formula = "asinh(max(abs(x), abs(x))) * -max(abs(x), abs(x))";
            string svg = Plot(formula);
            // The name's text must end inside the picture: legend x + about 7 px a character.
            double textX = double.Parse(Regex.Match(svg, "<text x=\"([0-9.]+)\"[^>]*>" + Regex.Escape(formula)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(textX + 6.5 * formula.Length <= WidthOf(svg), $"text from {textX} does not fit in {WidthOf(svg)}");
        }
    }
}
