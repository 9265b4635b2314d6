using System;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Compares analytical and numerical blocks and remembers, across all blocks, the entry with the largest
    /// absolute error, the largest relative error, and the largest excess over the tolerance.
    /// NaN counts as the worst possible value, so a NaN derivative always surfaces.
    /// </summary>
    internal sealed class WorstEntryTracker
    {
        private readonly GradCheckOptions options;
        private GradCheckMismatch worstAbsolute, worstRelative, worstViolation;
        private double worstViolationScore = double.NegativeInfinity;
        private long compared;
        private bool passed = true;

        public WorstEntryTracker(GradCheckOptions options) => this.options = options;

        /// <summary>Compares two [numel(output), numel(input)] blocks entry by entry.</summary>
        public void Compare(Tensor analytical, Tensor numerical, int inputIndex, string inputName, long[] inputShape, int outputIndex, long[] outputShape)
        {
            if (analytical is null || numerical is null || analytical.numel() == 0) return;
            using var scope = NewDisposeScope();
            long inputCount = analytical.shape[1];
            var a = analytical.reshape(-1);
            var n = numerical.reshape(-1);
            var diff = (a - n).abs();
            var tolerance = n.abs() * options.Rtol + options.Atol;
            var relative = diff / n.abs().clamp_min(Math.Max(options.Atol, double.Epsilon));
            var excess = diff - tolerance;

            compared += a.numel();
            passed &= diff.le(tolerance).all().item<bool>();

            Mismatch At(Tensor scores)
            {
                long flat = scores.argmax().item<long>();
                return new Mismatch(new GradCheckMismatch(inputIndex, inputName, Unravel(flat % inputCount, inputShape),
                    outputIndex, Unravel(flat / inputCount, outputShape),
                    a[flat].item<double>(), n[flat].item<double>(), options.Atol), excess[flat].item<double>());
            }

            Keep(ref worstAbsolute, At(diff).Entry, m => m.AbsoluteError);
            Keep(ref worstRelative, At(relative).Entry, m => m.RelativeError);
            var violation = At(excess);
            if (Worse(violation.Excess, worstViolationScore))
            {
                worstViolationScore = violation.Excess;
                worstViolation = violation.Entry;
            }
        }

        /// <summary>Records one projected pair (fast mode): a scalar analytical and numerical value with their own tolerance.</summary>
        public void CompareProjection(double analytical, double numerical, double atol, int inputIndex, string inputName, int outputIndex)
        {
            var entry = new GradCheckMismatch(inputIndex, inputName, null, outputIndex, null, analytical, numerical, atol);
            double tolerance = atol + options.Rtol * Math.Abs(numerical);
            compared++;
            passed &= entry.AbsoluteError <= tolerance;
            Keep(ref worstAbsolute, entry, m => m.AbsoluteError);
            Keep(ref worstRelative, entry, m => m.RelativeError);
            double excess = entry.AbsoluteError - tolerance;
            if (Worse(excess, worstViolationScore))
            {
                worstViolationScore = excess;
                worstViolation = entry;
            }
        }

        public GradCheckResult Result(int order, bool fastMode) =>
            new GradCheckResult(order, fastMode, options, compared, worstAbsolute, worstRelative, worstViolation, passed);

        private readonly struct Mismatch
        {
            public Mismatch(GradCheckMismatch entry, double excess)
            {
                Entry = entry;
                Excess = double.IsNaN(entry.AbsoluteError) ? double.NaN : excess;
            }

            public GradCheckMismatch Entry { get; }
            public double Excess { get; }
        }

        private static void Keep(ref GradCheckMismatch current, GradCheckMismatch candidate, Func<GradCheckMismatch, double> score)
        {
            if (current is null || Worse(score(candidate), score(current))) current = candidate;
        }

        /// <summary>Whether <paramref name="candidate"/> is worse than <paramref name="current"/>, NaN being the worst.</summary>
        private static bool Worse(double candidate, double current) =>
            !double.IsNaN(current) && (double.IsNaN(candidate) || candidate > current);

        /// <summary>Row-major flat index to a multi-index of <paramref name="shape"/>.</summary>
        internal static long[] Unravel(long flat, long[] shape)
        {
            var index = new long[shape.Length];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = flat % shape[d];
                flat /= shape[d];
            }
            return index;
        }
    }
}
