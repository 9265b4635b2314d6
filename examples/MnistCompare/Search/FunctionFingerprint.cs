using System;
using System.Globalization;
using System.Linq;
using System.Text;
using TorchActivations;
using static TorchSharp.torch;

namespace MnistCompare.Search
{
    /// <summary>
    /// What a formula computes, as text: its values (float64, 12 significant digits) at 97 points of
    /// [-6, 6], once with every parameter at 1 and once with each at a different value. Formulas that print
    /// differently but compute the same function of x and their parameters, such as
    /// <c>asinh(max(-x, -x)) * -max(-x, -x)</c> and <c>asinh(max(abs(x), -x)) * -max(abs(x), -x)</c> (both
    /// -x·asinh(x)), get the same fingerprint, so the search trains each function once.
    /// </summary>
    public static class FunctionFingerprint
    {
        private const int Points = 97;

        public static string Of(Formula formula)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = linspace(-6, 6, Points, dtype: ScalarType.Float64);
            var text = new StringBuilder();
            // Parameter values are positional (b1, b2, ...), so formulas with the same parameters in the same
            // roles compare equal; the second setting tells apart functions that agree only when every β is 1.
            for (int setting = 0; setting < 2; setting++)
            {
                var values = formula.Parameters.Select((p, i) => (p, v: setting == 0 ? 1.0 : 0.55 + 0.37 * (i + 1)))
                    .ToDictionary(e => e.p, e => e.v, StringComparer.Ordinal);
                var y = formula.Evaluate(x, values).expand(new long[] { Points }).contiguous();
                foreach (double v in y.data<double>().ToArray())
                    text.Append(v.ToString("G12", CultureInfo.InvariantCulture)).Append(' ');
                text.Append('|');
            }
            return text.ToString();
        }
    }
}
