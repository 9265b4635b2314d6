using System.Linq;
using MnistCompare.Cli;
using MnistCompare.Data;
using Xunit;

namespace MnistCompare.Tests.Cli
{
    public sealed class OptionParserTests
    {
        private static ComparisonOptions Parse(params string[] args) => new OptionParser().Parse(args);

        private static string Error(params string[] args) => Assert.Throws<OptionsException>(() => Parse(args)).Message;

        [Fact]
        public void DefaultsAreTheDocumentedComparison()
        {
            var o = Parse();
            Assert.Equal(Defaults.Activations, o.Activations);
            Assert.Equal(new[] { 256, 256 }, o.Hidden);
            Assert.Equal(ModelKind.Mlp, o.Model);
            Assert.Equal(OptimizerKind.Sgd, o.Optimizer);
            Assert.Equal(new[] { Defaults.SgdLearningRate }, o.LearningRates);
            Assert.Equal(new long[] { 1 }, o.Seeds);
            Assert.Equal(DatasetKind.Mnist, o.Dataset);
            Assert.Null(o.TrainSubset);
            Assert.Null(o.DataDirectory);
            Assert.StartsWith("results", o.OutputDirectory);
            Assert.False(o.IsSweep);
        }

        [Fact]
        public void ParsesEveryOptionInBothSpellings()
        {
            var o = Parse("--dataset=fashion", "--data-dir", "/tmp/d", "--out", "o", "--hidden", "128x8", "--optimizer", "adam",
                "--lr=0.002", "--batch-size", "32", "--epochs", "3", "--seeds", "1,2,3", "--train-subset", "1000", "--test-subset", "500",
                "--momentum", "0.5", "--target-accuracy", "0.9");
            Assert.Equal(DatasetKind.Fashion, o.Dataset);
            Assert.Equal("/tmp/d", o.DataDirectory);
            Assert.Equal("o", o.OutputDirectory);
            Assert.Equal(Enumerable.Repeat(128, 8), o.Hidden);
            Assert.Equal(OptimizerKind.Adam, o.Optimizer);
            Assert.Equal(new[] { 0.002 }, o.LearningRates);
            Assert.Equal(32, o.BatchSize);
            Assert.Equal(3, o.Epochs);
            Assert.Equal(new long[] { 1, 2, 3 }, o.Seeds);
            Assert.Equal(1000, o.TrainSubset);
            Assert.Equal(500, o.TestSubset);
            Assert.Equal(0.5, o.Momentum);
            Assert.Equal(0.9, o.TargetAccuracy);
        }

        [Fact]
        public void AdamGetsItsOwnDefaultLearningRate()
        {
            Assert.Equal(new[] { Defaults.AdamLearningRate }, Parse("--optimizer", "adam").LearningRates);
        }

        [Fact]
        public void QuickChangesDefaultsButExplicitOptionsWin()
        {
            var quick = Parse("--quick");
            Assert.True(quick.Quick);
            Assert.Equal(Defaults.QuickEpochs, quick.Epochs);
            Assert.Equal(Defaults.QuickTrainSubset, quick.TrainSubset);

            var overridden = Parse("--epochs", "7", "--quick");
            Assert.Equal(7, overridden.Epochs);
        }

        [Fact]
        public void HiddenAcceptsExplicitWidths()
        {
            Assert.Equal(new[] { 512, 256 }, Parse("--hidden", "512,256").Hidden);
        }

        [Fact]
        public void SpecsWithCommasSurviveTheListSeparator()
        {
            var o = Parse("--activations", "relu,rrelu:lower=0.1,upper=0.3,gelu");
            Assert.Equal(new[] { "relu", "rrelu:lower=0.1,upper=0.3", "gelu" }, o.Activations);

            var semicolons = Parse("--activations", "swish:beta=1.5,learnable=false;tanh");
            Assert.Equal(new[] { "swish:beta=1.5,learnable=false", "tanh" }, semicolons.Activations);
        }

        [Fact]
        public void FormulasKeepTheCommasInsideTheirParentheses()
        {
            var o = Parse("--activations", "relu,formula:max(x, 0)*sigmoid(beta*x)|beta=1.5;formula:min(x, sin(x)),gelu");
            Assert.Equal(new[] { "relu", "formula:max(x, 0)*sigmoid(beta*x)|beta=1.5", "formula:min(x, sin(x))", "gelu" }, o.Activations);
        }

