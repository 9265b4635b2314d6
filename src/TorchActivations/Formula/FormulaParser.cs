using System;
using System.Collections.Generic;
using System.Globalization;

namespace TorchActivations
{
    /// <summary>
    /// Recursive-descent parser for the formula language. Precedence, weakest first: <c>+ -</c>, <c>* /</c>
    /// (both left-associative), unary minus, <c>^</c> (right-associative, numeric exponent), then numbers,
    /// identifiers, calls and parentheses. So <c>-x^2</c> is <c>-(x^2)</c> and <c>x^2^3</c> is <c>x^8</c>.
    /// </summary>
    internal sealed class FormulaParser
    {
        private enum Kind { Number, Identifier, Symbol, End }

        private readonly struct Token
        {
            public Token(Kind kind, string text, int column, double number = 0)
            {
                Kind = kind;
                Text = text;
                Column = column;
                Number = number;
            }

            public Kind Kind { get; }
            public string Text { get; }
            public int Column { get; }
            public double Number { get; }

            public bool Is(char symbol) => Kind == Kind.Symbol && Text[0] == symbol;

            public string Describe() => Kind == Kind.End ? "end of formula" : $"'{Text}'";
        }

        private readonly string formula;
        private readonly List<Token> tokens;
        private int position;

        private FormulaParser(string formula)
        {
            this.formula = formula;
            tokens = Tokenize(formula);
        }

        public static FormulaNode Parse(string formula)
        {
            if (formula is null) throw new ArgumentNullException(nameof(formula));
            var parser = new FormulaParser(formula);
            var root = parser.ParseSum();
            var rest = parser.Current;
            if (rest.Kind != Kind.End) throw parser.Error($"unexpected {rest.Describe()}", rest.Column);
            return root;
        }

        private Token Current => tokens[position];

        private Token Next() => tokens[position++];

        private FormulaException Error(string problem, int column) => new FormulaException(problem, column, formula);

        private FormulaNode ParseSum()
        {
            var left = ParseProduct();
            while (Current.Is('+') || Current.Is('-'))
            {
                char op = Next().Text[0];
                left = new BinaryNode(op, left, ParseProduct());
            }
            return left;
        }

        private FormulaNode ParseProduct()
        {
            var left = ParseUnary();
            while (Current.Is('*') || Current.Is('/'))
            {
                char op = Next().Text[0];
                left = new BinaryNode(op, left, ParseUnary());
            }
            return left;
        }

        private FormulaNode ParseUnary()
        {
            if (Current.Is('-'))
            {
                Next();
                return new NegateNode(ParseUnary());
            }
            return ParsePower();
        }

        private FormulaNode ParsePower()
        {
            var @base = ParsePrimary();
            if (!Current.Is('^')) return @base;
            Next();
            int column = Current.Column;
            // The exponent binds like a unary operand, so x^-2 and x^2^3 (= x^8) parse; it must be a number.
            var exponent = ParseUnary().Constant();
            if (exponent is null) throw Error("the exponent of '^' must be a number", column);
            if (double.IsNaN(exponent.Value) || double.IsInfinity(exponent.Value))
                throw Error("the exponent of '^' is not a finite number", column);
            return new PowerNode(@base, exponent.Value);
        }

        private FormulaNode ParsePrimary()
        {
            var token = Next();
            switch (token.Kind)
            {
                case Kind.Number:
                    return new NumberNode(token.Number);
                case Kind.Identifier:
                    if (Current.Is('(')) return ParseCall(token);
                    if (FormulaFunctions.IsFunction(token.Text))
                        throw Error($"function '{token.Text}' needs its argument in parentheses", token.Column);
                    return new IdentifierNode(token.Text);
                case Kind.Symbol when token.Is('('):
                    var inner = ParseSum();
                    Expect(')');
                    return inner;
                default:
                    throw Error($"unexpected {token.Describe()}", token.Column);
            }
        }

        private FormulaNode ParseCall(Token name)
        {
            if (!FormulaFunctions.TryGet(name.Text, out var function))
                throw Error($"unknown function '{name.Text}'", name.Column);
            Next(); // '('
            var arguments = new List<FormulaNode>();
            if (!Current.Is(')'))
            {
                arguments.Add(ParseSum());
                while (Current.Is(','))
                {
                    Next();
                    arguments.Add(ParseSum());
                }
            }
            Expect(')');
            if (arguments.Count != function.Arity)
                throw Error($"{function.Name} takes {function.Arity} argument{(function.Arity == 1 ? "" : "s")}", name.Column);
            return new CallNode(function, arguments.ToArray());
        }

        private void Expect(char symbol)
        {
            var token = Current;
            if (token.Is(symbol))
            {
                Next();
                return;
            }
            throw Error(token.Kind == Kind.End ? $"missing '{symbol}'" : $"expected '{symbol}' but found {token.Describe()}", token.Column);
        }

        private List<Token> Tokenize(string text)
        {
            var list = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (IsDigit(c) || (c == '.' && i + 1 < text.Length && IsDigit(text[i + 1])))
                {
                    int start = i;
                    while (i < text.Length && IsDigit(text[i])) i++;
                    if (i < text.Length && text[i] == '.')
                    {
                        i++;
                        while (i < text.Length && IsDigit(text[i])) i++;
                    }
                    if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                    {
                        int j = i + 1;
                        if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
                        if (j < text.Length && IsDigit(text[j]))
                        {
                            i = j;
                            while (i < text.Length && IsDigit(text[i])) i++;
                        }
                    }
                    string literal = text.Substring(start, i - start);
                    double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (double.IsInfinity(value)) throw Error($"number '{literal}' is out of range", start + 1);
                    list.Add(new Token(Kind.Number, literal, start + 1, value));
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_') && text[i] < 128) i++;
                    if (i == start) throw Error($"unexpected character '{c}'", i + 1);
                    list.Add(new Token(Kind.Identifier, text.Substring(start, i - start), start + 1));
                }
                else if ("+-*/^(),".IndexOf(c) >= 0)
                {
                    list.Add(new Token(Kind.Symbol, c.ToString(), i + 1));
                    i++;
                }
                else
                {
                    throw Error($"unexpected character '{c}'", i + 1);
                }
            }
            list.Add(new Token(Kind.End, "", text.Length + 1));
            return list;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
