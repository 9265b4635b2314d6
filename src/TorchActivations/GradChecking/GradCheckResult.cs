using System.Text;

namespace TorchActivations
{
    /// <summary>Outcome of a gradient check: pass/fail, the worst errors and where they occurred.</summary>
    public sealed class GradCheckResult
    {
        internal GradCheckResult(int order, bool fastMode, GradCheckOptions options, long comparedEntries,
            GradCheckMismatch worstAbsolute, GradCheckMismatch worstRelative, GradCheckMismatch worstViolation, bool passed)
        {
            Order = order;
            FastMode = fastMode;
            Eps = options.Eps;
            Atol = options.Atol;
            Rtol = options.Rtol;
            ComparedEntries = comparedEntries;
            WorstAbsolute = worstAbsolute;
            WorstRelative = worstRelative;
            WorstViolation = worstViolation;
            Passed = passed;
        }

        /// <summary>True when every compared entry satisfies <c>|a − n| &lt;= atol + rtol·|n|</c>.</summary>
        public bool Passed { get; }

        /// <summary>1 for <see cref="GradCheck"/>, 2 for <see cref="GradGradCheck"/>.</summary>
        public int Order { get; }

        /// <summary>Whether random projections were compared instead of every entry.</summary>
        public bool FastMode { get; }

        /// <summary>Central-difference step used.</summary>
        public double Eps { get; }

        /// <summary>Absolute tolerance used.</summary>
        public double Atol { get; }

        /// <summary>Relative tolerance used.</summary>
        public double Rtol { get; }

        /// <summary>Number of Jacobian entries (or projected pairs) compared.</summary>
        public long ComparedEntries { get; }

        /// <summary>Largest absolute error.</summary>
        public double MaxAbsoluteError => WorstAbsolute?.AbsoluteError ?? 0;

        /// <summary>Largest relative error.</summary>
        public double MaxRelativeError => WorstRelative?.RelativeError ?? 0;

        /// <summary>The entry with the largest absolute error.</summary>
        public GradCheckMismatch WorstAbsolute { get; }

        /// <summary>The entry with the largest relative error.</summary>
        public GradCheckMismatch WorstRelative { get; }

        /// <summary>The entry that exceeds (or comes closest to) its tolerance <c>atol + rtol·|n|</c> by the most.</summary>
        public GradCheckMismatch WorstViolation { get; }

        /// <summary>Throws a <see cref="GradCheckException"/> carrying this result unless it passed.</summary>
        public void ThrowIfFailed()
        {
            if (!Passed) throw new GradCheckException(this);
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(Order == 1 ? "Gradient check " : "Second-order gradient check ");
            text.Append(Passed ? "passed" : "FAILED");
            text.Append(FastMode ? " (fast mode, " : " (").Append(ComparedEntries).Append(" entries compared, eps ")
                .Append(Internal.Text.Num(Eps)).Append(", atol ").Append(Internal.Text.Num(Atol))
                .Append(", rtol ").Append(Internal.Text.Num(Rtol)).Append(").");
            if (WorstViolation is not null)
                text.Append(Passed ? " Closest to tolerance: " : " Worst violation: ").Append(WorstViolation).Append('.');
            if (WorstAbsolute is not null)
                text.Append(" Max abs error ").Append(Internal.Text.Num(MaxAbsoluteError)).Append(" at ").Append(WorstAbsolute).Append('.');
            if (WorstRelative is not null)
                text.Append(" Max rel error ").Append(Internal.Text.Num(MaxRelativeError)).Append(" at ").Append(WorstRelative).Append('.');
            if (!Passed && FastMode)
                text.Append(" Run with FastMode = false to locate the failing element.");
            return text.ToString();
        }
    }
}
