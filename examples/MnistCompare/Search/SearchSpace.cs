using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MnistCompare.Search
{
    /// <summary>
    /// The search space of Ramachandran, Zoph &amp; Le ("Searching for Activation Functions", 2017): a core
    /// unit is <c>binary(unary(x), unary(x))</c>; an activation is one core unit or two composed (the second
    /// unit's inputs are the first unit's output). Every choice is rendered as formula text for
    /// <see cref="TorchActivations.Formula"/>; each β becomes its own learnable parameter b1, b2, ...
    /// in the order it appears.
    /// </summary>
    public static class SearchSpace
    {
        /// <summary>A unary function: its display name and its template ({0} is the operand, B a fresh β).</summary>
        public sealed class Op
        {
            public Op(string name, string template)
            {
                Name = name;
                Template = template;
            }

            public string Name { get; }
            public string Template { get; }
        }

        /// <summary>The unary functions. √x is taken of |x| so that it is defined everywhere.</summary>
        public static readonly IReadOnlyList<Op> Unary = new[]
        {
            new Op("x", "({0})"),
            new Op("-x", "(-({0}))"),
            new Op("|x|", "abs({0})"),
            new Op("x^2", "(({0})^2)"),
            new Op("x^3", "(({0})^3)"),
            new Op("sqrt(|x|)", "sqrt(abs({0}))"),
            new Op("βx", "(B * ({0}))"),
            new Op("x + β", "(({0}) + B)"),
            new Op("log(|x| + ε)", "log(abs({0}) + eps)"),
            new Op("exp(x)", "exp({0})"),
            new Op("sin(x)", "sin({0})"),
            new Op("cos(x)", "cos({0})"),
            new Op("sinh(x)", "sinh({0})"),
            new Op("cosh(x)", "cosh({0})"),
            new Op("tanh(x)", "tanh({0})"),
            new Op("asinh(x)", "asinh({0})"),
            new Op("atan(x)", "atan({0})"),
            new Op("sinc(x)", "sinc({0})"),
            new Op("max(x, 0)", "max({0}, 0)"),
            new Op("min(x, 0)", "min({0}, 0)"),
            new Op("σ(x)", "sigmoid({0})"),
            new Op("softplus(x)", "softplus({0})"),
            new Op("exp(-x^2)", "exp(-(({0})^2))"),
            new Op("erf(x)", "erf({0})"),
            new Op("β", "(B)"),
        };

        /// <summary>The binary functions ({0} and {1} are the operands, B a fresh β).</summary>
        public static readonly IReadOnlyList<Op> Binary = new[]
        {
            new Op("x1 + x2", "(({0}) + ({1}))"),
            new Op("x1 · x2", "(({0}) * ({1}))"),
            new Op("x1 - x2", "(({0}) - ({1}))"),
            new Op("x1 / (x2 + ε)", "(({0}) / (({1}) + eps))"),
            new Op("max(x1, x2)", "max({0}, {1})"),
            new Op("min(x1, x2)", "min({0}, {1})"),
            new Op("σ(x1) · x2", "(sigmoid({0}) * ({1}))"),
            new Op("exp(-β(x1 - x2)^2)", "exp(-B * (({0}) - ({1}))^2)"),
            new Op("exp(-β|x1 - x2|)", "exp(-B * abs(({0}) - ({1})))"),
            new Op("βx1 + (1 - β)x2", "(B * ({0}) + (1 - B) * ({1}))"),
        };

        /// <summary>Choices per core unit: first unary, second unary, binary.</summary>
        public const int ChoicesPerUnit = 3;

        /// <summary>How many values choice <paramref name="position"/> of a genome can take.</summary>
        public static int Range(int position) => position % ChoicesPerUnit == 2 ? Binary.Count : Unary.Count;

        /// <summary>A uniformly random genome of one or two core units.</summary>
        public static Genome Sample(Random random)
        {
            int units = random.Next(2) + 1;
            var choices = new int[units * ChoicesPerUnit];
            for (int i = 0; i < choices.Length; i++) choices[i] = random.Next(Range(i));
            return new Genome(choices);
        }

        /// <summary>The genome with exactly one choice (a unary or binary function) replaced by a different one.</summary>
        public static Genome Mutate(Genome parent, Random random)
        {
            var choices = parent.Choices.ToArray();
            int position = random.Next(choices.Length);
            int replacement = random.Next(Range(position) - 1);
            choices[position] = replacement >= choices[position] ? replacement + 1 : replacement;
            return new Genome(choices);
        }

        /// <summary>The formula text of a genome (not yet canonical: parse it for that).</summary>
        public static string Render(Genome genome)
        {
            string value = "x";
            for (int unit = 0; unit < genome.Units; unit++)
            {
                int at = unit * ChoicesPerUnit;
                string left = string.Format(Unary[genome.Choices[at]].Template, value);
                string right = string.Format(Unary[genome.Choices[at + 1]].Template, value);
                value = string.Format(Binary[genome.Choices[at + 2]].Template, left, right);
            }
            // Number the betas in order of appearance: b1, b2, ...
            var text = new StringBuilder();
            int beta = 0;
            foreach (char c in value)
            {
                if (c == 'B') text.Append('b').Append(++beta);
                else text.Append(c);
            }
            return text.ToString();
        }

        /// <summary>The choices in words, e.g. "max(x1, x2) of [tanh(x), x]".</summary>
        public static string Describe(Genome genome)
        {
            var parts = new List<string>();
            for (int unit = 0; unit < genome.Units; unit++)
            {
                int at = unit * ChoicesPerUnit;
                parts.Add($"{Binary[genome.Choices[at + 2]].Name} of [{Unary[genome.Choices[at]].Name}, {Unary[genome.Choices[at + 1]].Name}]");
            }
            return string.Join(", then ", parts);
        }
    }

    /// <summary>One point of the search space: the index of each unary/binary choice, three per core unit.</summary>
    public sealed class Genome : IEquatable<Genome>
    {
        public Genome(IReadOnlyList<int> choices)
        {
            if (choices.Count == 0 || choices.Count % SearchSpace.ChoicesPerUnit != 0)
                throw new ArgumentException($"a genome has {SearchSpace.ChoicesPerUnit} choices per core unit, got {choices.Count}");
            for (int i = 0; i < choices.Count; i++)
                if (choices[i] < 0 || choices[i] >= SearchSpace.Range(i))
                    throw new ArgumentOutOfRangeException(nameof(choices), $"choice {i} is {choices[i]}, outside [0, {SearchSpace.Range(i)})");
            Choices = choices.ToArray();
        }

        public IReadOnlyList<int> Choices { get; }
        public int Units => Choices.Count / SearchSpace.ChoicesPerUnit;

        public bool Equals(Genome other) => other is not null && Choices.SequenceEqual(other.Choices);
        public override bool Equals(object obj) => Equals(obj as Genome);
        public override int GetHashCode() => Choices.Aggregate(17, (h, c) => h * 31 + c);
        public override string ToString() => string.Join("-", Choices);
    }
}
