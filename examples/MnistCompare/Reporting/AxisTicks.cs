using System;
using System.Collections.Generic;

namespace MnistCompare.Reporting
{
    /// <summary>Round tick values (1, 2 or 5 times a power of ten) covering a range.</summary>
    public static class AxisTicks
    {
        /// <summary>Widens [min, max] to multiples of a round step and returns the ticks, about <paramref name="target"/> of them.</summary>
        public static List<double> Nice(ref double min, ref double max, int target = 6)
        {
            if (!(max > min))
            {
                // A flat series still needs a visible axis around its value.
                double pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 0.5;
                min -= pad;
                max += pad;
            }
            double rough = (max - min) / Math.Max(1, target);
            double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            double step = power;
            foreach (double m in new[] { 1.0, 2.0, 5.0, 10.0 })
            {
                step = m * power;
                if (step >= rough) break;
            }
            min = Math.Floor(min / step) * step;
            max = Math.Ceiling(max / step) * step;
            var ticks = new List<double>();
            for (double t = min; t <= max + step * 1e-9; t += step)
                ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
            return ticks;
        }

        /// <summary>Ticks 1, 2 and 5 times powers of ten covering [low, high] (both positive); the axis spans whole decades.</summary>
        public static List<double> Logarithmic(double low, double high, out double min, out double max)
        {
            if (!(low > 0)) low = high > 0 ? high / 10 : 0.1;
            if (!(high > low)) high = low * 10;
            int first = (int)Math.Floor(Math.Log10(low)), last = (int)Math.Ceiling(Math.Log10(high));
            if (last == first) last++;
            min = Math.Pow(10, first);
            max = Math.Pow(10, last);
            var ticks = new List<double>();
            for (int d = first; d <= last; d++)
                foreach (double m in new[] { 1.0, 2.0, 5.0 })
                {
                    double t = m * Math.Pow(10, d);
                    if (t >= min * (1 - 1e-12) && t <= max * (1 + 1e-12)) ticks.Add(t);
                }
            return ticks;
        }
    }
}
