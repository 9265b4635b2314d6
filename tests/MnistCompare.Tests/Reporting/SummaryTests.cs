using System;
using System.Linq;
using MnistCompare.Reporting;
using Xunit;

namespace MnistCompare.Tests.Reporting
{
    public sealed class SummaryTests
    {
        [Fact]
        public void AggregatesSeedsFromTheMeanCurve()
        {
            var result = SampleResults.Make(
                SampleResults.Run("relu", 1, 0.1, 0.1, 0.95, 0.98, 0.97),
                SampleResults.Run("relu", 2, 0.1, 0.1, 0.97, 0.97, 0.99),
                SampleResults.Run("tanh", 1, 0.1, 0.1, 0.90, 0.92, 0.93));

            var summaries = ActivationSummary.Summarise(result.Runs, 0.97);

            var relu = summaries.Single(s => s.Activation == "relu");
            Assert.Equal(2, relu.Seeds);
            Assert.Equal(0.98, relu.FinalAccuracyMean, 12);
            Assert.Equal(Math.Sqrt(2 * 0.01 * 0.01), relu.FinalAccuracyStd, 12); // sample std of 0.97, 0.99
            Assert.Equal(2, relu.EpochsToTarget);  // mean curve: 0.1, 0.96, 0.975, 0.98
            Assert.Equal(3, relu.BestEpoch);
            Assert.Equal(1.5, relu.SecondsPerEpoch, 12);

            var tanh = summaries.Single(s => s.Activation == "tanh");
            Assert.Null(tanh.EpochsToTarget);
            Assert.Equal(0, tanh.FinalAccuracyStd);
            Assert.Contains("never", new SummaryTable(summaries, 0.97, false).ToText());
        }

        [Fact]
        public void DivergedRunIsFlagged()
        {
            var run = SampleResults.Run("relu", 1, 1.0, 0.1, 0.1);
            run.Epochs[1].TrainLoss = double.NaN;
            var summary = ActivationSummary.Summarise(new[] { run }, 0.97).Single();
            Assert.True(summary.Diverged);
            Assert.Contains("diverged", new SummaryTable(new[] { summary }, 0.97, false).ToMarkdown());
        }
    }
}
