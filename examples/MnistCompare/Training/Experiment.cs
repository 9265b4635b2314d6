using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using MnistCompare.Cli;
using MnistCompare.ConsoleUi;
using MnistCompare.Data;
using MnistCompare.Reporting;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>
    /// The whole comparison: every learning rate x activation x seed, in that order, writing the
    /// results directory after each run and printing the final table.
    /// </summary>
    public sealed class Experiment
    {
        private readonly ComparisonOptions _options;
        private readonly TextWriter _out;
        private readonly bool _interactive;

        public Experiment(ComparisonOptions options, TextWriter output, bool interactive)
        {
            _options = options;
            _out = output;
            _interactive = interactive;
        }

        public ExperimentResult Run(LoadedData data)
        {
            var clock = Stopwatch.StartNew();
            var trainData = _options.TrainSubset.HasValue ? data.Train.Take(_options.TrainSubset.Value) : data.Train;
            var testData = _options.TestSubset.HasValue ? data.Test.Take(_options.TestSubset.Value) : data.Test;
            var baseline = Architecture.Create(_options.Model, _options.Hidden, trainData.Height, trainData.Width, data.Classes);

            var result = new ExperimentResult { Config = DescribeConfig(data, trainData.Count, testData.Count) };
            result.Config.Architecture = baseline.ToString();
            _out.WriteLine($"{baseline}; {trainData.Count:N0} training and {testData.Count:N0} test images; results in {Path.GetFullPath(_options.OutputDirectory)}");

            // Pieces and parameter counts do not depend on the seed: settle them once and show them first.
            var pieces = new Dictionary<string, int>();
            foreach (string spec in _options.Activations)
            {
                pieces[spec] = ModelBuilder.PiecesPerUnit(spec, baseline.Widths[0]);
                using var model = ModelBuilder.Build(baseline, spec, pieces[spec]);
                string widths = string.Join("-", model.Architecture.Widths);
                string note = pieces[spec] > 1
                    ? $" ({pieces[spec]} pieces per unit: hidden widths scaled to {widths} so the count stays near the plain network's {baseline.ParameterCount(1):N0})"
                    : $" (hidden widths {widths})";
                _out.WriteLine($"  {spec,-28} {model.Parameters,9:N0} parameters{note}");
            }

            using var train = new TensorSplit(trainData);
            using var test = new TensorSplit(testData);
            int total = _options.LearningRates.Count * _options.Activations.Count * _options.Seeds.Count, index = 0;
            foreach (double lr in _options.LearningRates)
            {
                foreach (string spec in _options.Activations)
                {
                    foreach (long seed in _options.Seeds)
                    {
                        index++;
                        string label = $"[{index}/{total}] {spec} seed {seed}" + (_options.IsSweep ? $" lr {lr.ToString(CultureInfo.InvariantCulture)}" : "");
                        _out.WriteLine(label);
                        var settings = new RunSettings
                        {
                            Activation = spec, Pieces = pieces[spec], Seed = seed, Optimizer = _options.Optimizer,
                            LearningRate = lr, Momentum = _options.Momentum, BatchSize = _options.BatchSize, Epochs = _options.Epochs,
                        };
                        var run = RunTrainer.Run(settings, baseline, train, test, new ConsoleRunProgress(_out, _interactive, label));
                        result.Runs.Add(run);
                        result.Config.ElapsedSeconds = clock.Elapsed.TotalSeconds;
                        ResultsWriter.Write(_options.OutputDirectory, result);
                    }
                }
            }

            result.Config.ElapsedSeconds = clock.Elapsed.TotalSeconds;
            ResultsWriter.Write(_options.OutputDirectory, result);
            var summaries = ActivationSummary.Summarise(result.Runs, _options.TargetAccuracy);
            _out.WriteLine();
            _out.Write(new SummaryTable(summaries, _options.TargetAccuracy, showLearningRate: _options.IsSweep).ToText());
            _out.WriteLine();
            _out.WriteLine($"Total {clock.Elapsed.TotalSeconds:F0} s. Report: {Path.Combine(Path.GetFullPath(_options.OutputDirectory), ResultsWriter.ReportFile)}");
            return result;
        }

        private ExperimentConfig DescribeConfig(LoadedData data, int trainSize, int testSize) => new ExperimentConfig
        {
            Dataset = data.Kind == DatasetKind.Mnist ? "mnist" : "fashion",
            DataDirectory = data.Directory,
            StandardisationMean = data.Standardisation.Mean,
            StandardisationStd = data.Standardisation.Std,
            StandardisationSource = data.Standardisation.Source,
            TrainSize = trainSize,
            TestSize = testSize,
            Probe = $"the {testSize:N0} test images",
            Model = _options.Model == ModelKind.Mlp ? "mlp" : "cnn",
            Hidden = (_options.Model == ModelKind.Mlp ? _options.Hidden : Architecture.CnnWidths).ToList(),
            MaxoutWidthRule = WidthMatching.Rule,
            Optimizer = _options.Optimizer == OptimizerKind.Sgd ? "sgd" : "adam",
            Momentum = _options.Optimizer == OptimizerKind.Sgd ? _options.Momentum : 0,
            LearningRates = _options.LearningRates.ToList(),
            LearningRateSweep = _options.IsSweep,
            BatchSize = _options.BatchSize,
            Epochs = _options.Epochs,
            Seeds = _options.Seeds.ToList(),
            Activations = _options.Activations.ToList(),
            TargetAccuracy = _options.TargetAccuracy,
            Quick = _options.Quick,
            TorchThreads = get_num_threads(),
            ProcessorCount = Environment.ProcessorCount,
            StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
    }
}
