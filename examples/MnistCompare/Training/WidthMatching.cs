using System;
using System.Linq;

namespace MnistCompare.Training
{
    /// <summary>
    /// Keeps parameter counts comparable for activations that reduce their input (maxout with k
    /// pieces turns k*w pre-activations into w units): every hidden width is scaled by one common
    /// factor s (rounded, at least 1), and s is chosen so that the parameter count with k pieces is
    /// as close as possible to the count of the plain network (k = 1).
    /// </summary>
    public static class WidthMatching
    {
        public const string Rule =
            "an activation with k pieces per unit (maxout) gets hidden widths w' = round(s * w), so each layer computes k * w' " +
            "pre-activations that the activation reduces to w' units; one scale s for all layers is chosen so that the parameter " +
            "count is as close as possible to the plain network's.";

        public static Architecture Match(Architecture baseline, int pieces)
        {
            if (pieces < 1) throw new ArgumentOutOfRangeException(nameof(pieces), pieces, "pieces must be at least 1");
            if (pieces == 1) return baseline;
            long target = baseline.ParameterCount(1);
            Architecture best = null;
            long bestError = long.MaxValue;
            // Parameter counts grow monotonically with s, and s <= 1 always suffices for k >= 2; a fine
            // scan is exact enough and cheap (pure arithmetic).
            for (int step = 1; step <= 2000; step++)
            {
                double s = step / 2000.0;
                var widths = baseline.Widths.Select(w => Math.Max(1, (int)Math.Round(s * w))).ToArray();
                var candidate = baseline.WithWidths(widths);
                long error = Math.Abs(candidate.ParameterCount(pieces) - target);
                if (error < bestError)
                {
                    bestError = error;
                    best = candidate;
                }
            }
            return best;
        }
    }
}
