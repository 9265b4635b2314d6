using System.Globalization;
using System.IO;
using MnistCompare.Reporting;
using MnistCompare.Training;

namespace MnistCompare.ConsoleUi
{
    /// <summary>Shows a run's batches on the live progress bar and each epoch's results as a permanent line.</summary>
    public sealed class ConsoleRunProgress : IRunProgress
    {
        private readonly ProgressBar _bar;

        public ConsoleRunProgress(TextWriter output, bool interactive, string label)
        {
            _bar = new ProgressBar(output, interactive, label);
        }

        public void Batch(int epoch, int epochs, int batch, int batches, double runningLoss) =>
            _bar.Update(epoch, epochs, batch, batches, runningLoss);

        public void Epoch(EpochRecord e) =>
            _bar.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "    epoch {0,2}: train loss {1:F4}  test loss {2:F4}  accuracy {3}  dead {4}  saturated {5}  {6:F1} s",
                e.Epoch, e.TrainLoss, e.TestLoss, SummaryTable.Percent(e.TestAccuracy, 2),
                SummaryTable.Percent(e.DeadFraction, 1), SummaryTable.Percent(e.SaturatedFraction, 1), e.Seconds));
    }
}
