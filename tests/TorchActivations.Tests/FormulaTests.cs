using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    public class FormulaTests
    {
        private static Tensor Probe(double low = -3, double high = 3, int seed = 5) =>
            Samples.Uniform(new long[] { 64 }, low, high, seed: seed);

        public static IEnumerable<object[]> UnaryFunctions()
        {
            yield return new object[] { "abs", 0.5, 3.0 };
            yield return new object[] { "sqrt", 0.1, 3.0 };
            yield return new object[] { "exp", -3.0, 3.0 };
            yield return new object[] { "log", 0.1, 3.0 };
            yield return new object[] { "sin", -3.0, 3.0 };
            yield return new object[] { "cos", -3.0, 3.0 };
            yield return new object[] { "sinh", -3.0, 3.0 };
            yield return new object[] { "cosh", -3.0, 3.0 };
            yield return new object[] { "tanh", -3.0, 3.0 };
            yield return new object[] { "asinh", -3.0, 3.0 };
            yield return new object[] { "atan", -3.0, 3.0 };
            yield return new object[] { "sinc", -3.0, 3.0 };
            yield return new object[] { "erf", -3.0, 3.0 };
            yield return new object[] { "sigmoid", -3.0, 3.0 };
            yield return new object[] { "softplus", -3.0, 3.0 };
            yield return new object[] { "relu", -3.0, 3.0 };
        }

        private static Tensor Reference(string name, Tensor x) => name switch
        {
            "abs" => x.abs(),
            "sqrt" => x.sqrt(),
            "exp" => x.exp(),
            "log" => x.log(),
            "sin" => x.sin(),
            "cos" => x.cos(),
            "sinh" => x.sinh(),
            "cosh" => x.cosh(),
            "tanh" => x.tanh(),
            "asinh" => x.asinh(),
            "atan" => x.atan(),
            "sinc" => x.sin() / x,
            "erf" => x.erf(),
            "sigmoid" => x.sigmoid(),
            "softplus" => nn.functional.softplus(x),
            "relu" => x.relu(),
            _ => throw new ArgumentException(name),
        };

        [Theory]
        [MemberData(nameof(UnaryFunctions))]
        public void FormulaUnaryFunctionsMatchTorchSharp(string name, double low, double high)
        {
            using var scope = NewDisposeScope();
            var x = Probe(low, high);
            var y = ActivationFunctions.formula(x, $"{name}(x)");
            Assertions.Close(Reference(name, x), y, 1e-14, name);
        }

        [Fact]
        public void FormulaBinaryFunctionsMatchTorchSharp()
        {
            using var scope = NewDisposeScope();
            var x = Probe();
            var other = x.sin();
            Assertions.Close(x.maximum(other), ActivationFunctions.formula(x, "max(x, sin(x))"), 0, "max");
            Assertions.Close(x.minimum(other), ActivationFunctions.formula(x, "min(x, sin(x))"), 0, "min");
        }

        [Fact]
        public void FormulaSincIsOneAtZeroWithZeroSlope()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 0.0 }, dtype: ScalarType.Float64).requires_grad_(true);
            var y = ActivationFunctions.formula(x, "sinc(x)");
            y.sum().backward();
            Assert.Equal(1.0, y.item<double>());
            Assert.Equal(0.0, x.grad.item<double>());
        }

        [Theory]
        [InlineData("-x^2", "-(x^2)")]
        [InlineData("-x ^ 2", "-(x^2)")]
        [InlineData("2^3^2", "512")]
        [InlineData("x^2^-1", "x^0.5")]
        [InlineData("1 - 2 - 3", "(1 - 2) - 3")]
        [InlineData("12 / 2 / 3", "(12 / 2) / 3")]
        [InlineData("1 + 2 * 3", "1 + (2 * 3)")]
        [InlineData("-2 * 3", "(-2) * 3")]
        [InlineData("x - -x", "x + x")]
        [InlineData("x / 2 * 3", "(x / 2) * 3")]
        [InlineData("(x + 1)^2", "(x + 1) * (x + 1)")]
        public void FormulaPrecedenceAndAssociativity(string formula, string equivalent)
        {
            using var scope = NewDisposeScope();
            var x = Probe(0.1, 3);
            Assertions.Close(ActivationFunctions.formula(x, equivalent), ActivationFunctions.formula(x, formula), 1e-14, formula);
        }

        [Theory]
        [InlineData("-x^2", "-x^2")]
        [InlineData("(-x)^2", "(-x)^2")]
        [InlineData("x^2^3", "x^8")]
        [InlineData("(x^2)^3", "(x^2)^3")]
        [InlineData("x^-2", "x^-2")]
        [InlineData("x^(1/2)", "x^0.5")]
        [InlineData("1-(2-3)", "1 - (2 - 3)")]
        [InlineData("(1-2)-3", "1 - 2 - 3")]
        [InlineData("a*(b*c)", "a * (b * c)")]
        [InlineData("(a*b)*c", "a * b * c")]
        [InlineData("(a+b)*c", "(a + b) * c")]
        [InlineData("a*-b", "a * -b")]
        [InlineData("--x", "--x")]
        [InlineData("max( x ,sigmoid(x) )", "max(x, sigmoid(x))")]
        [InlineData("1e-3*x + 0.50", "0.001 * x + 0.5")]
        [InlineData("1E+3 * x", "1000 * x")]
        [InlineData("x*sigmoid(beta*x)", "x * sigmoid(beta * x)")]
        public void FormulaPrintsCanonically(string text, string canonical)
        {
            var formula = Formula.Parse(text);
            Assert.Equal(canonical, formula.ToString());
            Assert.Equal(formula, Formula.Parse(canonical));
            Assert.Equal(formula.GetHashCode(), Formula.Parse(canonical).GetHashCode());
            Assert.Equal(canonical, Formula.Parse(canonical).ToString());
        }

        [Fact]
        public void FormulaEqualityIsOnTheCanonicalForm()
        {
            Assert.True(Formula.Parse("x*sigmoid(beta*x)") == Formula.Parse(" x * sigmoid ( beta*x ) "));
            Assert.NotEqual(Formula.Parse("x + 1"), Formula.Parse("1 + x"));
            Assert.Equal(new[] { "beta" }, Formula.Parse("x * sigmoid(beta * x) + eps").Parameters);
            Assert.True(Formula.Parse("x + eps").UsesEps);
        }

        [Theory]
        [InlineData("(x + 1))", "unexpected ')' at column 8")]
        [InlineData("x + )", "unexpected ')' at column 5")]
        [InlineData("foo(x)", "unknown function 'foo' at column 1")]
        [InlineData("x * bar(x)", "unknown function 'bar' at column 5")]
        [InlineData("max(x)", "max takes 2 arguments at column 1")]
        [InlineData("sin(x, 1)", "sin takes 1 argument at column 1")]
        [InlineData("x ^ beta", "the exponent of '^' must be a number at column 5")]
        [InlineData("x + ", "unexpected end of formula at column 5")]
        [InlineData("", "unexpected end of formula at column 1")]
        [InlineData("(x", "missing ')' at column 3")]
        [InlineData("max(x y)", "expected ')' but found 'y' at column 7")]
        [InlineData("x # 2", "unexpected character '#' at column 3")]
        [InlineData("2x", "unexpected 'x' at column 2")]
        [InlineData("exp + x", "function 'exp' needs its argument in parentheses at column 1")]
        [InlineData("1e999 * x", "number '1e999' is out of range at column 1")]
        public void FormulaErrorsSayWhatAndWhere(string text, string message)
        {
            var error = Assert.Throws<FormulaException>(() => Formula.Parse(text));
            Assert.StartsWith(message, error.Message);
            Assert.IsAssignableFrom<ArgumentException>(error);
        }

        // Random formulas from the whole grammar.
        private static readonly string[] Unary = { "abs", "sqrt", "exp", "log", "sin", "cos", "sinh", "cosh", "tanh", "asinh", "atan", "sinc", "erf", "sigmoid", "softplus", "relu" };
        private static readonly string[] Numbers = { "1", "0.5", "2", "1e-3", "3.25", "0.1", "10" };

        private static string RandomFormula(Random random, int depth, string[] unary, bool divide, bool anyPower)
        {
            if (depth == 0 || random.NextDouble() < 0.2)
            {
                double r = random.NextDouble();
                return r < 0.5 ? "x" : r < 0.75 ? Numbers[random.Next(Numbers.Length)] : new[] { "a", "beta", "eps" }[random.Next(3)];
            }
            string Sub() => RandomFormula(random, depth - 1, unary, divide, anyPower);
            switch (random.Next(divide ? 7 : 6))
            {
                case 0: return $"{unary[random.Next(unary.Length)]}({Sub()})";
                case 1: return $"{(random.Next(2) == 0 ? "max" : "min")}({Sub()}, {Sub()})";
                case 2: return $"-{Wrap(Sub())}";
                case 3: return $"{Wrap(Sub())}^{(anyPower ? new[] { "2", "3", "-1", "0.5", "2^-1" }[random.Next(5)] : random.Next(2, 4).ToString(CultureInfo.InvariantCulture))}";
                case 4: return $"{Sub()} {"+-"[random.Next(2)]} {Sub()}";
                case 5: return $"{Wrap(Sub())} * {Wrap(Sub())}";
                default: return $"{Wrap(Sub())} / {Wrap(Sub())}";
            }
        }

        private static string Wrap(string text) => $"({text})";

        [Fact]
        public void FormulaCanonicalPrintingRoundTripsOnRandomFormulas()
        {
            var random = new Random(2024);
            for (int i = 0; i < 500; i++)
            {
                string text = RandomFormula(random, 5, Unary, divide: true, anyPower: true);
                var formula = Formula.Parse(text);
                string printed = formula.ToString();
                var reparsed = Formula.Parse(printed);
                Assert.Equal(formula, reparsed);
                Assert.Equal(printed, reparsed.ToString());
            }
        }

        [Fact]
        public void FormulaCanonicalFormEvaluatesLikeTheOriginal()
        {
            using var scope = NewDisposeScope();
            var random = new Random(7);
            var x = Probe(-2, 2);
            var values = new Dictionary<string, double> { ["a"] = 0.7, ["beta"] = 1.3 };
            for (int i = 0; i < 100; i++)
            {
                var formula = Formula.Parse(RandomFormula(random, 4, Smooth, divide: false, anyPower: false));
                var given = values.Where(p => formula.Parameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
                var expected = formula.Evaluate(x, given);
                var actual = Formula.Parse(formula.ToString()).Evaluate(x, given);
                Assert.Equal(Samples.Values(expected), Samples.Values(actual));
            }
        }

        // Smooth, finite everywhere: gradients and second derivatives agree with finite differences.
        private static readonly string[] Smooth = { "sin", "cos", "tanh", "asinh", "atan", "sinc", "erf", "sigmoid", "softplus" };

        [Fact]
        public void FormulaGradCheckAndGradGradCheckPassOnRandomSmoothFormulas()
        {
            var random = new Random(11);
            for (int i = 0; i < 25; i++)
            {
                using var scope = NewDisposeScope();
                // The outer product keeps the gradient a new tensor: for x or x + c it would be grad_output
                // itself, which the second-order check perturbs in place.
                string text = $"({RandomFormulaWithoutKinks(random)}) * 1.5";
                var initial = new Dictionary<string, double> { ["a"] = 0.8, ["beta"] = 1.2 };
                var formula = Formula.Parse(text);
                using var layer = new FormulaActivation(formula, initial.Where(p => formula.Parameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value), check: false);
                layer.to(ScalarType.Float64);
                var x = Samples.Uniform(new long[] { 6 }, -2, 2, seed: 100 + i, requires_grad: true);
                var first = GradCheck.Check(layer, x);
                Assert.True(first.Passed, $"{formula}: {first}");
                var second = GradGradCheck.Check(layer, x);
                Assert.True(second.Passed, $"{formula}: {second}");
            }
        }

        private static string RandomFormulaWithoutKinks(Random random) => Kinkless(random, 4);

        private static string Kinkless(Random random, int depth)
        {
            if (depth == 0 || random.NextDouble() < 0.2)
            {
                double r = random.NextDouble();
                return r < 0.5 ? "x" : r < 0.75 ? Numbers[random.Next(Numbers.Length)] : new[] { "a", "beta" }[random.Next(2)];
            }
            string Sub() => Kinkless(random, depth - 1);
            switch (random.Next(6))
            {
                case 0:
                case 1: return $"{Smooth[random.Next(Smooth.Length)]}({Sub()})";
                case 2: return $"-({Sub()})";
                case 3: return $"({Sub()})^{random.Next(2, 4)}";
                case 4: return $"{Sub()} {"+-"[random.Next(2)]} {Sub()}";
                default: return $"({Sub()}) * ({Sub()})";
            }
        }

        [Fact]
        public void FormulaSwishMatchesSwish()
        {
            using var scope = NewDisposeScope();
            using var formula = ActivationRegistry.Create("formula:x*sigmoid(beta*x)|beta=1.5");
            using var swish = new Swish(1.5);
            var x = Samples.Uniform(new long[] { 4, 32 }, -6, 6, seed: 9, dtype: ScalarType.Float32);
            Assertions.Close(swish.call(x), formula.call(x), 1e-6, "swish");
            formula.to(ScalarType.Float64);
            swish.to(ScalarType.Float64);
            var x64 = x.to(ScalarType.Float64);
            Assertions.Close(swish.call(x64), formula.call(x64), 1e-14, "swish float64");
        }

        [Fact]
        public void FormulaParametersLearnAndSurviveToFloat64()
        {
            using var scope = NewDisposeScope();
            using var layer = Activations.Formula("x * sigmoid(beta * x) + gamma * x", new Dictionary<string, double> { ["beta"] = 2.0 });
            Assert.Equal(new[] { "beta", "gamma" }, layer.named_parameters().Select(p => p.name).ToArray());
            Assert.Equal(new[] { "beta", "gamma" }, layer.parameter_names);
            layer.to(ScalarType.Float64);
            Assert.Equal(ScalarType.Float64, layer.parameter("beta").dtype);
            Assert.Equal(ScalarType.Float64, layer.get_parameter("gamma").dtype);
            Assert.Equal(2.0, layer.parameter("beta").item<double>());
            Assert.Equal(1.0, layer.parameter("gamma").item<double>());

            var x = Samples.Uniform(new long[] { 64 }, seed: 3);
            var optimizer = optim.SGD(layer.parameters(), 0.1);
            optimizer.zero_grad();
            layer.call(x).square().sum().backward();
            double gradient = layer.parameter("beta").grad.item<double>();
            Assert.NotEqual(0.0, gradient);
            optimizer.step();
            Assert.Equal(2.0 - 0.1 * gradient, layer.parameter("beta").item<double>(), 12);
            Assert.NotEqual(1.0, layer.parameter("gamma").item<double>());
        }

        [Fact]
        public void FormulaParametersSurviveSaveAndLoad()
        {
            using var scope = NewDisposeScope();
            using var source = Activations.Formula("x * sigmoid(beta * x) + eps", new Dictionary<string, double> { ["beta"] = 0.25, ["eps"] = 0.5 });
            using var target = Activations.Formula("x * sigmoid(beta * x) + eps");
            Assert.Equal(new[] { "beta" }, target.parameter_names);
            using var target2 = Activations.Formula("x * sigmoid(beta * x) + eps", new Dictionary<string, double> { ["eps"] = 0.0 });
            var saved = new MemoryStream();
            source.save(saved);
            target2.load(new MemoryStream(saved.ToArray()));
            Assert.Equal(0.25, target2.parameter("beta").item<float>());
            Assert.Equal(0.5, target2.parameter("eps").item<float>());
            var x = Samples.Uniform(new long[] { 16 }, seed: 4, dtype: ScalarType.Float32);
            Assert.Equal(Samples.Values(source.call(x)), Samples.Values(target2.call(x)));
        }

        [Fact]
        public void FormulaPerChannelParametersBroadcastOverDimensionOne()
        {
            using var scope = NewDisposeScope();
            using var layer = Activations.Formula("x * sigmoid(beta * x)", num_parameters: 3).to(ScalarType.Float64);
            var betas = new[] { 0.5, 1.0, 2.0 };
            using (no_grad()) layer.parameter("beta").copy_(tensor(betas, dtype: ScalarType.Float64));
            var x = Samples.Uniform(new long[] { 2, 3, 4 }, seed: 6);
            var y = layer.call(x);
            for (int c = 0; c < 3; c++)
            {
                var xc = x.select(1, c);
                Assertions.Close(ActivationFunctions.swish(xc, betas[c]), y.select(1, c), 1e-14, $"channel {c}");
            }
            Assert.Throws<ArgumentException>(() => layer.call(zeros(2, 4, dtype: ScalarType.Float64)));
        }

        [Theory]
        [InlineData("x / 0", "not finite")]
        [InlineData("exp(exp(x))", "overflows float32")]
        [InlineData("exp(exp(exp(x)))", "not finite")]
        [InlineData("x - x", "constant")]
        [InlineData("beta * 2", "does not depend on x")]
        [InlineData("sqrt(x)", "not finite")]
        [InlineData("log(abs(x) - 7)", "not finite")]
        public void FormulaAcceptanceCheckRejectsWithReasons(string text, string reason)
        {
            var check = FormulaCheck.Run(Formula.Parse(text));
            Assert.False(check.Passed);
            Assert.Contains(check.Reasons, r => r.Contains(reason));
            var error = Assert.Throws<ArgumentException>(() => Activations.Formula(text));
            Assert.Contains(reason, error.Message);
            using var accepted = Activations.Formula(text, check: false);
        }

        [Theory]
        [InlineData("x * sigmoid(beta * x)")]
        [InlineData("max(x, sigmoid(x))")]
        [InlineData("cos(x) - x")]
        [InlineData("x * erf(x / sqrt(2)) / 2 + x / 2")]
        [InlineData("sqrt(x^2 + eps)")]
        [InlineData("relu(x)")]
        public void FormulaAcceptanceCheckPassesGoodFormulas(string text)
        {
            var check = FormulaCheck.Run(Formula.Parse(text));
            Assert.True(check.Passed, check.ToString());
            Assert.Empty(check.Reasons);
        }

        [Fact]
        public void FormulaInitialValuesMustNameParametersAndNotReservedNames()
        {
            Assert.Throws<ArgumentException>(() => Activations.Formula("x * beta", new Dictionary<string, double> { ["gamma"] = 1 }));
            Assert.Throws<ArgumentException>(() => Activations.Formula("x * expression"));
            Assert.Throws<ArgumentException>(() => Activations.Formula("x * training"));
        }

        [Fact]
        public void FormulaRegistrySpecs()
        {
            using var scope = NewDisposeScope();
            using var plain = (FormulaActivation)ActivationRegistry.Create("formula:x*sigmoid(beta*x)");
            Assert.Equal("x * sigmoid(beta * x)", plain.expression.ToString());
            Assert.Equal(1.0, plain.parameter("beta").item<float>());
            using var two = (FormulaActivation)ActivationRegistry.Create("Formula: a*x + max(x, b) |a=0.5| b=-1");
            Assert.Equal(0.5, two.parameter("a").item<float>());
            Assert.Equal(-1.0, two.parameter("b").item<float>());
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Create("formula:x*beta|beta"));
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Create("formula:x*beta|beta=abc"));
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Create("formula:x*beta|gamma=1"));
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Create("formula:"));
            var parse = Assert.Throws<FormulaException>(() => ActivationRegistry.Create("formula:x*foo(x)"));
            Assert.Equal(3, parse.Column);
        }

        [Fact]
        public void FormulaRegistryRegistersUserNames()
        {
            using var scope = NewDisposeScope();
            ActivationRegistry.Register("formula_test_swish", "x * sigmoid(beta * x)", new Dictionary<string, double> { ["beta"] = 1.5 });
            Assert.Contains("formula_test_swish", ActivationRegistry.RegisteredNames);
            using var made = (FormulaActivation)ActivationRegistry.Create("formula_test_swish");
            Assert.Equal(1.5, made.parameter("beta").item<float>());
            using var given = (FormulaActivation)ActivationRegistry.Create("FORMULA_TEST_SWISH:beta=2");
            Assert.Equal(2.0, given.parameter("beta").item<float>());
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Create("formula_test_swish:gamma=2"));

            ActivationRegistry.Register("formula_test_relu6", s => new ClippedReLU(s.Double("ceiling", 6)), "ceiling");
            using var relu6 = ActivationRegistry.Create("formula_test_relu6:ceiling=3");
            Assert.Equal("ClippedReLU(ceiling=3)", relu6.ToString());

            var duplicate = Assert.Throws<ArgumentException>(() => ActivationRegistry.Register("formula_test_swish", "x"));
            Assert.Contains("registered already", duplicate.Message);
            foreach (var builtIn in new[] { "swish", "ReLU", "formula" })
            {
                var error = Assert.Throws<ArgumentException>(() => ActivationRegistry.Register(builtIn, "x * tanh(x)"));
                Assert.Contains("built in", error.Message);
            }
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Register("bad name", "x"));
            Assert.Throws<ArgumentException>(() => ActivationRegistry.Register("formula_test_constant", "x - x"));
            Assert.DoesNotContain("formula_test_constant", ActivationRegistry.RegisteredNames);
        }
    }
}
