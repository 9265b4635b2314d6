namespace PlotActivations
{
    /// <summary>A sampled curve: y values over the shared x grid, with its legend and style.</summary>
    internal sealed class Curve
    {
        public Curve(string label, double[] y, string color, bool dashed = false, bool dotsOnly = false)
        {
            Label = label;
            Y = y;
            Color = color;
            Dashed = dashed;
            DotsOnly = dotsOnly;
        }

        public string Label { get; }
        public double[] Y { get; }
        public string Color { get; }
        public bool Dashed { get; }
        /// <summary>Draw as scattered points (random samples) rather than a line.</summary>
        public bool DotsOnly { get; }
    }
}
