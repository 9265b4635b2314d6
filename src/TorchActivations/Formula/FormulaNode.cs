using System;
using System.Collections.Generic;
using System.Text;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>A node of a parsed formula. Nodes print themselves canonically and build their value from tensors.</summary>
    internal abstract class FormulaNode
    {
        // Binding strength, weakest first: + - (1), * / (2), unary minus (3), ^ (4), atoms (5).
        internal const int Additive = 1, Multiplicative = 2, Negation = 3, Power = 4, Atom = 5;

        public abstract int Level { get; }

        public abstract void Print(StringBuilder text);

        /// <summary>The value for input <paramref name="x"/>, with <paramref name="lookup"/> giving each identifier other than x.</summary>
        public abstract Tensor Evaluate(Tensor x, Func<string, Tensor> lookup);

        /// <summary>Adds every identifier (x, eps and parameters) in order of first appearance.</summary>
        public virtual void CollectIdentifiers(List<string> names) { }

        /// <summary>The value of a node made only of numbers and operators, or null.</summary>
        public virtual double? Constant() => null;

        protected static void PrintOperand(StringBuilder text, FormulaNode operand, int minimumLevel)
        {
            if (operand.Level >= minimumLevel)
            {
                operand.Print(text);
                return;
            }
            text.Append('(');
            operand.Print(text);
            text.Append(')');
        }

        public override string ToString()
        {
            var text = new StringBuilder();
            Print(text);
            return text.ToString();
        }
    }

    internal sealed class NumberNode : FormulaNode
    {
        public NumberNode(double value) => Value = value;

        public double Value { get; }

        public override int Level => Atom;

        public override void Print(StringBuilder text) => text.Append(Text.Num(Value));

        public override Tensor Evaluate(Tensor x, Func<string, Tensor> lookup) => tensor(Value, dtype: x.dtype, device: x.device);

        public override double? Constant() => Value;
    }

    internal sealed class IdentifierNode : FormulaNode
    {
        public IdentifierNode(string name) => Name = name;

        public string Name { get; }

        public override int Level => Atom;

        public override void Print(StringBuilder text) => text.Append(Name);

        public override Tensor Evaluate(Tensor x, Func<string, Tensor> lookup) => Name == "x" ? x.alias() : lookup(Name);

        public override void CollectIdentifiers(List<string> names)
        {
            if (!names.Contains(Name)) names.Add(Name);
        }
    }

    internal sealed class NegateNode : FormulaNode
    {
        public NegateNode(FormulaNode operand) => Operand = operand;

        public FormulaNode Operand { get; }

        public override int Level => Negation;

        public override void Print(StringBuilder text)
        {
            text.Append('-');
            PrintOperand(text, Operand, Negation);
        }

        public override Tensor Evaluate(Tensor x, Func<string, Tensor> lookup) => Operand.Evaluate(x, lookup).neg();

        public override void CollectIdentifiers(List<string> names) => Operand.CollectIdentifiers(names);

        public override double? Constant() => -Operand.Constant();
    }

    internal sealed class BinaryNode : FormulaNode
    {
        public BinaryNode(char op, FormulaNode left, FormulaNode right)
        {
            Op = op;
            Left = left;
            Right = right;
        }

        public char Op { get; }
        public FormulaNode Left { get; }
        public FormulaNode Right { get; }

        public override int Level => Op == '+' || Op == '-' ? Additive : Multiplicative;

        public override void Print(StringBuilder text)
        {
            // Left-associative: the left operand may be at this level, the right one must bind tighter.
            PrintOperand(text, Left, Level);
            text.Append(' ').Append(Op).Append(' ');
            PrintOperand(text, Right, Level + 1);
        }

        public override Tensor Evaluate(Tensor x, Func<string, Tensor> lookup)
        {
            var a = Left.Evaluate(x, lookup);
            var b = Right.Evaluate(x, lookup);
            return Op switch
            {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ => a / b,
            };
        }

        public override void CollectIdentifiers(List<string> names)
        {
            Left.CollectIdentifiers(names);
            Right.CollectIdentifiers(names);
        }

        public override double? Constant()
        {
            double? a = Left.Constant(), b = Right.Constant();
            if (a is null || b is null) return null;
            return Op switch
            {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ => a / b,
            };
        }
    }

    internal sealed class PowerNode : FormulaNode
    {
        public PowerNode(FormulaNode @base, double exponent)
        {
            Base = @base;
            Exponent = exponent;
        }

        public FormulaNode Base { get; }
        public double Exponent { get; }

        public override int Level => Power;

        public override void Print(StringBuilder text)
        {
            // Right-associative, and the exponent is a number: the base must be an atom.
            PrintOperand(text, Base, Atom);
            text.Append('^').Append(Text.Num(Exponent));
        }

        public override Tensor Evaluate(Tensor x, Func<string, Tensor> lookup) => Base.Evaluate(x, lookup).pow(Exponent);

        public override void CollectIdentifiers(List<string> names) => Base.CollectIdentifiers(names);

        public override double? Constant()
        {
            double? b = Base.Constant();
            return b is null ? null : Math.Pow(b.Value, Exponent);
        }
    }

    internal sealed class CallNode : FormulaNode
    {
        public CallNode(FormulaFunctions.Function function, FormulaNode[] arguments)
        {
            Function = function;
            Arguments = arguments;
        }

        public FormulaFunctions.Function Function { get; }
        public FormulaNode[] Arguments { get; }

        public override int Level => Atom;

        public override void Print(StringBuilder text)
        {
            text.Append(Function.Name).Append('(');
            for (int i = 0; i < Arguments.Length; i++)
            {
                if (i > 0) text.Append(", ");
                Arguments[i].Print(text);
            }
            text.Append(')');
        }

        public override Tensor Evaluate(Tensor x, Func<string, Tensor> lookup)
        {
            var values = new Tensor[Arguments.Length];
            for (int i = 0; i < values.Length; i++) values[i] = Arguments[i].Evaluate(x, lookup);
            return Function.Apply(values);
        }

        public override void CollectIdentifiers(List<string> names)
        {
            foreach (var argument in Arguments) argument.CollectIdentifiers(names);
        }
    }
}
