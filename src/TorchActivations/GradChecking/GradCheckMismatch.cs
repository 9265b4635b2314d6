using System.Text;

namespace TorchActivations
{
    /// <summary>One compared Jacobian entry (or, in fast mode, one projected pair) and where it lies.</summary>
    public sealed class GradCheckMismatch
    {
        internal GradCheckMismatch(int inputIndex, string inputName, long[] inputElement, int outputIndex, long[] outputElement,
            double analytical, double numerical, double atol)
        {
            InputIndex = inputIndex;
            InputName = inputName;
            InputElement = inputElement;
            OutputIndex = outputIndex;
            OutputElement = outputElement;
            Analytical = analytical;
            Numerical = numerical;
            AbsoluteError = System.Math.Abs(analytical - numerical);
            RelativeError = AbsoluteError / System.Math.Max(System.Math.Abs(numerical), atol);
        }

        /// <summary>Position of the differentiated tensor among the checked ones.</summary>
        public int InputIndex { get; }

        /// <summary>Name of the differentiated tensor ("input 0", or a parameter name such as "beta").</summary>
        public string InputName { get; }

        /// <summary>Index of the perturbed element in that tensor; null in fast mode (a random direction was used).</summary>
        public long[] InputElement { get; }

        /// <summary>Position of the output.</summary>
        public int OutputIndex { get; }

        /// <summary>Index of the output element; null in fast mode (a random projection was used).</summary>
        public long[] OutputElement { get; }

        /// <summary>The derivative from autograd.</summary>
        public double Analytical { get; }

        /// <summary>The derivative from central differences.</summary>
        public double Numerical { get; }

        /// <summary><c>|Analytical − Numerical|</c>.</summary>
        public double AbsoluteError { get; }

        /// <summary><c>|Analytical − Numerical| / max(|Numerical|, atol)</c>; the floor keeps entries whose true value is ~0 from dominating.</summary>
        public double RelativeError { get; }

        /// <summary>Readable location and values, e.g. "d output 0[2, 1] / d beta[3]: analytical 0.5, numerical 0.25".</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append("d output ").Append(OutputIndex).Append(Index(OutputElement, "(projected on v)"));
            text.Append(" / d ").Append(InputName).Append(Index(InputElement, "(along u)"));
            text.Append(": analytical ").Append(Internal.Text.Num(Analytical));
            text.Append(", numerical ").Append(Internal.Text.Num(Numerical));
            text.Append(", abs error ").Append(Internal.Text.Num(AbsoluteError));
            text.Append(", rel error ").Append(Internal.Text.Num(RelativeError));
            return text.ToString();
        }

        private static string Index(long[] element, string whenProjected) =>
            element is null ? " " + whenProjected : "[" + string.Join(", ", element) + "]";
    }
}