        [Fact]
        public void TheTargetAccuracyFollowsTheDataSet()
        {
            Assert.Equal(Defaults.MnistTargetAccuracy, Parse().TargetAccuracy);
            Assert.Equal(Defaults.FashionTargetAccuracy, Parse("--dataset", "fashion").TargetAccuracy);
            Assert.Equal(0.5, Parse("--dataset", "fashion", "--target-accuracy", "0.5").TargetAccuracy);
        }

        [Fact]
        public void ActivationMayBeRepeated()
        {
            var o = Parse("--activation", "rrelu:lower=0.1,upper=0.3", "--activation", "elu");
            Assert.Equal(new[] { "rrelu:lower=0.1,upper=0.3", "elu" }, o.Activations);
        }

        [Fact]
        public void SweepListsLearningRates()
        {
            var o = Parse("--lr-sweep", "0.01,0.1,0.5,1.0");
            Assert.True(o.IsSweep);
            Assert.Equal(new[] { 0.01, 0.1, 0.5, 1.0 }, o.LearningRates);
            Assert.Equal(0, o.Momentum); // plain SGD: the swept rate is the step size
            Assert.Equal(0.5, Parse("--lr-sweep", "0.1,1", "--momentum", "0.5").Momentum);
            Assert.Equal(Defaults.Momentum, Parse().Momentum);
        }

        [Theory]
        [InlineData("--lr must be positive", "--lr", "-0.1")]
        [InlineData("--lr must be positive", "--lr", "0")]
        [InlineData("--epochs at least 1", "--epochs", "0")]
        [InlineData("--batch-size at least 1", "--batch-size", "-5")]
        [InlineData("--epochs whole number", "--epochs", "two")]
        [InlineData("--lr finite", "--lr", "NaN")]
        [InlineData("--model one of", "--model", "rnn")]
        [InlineData("--optimizer one of", "--optimizer", "rmsprop")]
        [InlineData("--dataset one of", "--dataset", "cifar")]
        [InlineData("--hidden width", "--hidden", "0x3")]
        [InlineData("--hidden depth", "--hidden", "128x")]
        [InlineData("--seeds non-negative", "--seeds", "1,-2")]
        [InlineData("--seeds repeated", "--seeds", "1,1")]
        [InlineData("--lr-sweep positive", "--lr-sweep", "0.1,-1")]
        [InlineData("--momentum [0, 1)", "--momentum", "1")]
        [InlineData("--train-subset at least 1", "--train-subset", "0")]
        [InlineData("unknown option --epoch", "--epoch", "3")]
        [InlineData("needs a value", "--epochs")]
        [InlineData("unexpected argument", "relu")]
        [InlineData("more than once", "--lr", "0.1", "--lr", "0.2")]
        [InlineData("not both", "--lr", "0.1", "--lr-sweep", "0.1,0.2")]
        [InlineData("takes no value", "--quick=yes")]
        [InlineData("fixed architecture", "--model", "cnn", "--hidden", "64x2")]
        [InlineData("listed twice", "--activations", "relu,relu")]
        [InlineData("follows no", "--activations", "lower=0.1,relu")]
        public void InvalidOptionsGiveAMessageNamingTheProblem(string expectedWords, params string[] args)
        {
            string message = Error(args);
            foreach (string word in expectedWords.Split(' '))
                Assert.Contains(word, message);
        }

        [Fact]
        public void UnknownActivationIsRejectedByTheSpecCheck()
        {
            var parser = new OptionParser(spec => spec.StartsWith("bogus") ? "unknown activation 'bogus'; valid: relu, gelu" : null);
            var e = Assert.Throws<OptionsException>(() => parser.Parse(new[] { "--activations", "relu,bogus" }));
            Assert.Contains("bogus", e.Message);
            Assert.Contains("valid: relu", e.Message);
        }

        [Fact]
        public void HelpIsRecognised()
        {
            Assert.True(Parse("--help").ShowHelp);
            Assert.True(Parse("-h").ShowHelp);
            Assert.Contains("--activations", HelpText.Build());
        }
    }
}
