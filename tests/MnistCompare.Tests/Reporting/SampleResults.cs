using System.Collections.Generic;
using System.Linq;
using MnistCompare.Reporting;

namespace MnistCompare.Tests.Reporting
{
    /// <summary>Hand-made results with known summary numbers.</summary>
    public static class SampleResults
    {
        public static RunRecord Run(string activation, long seed, double lr, params double[] accuracies)
        {
            var run = new RunRecord { Activation = activation, Seed = seed, LearningRate = lr, Parameters = 1234, HiddenWidths = new List<int> { 8, 8 } };
            for (int e = 0; e < accuracies.Length; e++)
            {
                run.Epochs.Add(new EpochRecord
                {
                    Epoch = e,
                    TrainLoss = 2.3 / (e + 1),
                    TestLoss = 2.4 / (e + 1),
                    TestAccuracy = accuracies[e],
                    Seconds = e == 0 ? 0 : 1.5,
                    DeadFraction = 0.1 * e,
                    SaturatedFraction = 0.05,
                    Layers = new List<LayerRecord>
                    {
                        new LayerRecord { Name = "hidden1", DeadFraction = 0.1 * e, SaturatedFraction = 0.05, MeanActivation = 0.3, ZeroFraction = 0.5 },
                        new LayerRecord { Name = "hidden2", DeadFraction = 0.1 * e, SaturatedFraction = 0.05, MeanActivation = 0.2, ZeroFraction = 0.6 },
                    },
                });
            }
            return run;
        }

        public static ExperimentResult Make(params RunRecord[] runs)
        {
            var result = new ExperimentResult
            {
                Config = new ExperimentConfig
                {
                    Dataset = "mnist", DataDirectory = "/data", StandardisationMean = 0.1307, StandardisationStd = 0.3081,
                    StandardisationSource = "constants", TrainSize = 100, TestSize = 50, Model = "mlp", Hidden = new List<int> { 8, 8 },
                    Optimizer = "sgd", Momentum = 0.9, LearningRates = runs.Select(r => r.LearningRate).Distinct().ToList(),
                    BatchSize = 10, Epochs = 3, Seeds = runs.Select(r => r.Seed).Distinct().ToList(),
                    Activations = runs.Select(r => r.Activation).Distinct().ToList(), TargetAccuracy = 0.97, Probe = "test set",
                    MaxoutWidthRule = "rule", TorchThreads = 1, ProcessorCount = 2, StartedUtc = "2024-01-01T00:00:00Z", ElapsedSeconds = 12,
                },
            };
            result.Runs.AddRange(runs);
            return result;
        }
    }
}
