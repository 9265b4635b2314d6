using System.Collections.Generic;

namespace MnistCompare.Reporting
{
    /// <summary>One line of a plot: mean values with an optional ± std band (drawn when any std is positive).</summary>
    public sealed class PlotSeries
    {
        public PlotSeries(string name, IReadOnlyList<CurvePoint> points)
        {
            Name = name;
            Points = points;
        }

        public string Name { get; }
        public IReadOnlyList<CurvePoint> Points { get; }
    }
}
