using System;
using System.Collections.Generic;
using System.Linq;

namespace MnistCompare.Reporting
{
    /// <summary>Mean and spread over seeds.</summary>
    public static class Statistics
    {
        public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

        /// <summary>Sample standard deviation (n - 1); 0 for a single value, since one seed shows no spread.</summary>
        public static double Std(IReadOnlyList<double> values)
        {
            if (values.Count < 2) return 0;
            double mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        }
    }
}
