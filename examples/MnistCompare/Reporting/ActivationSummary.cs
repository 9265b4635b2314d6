using System;
using System.Collections.Generic;
using System.Linq;

namespace MnistCompare.Reporting
{
    /// <summary>
    /// The report's row for one activation at one learning rate, aggregated over seeds.
    /// Curves are averaged epoch by epoch over the seeds first; "best epoch" and "epochs to reach
    /// the target" are read from that mean curve, so they describe the typical run.
    /// </summary>
    public sealed class ActivationSummary
    {
        public string Activation { get; private set; }
        public double LearningRate { get; private set; }
        public int Seeds { get; private set; }
        public long Parameters { get; private set; }
        public IReadOnlyList<int> HiddenWidths { get; private set; }
        public double FinalAccuracyMean { get; private set; }
        public double FinalAccuracyStd { get; private set; }
        public int BestEpoch { get; private set; }
        public double BestAccuracy { get; private set; }

        /// <summary>First epoch whose mean accuracy reaches the target; null when none does.</summary>
        public int? EpochsToTarget { get; private set; }

        public double FinalDeadFraction { get; private set; }
        public double FinalSaturatedFraction { get; private set; }
        public double FinalTrainLoss { get; private set; }
        public double SecondsPerEpoch { get; private set; }

        /// <summary>True when any seed's final training loss is not finite (the run blew up).</summary>
        public bool Diverged { get; private set; }

        /// <summary>One summary per (activation, learning rate), in the order the runs were made.</summary>
        public static List<ActivationSummary> Summarise(IEnumerable<RunRecord> runs, double targetAccuracy)
        {
            return runs
                .GroupBy(r => (r.Activation, r.LearningRate))
                .Select(g => Summarise(g.ToList(), targetAccuracy))
                .ToList();
        }

        private static ActivationSummary Summarise(List<RunRecord> runs, double targetAccuracy)
        {
            var finals = runs.Where(r => r.Epochs.Count > 0).Select(r => r.Epochs[r.Epochs.Count - 1]).ToList();
            var curve = MeanCurve(runs, e => e.TestAccuracy);
            int best = 0;
            for (int i = 1; i < curve.Count; i++)
                if (curve[i].Mean > curve[best].Mean) best = i;
            int? toTarget = curve.Where(p => p.Mean >= targetAccuracy).Select(p => (int?)p.Epoch).FirstOrDefault();
            var trainingEpochs = runs.SelectMany(r => r.Epochs).Where(e => e.Epoch > 0).Select(e => e.Seconds).ToList();

            return new ActivationSummary
            {
                Activation = runs[0].Activation,
                LearningRate = runs[0].LearningRate,
                Seeds = runs.Count,
                Parameters = runs[0].Parameters,
                HiddenWidths = runs[0].HiddenWidths,
                FinalAccuracyMean = Statistics.Mean(finals.Select(e => e.TestAccuracy).ToList()),
                FinalAccuracyStd = Statistics.Std(finals.Select(e => e.TestAccuracy).ToList()),
                BestEpoch = curve.Count == 0 ? 0 : curve[best].Epoch,
                BestAccuracy = curve.Count == 0 ? double.NaN : curve[best].Mean,
                EpochsToTarget = toTarget,
                FinalDeadFraction = Statistics.Mean(finals.Select(e => e.DeadFraction).ToList()),
                FinalSaturatedFraction = Statistics.Mean(finals.Select(e => e.SaturatedFraction).ToList()),
                FinalTrainLoss = Statistics.Mean(finals.Select(e => e.TrainLoss).ToList()),
                SecondsPerEpoch = Statistics.Mean(trainingEpochs),
                Diverged = finals.Any(e => !double.IsFinite(e.TrainLoss)),
            };
        }

        /// <summary>Per epoch number, the mean and std over the runs that reached that epoch.</summary>
        public static List<CurvePoint> MeanCurve(IEnumerable<RunRecord> runs, Func<EpochRecord, double> value)
        {
            return runs.SelectMany(r => r.Epochs)
                .GroupBy(e => e.Epoch)
                .OrderBy(g => g.Key)
                .Select(g =>
                {
                    var values = g.Select(value).ToList();
                    return new CurvePoint(g.Key, Statistics.Mean(values), Statistics.Std(values));
                })
                .ToList();
        }
    }

    /// <summary>A point of a curve averaged over seeds.</summary>
    public readonly struct CurvePoint
    {
        public CurvePoint(double x, double mean, double std)
        {
            X = x;
            Mean = mean;
            Std = std;
        }

        public double X { get; }
        public int Epoch => (int)X;
        public double Mean { get; }
        public double Std { get; }
    }
}
