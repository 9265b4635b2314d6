using System;
using System.Linq;
using System.Text.RegularExpressions;
using MnistCompare.Search;
using TorchActivations;
using Xunit;

namespace MnistCompare.Tests.Search
{
    public sealed class SearchSpaceTests
    {
        [Fact]
        public void SampledGenomesRenderToFormulasThatParseAndPrintCanonically()
        {
            var random = new Random(42);
            for (int i = 0; i < 300; i++)
            {
                var genome = SearchSpace.Sample(random);
                Assert.InRange(genome.Units, 1, 2);
                string text = SearchSpace.Render(genome);
                var formula = Formula.Parse(text);
                string canonical = formula.ToString();
                Assert.Equal(canonical, Formula.Parse(canonical).ToString());
                Assert.Equal(formula, Formula.Parse(canonical));
                // Only grammar symbols: x, eps, numbered betas, the space's functions.
                foreach (Match m in Regex.Matches(canonical, "[A-Za-z_][A-Za-z_0-9]*"))
                    Assert.True(m.Value == "x" || m.Value == "eps" || Regex.IsMatch(m.Value, "^b[1-9][0-9]*$") || Formula.Functions.Contains(m.Value), $"{m.Value} in {canonical}");
                var betas = formula.Parameters.OrderBy(p => int.Parse(p.Substring(1))).ToList();
                Assert.Equal(Enumerable.Range(1, betas.Count).Select(k => "b" + k), betas);
            }
        }

        [Fact]
        public void TheAcceptanceCheckRejectsSomeOfTheSpace()
        {
            var random = new Random(11);
            int rejected = 0;
            for (int i = 0; i < 200; i++)
                if (!FormulaCheck.Run(Formula.Parse(SearchSpace.Render(SearchSpace.Sample(random)))).Passed) rejected++;
            Assert.InRange(rejected, 1, 199);
        }

        [Fact]
        public void SamplingIsSeeded()
        {
            var a = new Random(7);
            var b = new Random(7);
            for (int i = 0; i < 50; i++)
                Assert.Equal(SearchSpace.Sample(a), SearchSpace.Sample(b));
        }

        [Fact]
        public void RenderingFollowsTheChoices()
        {
            int U(string name) => SearchSpace.Unary.Select(o => o.Name).ToList().IndexOf(name);
            int B(string name) => SearchSpace.Binary.Select(o => o.Name).ToList().IndexOf(name);
            var swish = new Genome(new[] { U("x"), U("βx"), B("σ(x1) · x2") });
            Assert.Equal(Formula.Parse("sigmoid(x) * (b1 * x)"), Formula.Parse(SearchSpace.Render(swish)));
            var twoUnits = new Genome(new[] { U("x"), U("tanh(x)"), B("max(x1, x2)"), U("x^2"), U("β"), B("x1 + x2") });
            Assert.Equal(Formula.Parse("max(x, tanh(x))^2 + b1"), Formula.Parse(SearchSpace.Render(twoUnits)));
        }

        [Fact]
        public void MutationChangesExactlyOneChoice()
        {
            var random = new Random(3);
            for (int i = 0; i < 300; i++)
            {
                var parent = SearchSpace.Sample(random);
                var child = SearchSpace.Mutate(parent, random);
                Assert.Equal(parent.Choices.Count, child.Choices.Count);
                Assert.Equal(1, parent.Choices.Zip(child.Choices, (p, c) => p != c ? 1 : 0).Sum());
            }
        }
    }
}
