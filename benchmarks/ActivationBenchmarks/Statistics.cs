using System.Collections.Generic;
using System.Linq;

namespace ActivationBenchmarks
{
    internal static class Statistics
    {
        /// <summary>The median: robust to the odd slow run on a busy machine.</summary>
        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
