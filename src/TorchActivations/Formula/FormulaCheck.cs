using System;
using System.Collections.Generic;
using System.Linq;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// The acceptance check of a formula: evaluated in float64 at <see cref="ProbePoints"/> evenly spaced points
    /// of [<see cref="ProbeLow"/>, <see cref="ProbeHigh"/>], its values and its gradients (with respect to x and
    /// to every parameter) must be finite and within the float32 range, and its derivative must not be zero everywhere.
    /// </summary>
    public sealed class FormulaCheck
    {
        /// <summary>Lower end of the probe range.</summary>
        public const double ProbeLow = -6;

        /// <summary>Upper end of the probe range.</summary>
        public const double ProbeHigh = 6;

        /// <summary>Number of probe points (the ends included).</summary>
        public const int ProbePoints = 201;

        /// <summary>A derivative no larger than this in magnitude at every probe point counts as constant.</summary>
        public const double ConstantTolerance = 1e-9;

        private FormulaCheck(Formula formula, IReadOnlyList<string> reasons)
        {
            Formula = formula;
            Reasons = reasons;
        }

        /// <summary>The formula checked.</summary>
        public Formula Formula { get; }

        /// <summary>Whether the formula passed (no reasons).</summary>
        public bool Passed => Reasons.Count == 0;

        /// <summary>Why the formula failed, one sentence each; empty when it passed.</summary>
        public IReadOnlyList<string> Reasons { get; }

        /// <summary>Throws an <see cref="ArgumentException"/> listing the reasons unless the formula passed.</summary>
        public void ThrowIfFailed()
        {
            if (!Passed)
                throw new ArgumentException($"Formula \"{Formula}\" fails the acceptance check: {string.Join("; ", Reasons)}. (Pass check: false to accept it anyway.)", "formula");
        }

        /// <inheritdoc/>
        public override string ToString() => Passed ? $"\"{Formula}\" passed" : $"\"{Formula}\" failed: {string.Join("; ", Reasons)}";

        /// <summary>Checks <paramref name="formula"/> with the given parameter values (1 for each one not given).</summary>
        public static FormulaCheck Run(Formula formula, IReadOnlyDictionary<string, double> values = null)
        {
            if (formula is null) throw new ArgumentNullException(nameof(formula));
            var all = formula.Parameters.ToDictionary(p => p, p => values is not null && values.TryGetValue(p, out var v) ? v : 1.0, StringComparer.Ordinal);
            if (values is not null && values.TryGetValue("eps", out var eps)) all["eps"] = eps;
            formula.CheckValues(all.Keys);

            var reasons = new List<string>();
            if (!formula.DependsOnX)
                reasons.Add("it does not depend on x (constant)");

            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var x = linspace(ProbeLow, ProbeHigh, ProbePoints, dtype: ScalarType.Float64).requires_grad_(true);
            var parameters = all.ToDictionary(p => p.Key, p => tensor(p.Value, dtype: ScalarType.Float64).requires_grad_(true), StringComparer.Ordinal);
            Tensor y;
            try
            {
                y = formula.Evaluate(x, parameters);
                if (NonFinite("value", x, y, reasons)) Overflow("value", y, reasons);
                y.sum().backward();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reasons.Add($"it cannot be evaluated: {e.Message}");
                return new FormulaCheck(formula, reasons.AsReadOnly());
            }

            if (formula.DependsOnX && x.grad is not null)
            {
                var dx = x.grad;
                bool finite = NonFinite("derivative", x, dx, reasons);
                if (finite) Overflow("derivative", dx, reasons);
                if (finite && dx.abs().max().item<double>() <= ConstantTolerance)
                    reasons.Add($"it is constant: its derivative is zero at every probe point in [{Text.Num(ProbeLow)}, {Text.Num(ProbeHigh)}]");
            }
            foreach (var pair in parameters)
            {
                var g = pair.Value.grad;
                if (g is not null && !g.isfinite().item<bool>())
                    reasons.Add($"its gradient with respect to {pair.Key} is not finite");
            }
            return new FormulaCheck(formula, reasons.AsReadOnly());
        }

        /// <summary>Adds a reason when <paramref name="values"/> exceed the float32 range (layers default to float32).</summary>
        private static void Overflow(string what, Tensor values, List<string> reasons)
        {
            double largest = values.detach().abs().max().item<double>();
            if (largest > float.MaxValue)
                reasons.Add($"its {what} overflows float32 in [{Text.Num(ProbeLow)}, {Text.Num(ProbeHigh)}] (magnitude up to {largest.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)})");
        }

        /// <summary>Adds a reason when <paramref name="values"/> has non-finite entries; true when all are finite.</summary>
        private static bool NonFinite(string what, Tensor x, Tensor values, List<string> reasons)
        {
            var bad = values.detach().isfinite().logical_not();
            long count = bad.sum().item<long>();
            if (count == 0) return true;
            var flags = bad.to(ScalarType.Float64).contiguous().data<double>().ToArray();
            int index = Array.FindIndex(flags, f => f != 0);
            double first = ProbeLow + (ProbeHigh - ProbeLow) * index / (ProbePoints - 1);
            reasons.Add($"its {what} is not finite at {count} of {ProbePoints} probe points in [{Text.Num(ProbeLow)}, {Text.Num(ProbeHigh)}] (first at x = {Text.Num(first)})");
            return false;
        }
    }
}
