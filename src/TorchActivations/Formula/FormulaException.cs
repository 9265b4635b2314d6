using System;

namespace TorchActivations
{
    /// <summary>A formula that does not parse: the message says what is wrong and where (1-based column).</summary>
    public sealed class FormulaException : ArgumentException
    {
        /// <summary>Creates the exception for a problem at <paramref name="column"/> of <paramref name="formula"/>.</summary>
        public FormulaException(string problem, int column, string formula)
            : base($"{problem} at column {column} in formula \"{formula}\"", "formula")
        {
            Problem = problem;
            Column = column;
            Formula = formula;
        }

        /// <summary>What is wrong, e.g. <c>unexpected ')'</c>.</summary>
        public string Problem { get; }

        /// <summary>1-based column of the problem in <see cref="Formula"/>.</summary>
        public int Column { get; }

        /// <summary>The formula as given.</summary>
        public string Formula { get; }
    }
}
