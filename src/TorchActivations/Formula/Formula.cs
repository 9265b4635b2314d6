using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// A parsed activation formula, such as <c>x * sigmoid(beta * x)</c>.
    /// </summary>
    /// <remarks>
    /// <para>The language: numbers (<c>1</c>, <c>0.5</c>, <c>1e-3</c>), the input <c>x</c>, parameter names (any
    /// other identifier), <c>+ - * /</c>, unary minus, <c>^</c> with a numeric exponent (right-associative and
    /// binding tighter than unary minus: <c>-x^2</c> is <c>-(x^2)</c>), parentheses, the unary functions
    /// <c>abs sqrt exp log sin cos sinh cosh tanh asinh atan sinc erf sigmoid softplus relu</c> and the binary
    /// functions <c>max min</c>. <c>eps</c> is the constant 1e-6 unless a value is given for it.</para>
    /// <para><see cref="ToString"/> prints the canonical form (single spaces around binary operators, none
    /// after unary minus or around <c>^</c>, the fewest parentheses, numbers in invariant round-trip form);
    /// two formulas are equal when their canonical forms are, and parsing the canonical form gives an equal formula.</para>
    /// </remarks>
    public sealed class Formula : IEquatable<Formula>
    {
        /// <summary>The constant <c>eps</c> stands for unless given a value.</summary>
        public const double DefaultEps = 1e-6;

        private readonly FormulaNode root;
        private readonly string canonical;

        private Formula(string source, FormulaNode root)
        {
            Source = source;
            this.root = root;
            canonical = root.ToString();
            var names = new List<string>();
            root.CollectIdentifiers(names);
            DependsOnX = names.Contains("x");
            UsesEps = names.Contains("eps");
            Parameters = names.Where(n => n != "x" && n != "eps").ToList().AsReadOnly();
        }

        /// <summary>Parses <paramref name="text"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        /// <exception cref="FormulaException">The text does not parse; the message says what and at which column.</exception>
        public static Formula Parse(string text) => new Formula(text, FormulaParser.Parse(text));

        /// <summary>The function names a formula may call.</summary>
        public static IReadOnlyList<string> Functions { get; } = FormulaFunctions.Names.ToList().AsReadOnly();

        /// <summary>The text as given to <see cref="Parse"/>.</summary>
        public string Source { get; }

        /// <summary>The parameter names (identifiers other than <c>x</c> and <c>eps</c>), in order of first appearance.</summary>
        public IReadOnlyList<string> Parameters { get; }

        /// <summary>Whether the formula mentions <c>x</c>.</summary>
        public bool DependsOnX { get; }

        /// <summary>Whether the formula mentions <c>eps</c>.</summary>
        public bool UsesEps { get; }

        /// <summary>
        /// Evaluates the formula with TorchSharp operations (so autograd, double backward included, flows through
        /// it). Each value in <paramref name="values"/> is a tensor that broadcasts against <paramref name="x"/>
        /// and is cast to its dtype; every parameter needs a value, <c>eps</c> may have one.
        /// </summary>
        /// <exception cref="ArgumentException">A parameter has no value.</exception>
        public Tensor Evaluate(Tensor x, IReadOnlyDictionary<string, Tensor> values = null)
        {
            if (x is null) throw new ArgumentNullException(nameof(x));
            CheckValues(values?.Keys);
            using var scope = NewDisposeScope();
            var result = root.Evaluate(x, name => Value(name, values, x));
            if (!DependsOnX) result = result + zeros_like(x);
            else if (root is IdentifierNode) result = result.clone(); // a new tensor, never a view of the input
            return result.MoveToOuterDisposeScope();
        }

        /// <summary>Evaluates the formula with constant parameter values.</summary>
        public Tensor Evaluate(Tensor x, IReadOnlyDictionary<string, double> values)
        {
            if (x is null) throw new ArgumentNullException(nameof(x));
            CheckValues(values?.Keys);
            using var scope = NewDisposeScope();
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            if (values is not null)
                foreach (var pair in values) tensors[pair.Key] = tensor(pair.Value, dtype: x.dtype, device: x.device);
            return Evaluate(x, tensors).MoveToOuterDisposeScope();
        }

        /// <summary>Throws unless <paramref name="names"/> covers every parameter and names nothing else (but <c>eps</c>).</summary>
        internal void CheckValues(IEnumerable<string> names)
        {
            var given = names is null ? new HashSet<string>() : new HashSet<string>(names, StringComparer.Ordinal);
            var missing = Parameters.Where(p => !given.Contains(p)).ToList();
            if (missing.Count > 0)
                throw new ArgumentException($"Formula \"{canonical}\" needs a value for {string.Join(", ", missing)}.", "values");
            var unknown = given.Where(n => n != "eps" && !Parameters.Contains(n)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"Formula \"{canonical}\" has no parameter {string.Join(", ", unknown)}; its parameters: {(Parameters.Count == 0 ? "none" : string.Join(", ", Parameters))}.", "values");
        }

        private static Tensor Value(string name, IReadOnlyDictionary<string, Tensor> values, Tensor x)
        {
            if (values is not null && values.TryGetValue(name, out var value))
                return value.dtype == x.dtype && value.device_type == x.device_type && value.device_index == x.device_index ? value.alias() : value.to(x.dtype, x.device);
            // Only eps can be missing here: CheckValues has seen every parameter.
            return tensor(DefaultEps, dtype: x.dtype, device: x.device);
        }

        /// <summary>The canonical form.</summary>
        public override string ToString() => canonical;

        /// <inheritdoc/>
        public bool Equals(Formula other) => other is not null && other.canonical == canonical;

        /// <inheritdoc/>
        public override bool Equals(object obj) => Equals(obj as Formula);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(canonical);

        /// <summary>Whether the canonical forms are equal.</summary>
        public static bool operator ==(Formula left, Formula right) => left is null ? right is null : left.Equals(right);

        /// <summary>Whether the canonical forms differ.</summary>
        public static bool operator !=(Formula left, Formula right) => !(left == right);
    }
}
