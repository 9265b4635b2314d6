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
using MnistCompare.Sharding;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>
    /// The whole comparison: every learning rate x activation x seed, in that order, writing the
    /// results directory after each run and printing the final table. With a shard (--shard I/N) only
    /// that shard's runs, each also saved as a unit result file, and runs whose file is complete are skipped.
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
            var shard = _options.Shard;
            var units = WorkUnit.Enumerate(_options.LearningRates, _options.Activations, _options.Seeds);
            if (shard != null)
            {
                result.Config.Shard = shard.ToString();
                units = units.Where(u => shard.Owns(u.Index)).ToList();
                RemoveStaleTemporaryFiles();
                _out.WriteLine($"Shard {shard}: {units.Count} of the comparison's runs; each is saved to {Path.Combine(Path.GetFullPath(_options.OutputDirectory), UnitFile.Folder)} when it completes");
            }
            string identity = MetricsJson.Identity(result.Config);
            int index = 0;
            foreach (var unit in units)
            {
                index++;
                string label = $"[{index}/{units.Count}] {unit.Activation} seed {unit.Seed}" + (_options.IsSweep ? $" lr {unit.LearningRate.ToString(CultureInfo.InvariantCulture)}" : "");
                _out.WriteLine(label);
                RunRecord run = shard == null ? null : CompletedEarlier(unit, identity);
                if (run != null)
                {
                    _out.WriteLine($"  already done ({UnitFile.PathFor(_options.OutputDirectory, unit)}), skipped");
                    result.Runs.Add(run);
                    continue;
                }
                var settings = new RunSettings
                {
                    Activation = unit.Activation, Pieces = pieces[unit.Activation], Seed = unit.Seed, Optimizer = _options.Optimizer,
                    LearningRate = unit.LearningRate, Momentum = _options.Momentum, BatchSize = _options.BatchSize, Epochs = _options.Epochs,
                };
                run = RunTrainer.Run(settings, baseline, train, test, new ConsoleRunProgress(_out, _interactive, label));
                result.Config.ElapsedSeconds = clock.Elapsed.TotalSeconds;
                if (shard != null)
                    UnitFile.Write(_options.OutputDirectory, unit, result.Config, run);
                result.Runs.Add(run);
                ResultsWriter.Write(_options.OutputDirectory, result);
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

        /// <summary>
        /// The unit's run when its result file is already complete in the output directory (an earlier,
        /// interrupted invocation of this shard finished it); null when it is absent or incomplete, so the
        /// unit runs again. A complete file of another configuration is an error: mixing them would give
        /// a report of runs that do not belong together.
        /// </summary>
        private RunRecord CompletedEarlier(WorkUnit unit, string identity)
        {
            string path = UnitFile.PathFor(_options.OutputDirectory, unit);
            if (!File.Exists(path)) return null;
            UnitFile.Entry entry;
            try
            {
                entry = UnitFile.Read(path);
            }
            catch (FormatException e)
            {
                _out.WriteLine($"  {e.Message}; running it again");
                return null;
            }
            if (entry.UnitId != unit.Id || entry.Index != unit.Index || MetricsJson.Identity(entry.Config) != identity)
                throw new ShardMismatchException(
                    $"{path} holds a run of a different configuration; give this shard an empty --out directory or the one of the same comparison");
            return entry.Run;
        }

        /// <summary>Temporary files of unit results whose writer was killed before the rename; they are never complete.</summary>
        private void RemoveStaleTemporaryFiles()
        {
            string folder = Path.Combine(_options.OutputDirectory, UnitFile.Folder);
            if (!Directory.Exists(folder)) return;
            foreach (string file in Directory.GetFiles(folder, ".*.tmp-*"))
                File.Delete(file);
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
