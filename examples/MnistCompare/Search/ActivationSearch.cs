using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MnistCompare.Cli;
using MnistCompare.Data;
using MnistCompare.Reporting;
using MnistCompare.Training;
using TorchActivations;

namespace MnistCompare.Search
{
    /// <summary>One evaluated candidate: its formula and its validation accuracy at each rung it reached.</summary>
    public sealed class Candidate
    {
        public string Formula { get; set; }
        public string Description { get; set; }
        public List<double> RungScores { get; } = new List<double>();
        public int EpochsSpent { get; set; }
        public string Spec => "formula:" + Formula;
        public int Rung => RungScores.Count - 1;
        public double SearchScore => RungScores[RungScores.Count - 1];
    }

    /// <summary>A re-trained function (a winner or a baseline): test accuracy per seed.</summary>
    public sealed class FinalEntry
    {
        public string Name { get; set; }
        public string Spec { get; set; }
        public Candidate Candidate { get; set; }
        public List<long> Seeds { get; } = new List<long>();
        public List<double> Scores { get; } = new List<double>();
        public double Mean => Statistics.Mean(Scores);
        public double Std => Statistics.Std(Scores);
    }

    /// <summary>What a search found.</summary>
    public sealed class SearchResult
    {
        public SearchOptions Options { get; set; }
        public int Proposed { get; set; }
        public int Rejected { get; set; }
        public List<string> RejectedExamples { get; } = new List<string>();
        public int FailedInTraining { get; set; }
        public List<Candidate> Candidates { get; } = new List<Candidate>();
        public List<FinalEntry> Leaderboard { get; } = new List<FinalEntry>();
        public List<FinalEntry> Baselines { get; } = new List<FinalEntry>();
        public double Seconds { get; set; }
    }

    /// <summary>
    /// The search: proposes candidates (random or regularized evolution), rejects those that fail the
    /// formula acceptance check, trains each accepted one briefly, runs successive halving over rungs of
    /// doubling epochs, and re-trains the best with several seeds next to ReLU, Swish and GELU.
    /// </summary>
    /// <remarks>
    /// Reproducible: proposals draw from one <see cref="Random"/> seeded with --seed, every candidate
    /// training uses the same torch seed, and ties are broken by formula text.
    /// </remarks>
    public sealed class ActivationSearch
    {
        public static readonly IReadOnlyList<(string Name, string Spec)> BaselineSpecs = new[] { ("ReLU", "relu"), ("Swish", "swish"), ("GELU", "gelu") };

        private readonly SearchOptions _options;
        private readonly TextWriter _log;

        public ActivationSearch(SearchOptions options, TextWriter log)
        {
            _options = options;
            _log = log;
        }

        public SearchResult Run(LoadedData data)
        {
            var clock = Stopwatch.StartNew();
            var o = _options;
            var trainData = Slice(data.Train, 0, o.TrainSubset);
            var validationData = Slice(data.Train, o.TrainSubset, o.ValidationSubset);
            var testData = data.Test.Take(o.TestSubset);
            var baseline = Architecture.Create(ModelKind.Mlp, new[] { o.Hidden }, trainData.Height, trainData.Width, data.Classes);
            using var train = new TensorSplit(trainData);
            using var validation = new TensorSplit(validationData);
            using var test = new TensorSplit(testData);

            var result = new SearchResult { Options = o };
            _log.WriteLine($"Searching with {o.Strategy.ToString().ToLowerInvariant()} (seed {o.Seed}, budget {o.Budget}) on {train.Count} training / {validation.Count} validation images, MLP 784-{o.Hidden}-10.");

            // Rung 0: the budget of candidate trainings.
            var random = new Random(o.Seed);
            var evolution = o.Strategy == SearchStrategy.Evolution ? new RegularizedEvolution(o.Population, o.Sample, random) : null;
            var byFormula = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            int maxProposals = o.Budget * 200;
            while (result.Candidates.Count < o.Budget && result.Proposed < maxProposals)
            {
                var genome = evolution != null ? evolution.Propose() : SearchSpace.Sample(random);
                result.Proposed++;
                string formula;
                try
                {
                    var parsed = Formula.Parse(SearchSpace.Render(genome));
                    formula = parsed.ToString();
                    if (!byFormula.ContainsKey(formula))
                    {
                        var check = FormulaCheck.Run(parsed);
                        if (!check.Passed)
                        {
                            result.Rejected++;
                            if (result.RejectedExamples.Count < 5) result.RejectedExamples.Add(check.ToString());
                            continue;
                        }
                    }
                }
                catch (ArgumentException e)
                {
                    result.Rejected++;
                    if (result.RejectedExamples.Count < 5) result.RejectedExamples.Add(e.Message);
                    continue;
                }
                if (!byFormula.TryGetValue(formula, out var candidate))
                {
                    candidate = new Candidate { Formula = formula, Description = SearchSpace.Describe(genome) };
                    byFormula[formula] = candidate;
                    result.Candidates.Add(candidate);
                    Train(candidate, 0, baseline, train, validation, result, $"[{result.Candidates.Count}/{o.Budget}]");
                }
                evolution?.Add(genome, candidate.RungScores[0]);
            }

            // Successive halving: the better half of each rung goes on to twice the epochs.
            var alive = result.Candidates.ToList();
            for (int rung = 1; rung < o.Rungs && alive.Count > 1; rung++)
            {
                alive = Rank(alive).Take((alive.Count + 1) / 2).ToList();
                _log.WriteLine($"Rung {rung}: the best {alive.Count} re-trained for {o.RungEpochs(rung)} epochs.");
                int i = 0;
                foreach (var candidate in alive)
                    Train(candidate, rung, baseline, train, validation, result, $"[rung {rung}: {++i}/{alive.Count}]");
            }

            // Final: the best --top candidates and the baselines, every seed, scored on the test images.
            var winners = Rank(result.Candidates).Take(o.Top).ToList();
            _log.WriteLine($"Re-training the best {winners.Count} and ReLU, Swish, GELU with seeds {string.Join(",", o.Seeds)} for {o.FinalEpochs} epochs on {test.Count} test images.");
            foreach (var w in winners)
                result.Leaderboard.Add(Final(w.Formula, w.Spec, w, baseline, train, test));
            foreach (var (name, spec) in BaselineSpecs)
                result.Baselines.Add(Final(name, spec, null, baseline, train, test));
            result.Leaderboard.Sort((a, b) => b.Mean != a.Mean ? b.Mean.CompareTo(a.Mean) : string.CompareOrdinal(a.Spec, b.Spec));
            result.Seconds = clock.Elapsed.TotalSeconds;
            return result;
        }

        /// <summary>Candidates best first: the highest rung reached, then its score, then the formula text.</summary>
        public static IEnumerable<Candidate> Rank(IEnumerable<Candidate> candidates) =>
            candidates.OrderByDescending(c => c.Rung).ThenByDescending(c => c.SearchScore).ThenBy(c => c.Formula, StringComparer.Ordinal);

        private void Train(Candidate candidate, int rung, Architecture baseline, TensorSplit train, TensorSplit validation, SearchResult result, string label)
        {
            var clock = Stopwatch.StartNew();
            int epochs = _options.RungEpochs(rung);
            double score = TrainOnce(candidate.Spec, _options.Seed, epochs, baseline, train, validation, out bool failed);
            if (failed) result.FailedInTraining++;
            candidate.RungScores.Add(score);
            candidate.EpochsSpent += epochs;
            _log.WriteLine($"{label} {candidate.Formula}: validation accuracy {Pct(score)} after {epochs} epoch{(epochs == 1 ? "" : "s")}{(failed ? " (training failed)" : "")} ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        private FinalEntry Final(string name, string spec, Candidate candidate, Architecture baseline, TensorSplit train, TensorSplit test)
        {
            var entry = new FinalEntry { Name = name, Spec = spec, Candidate = candidate };
            foreach (long seed in _options.Seeds)
            {
                double score = TrainOnce(spec, seed, _options.FinalEpochs, baseline, train, test, out _);
                entry.Seeds.Add(seed);
                entry.Scores.Add(score);
            }
            _log.WriteLine($"  {name}: test accuracy {Pct(entry.Mean)} ± {Pct(entry.Std)} ({string.Join(", ", entry.Scores.Select(Pct))})");
            return entry;
        }

        /// <summary>Trains the MLP with <paramref name="spec"/> and returns its final accuracy on <paramref name="score"/>; 0 when training throws.</summary>
        private double TrainOnce(string spec, long seed, int epochs, Architecture baseline, TensorSplit train, TensorSplit score, out bool failed)
        {
            var settings = new RunSettings
            {
                Activation = spec,
                Seed = seed,
                Optimizer = OptimizerKind.Adam,
                LearningRate = _options.LearningRate,
                BatchSize = _options.BatchSize,
                Epochs = epochs,
            };
            failed = false;
            try
            {
                var record = RunTrainer.Run(settings, baseline, train, score, null);
                var last = record.Epochs[record.Epochs.Count - 1];
                if (!double.IsFinite(last.TrainLoss)) failed = true;
                return double.IsFinite(last.TestAccuracy) ? last.TestAccuracy : 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed = true;
                return 0;
            }
        }

        private static string Pct(double v) => (100 * v).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "%";

        /// <summary>Images [start, start + count) of a split.</summary>
        public static ImageDataset Slice(ImageDataset data, int start, int count)
        {
            count = Math.Max(0, Math.Min(count, data.Count - start));
            if (count == 0) throw new ArgumentException($"the split has {data.Count} images, none from {start} on");
            long per = data.PixelsPerImage;
            var pixels = new float[count * per];
            Array.Copy(data.Pixels, start * per, pixels, 0, pixels.Length);
            var labels = new byte[count];
            Array.Copy(data.Labels, start, labels, 0, count);
            return new ImageDataset(pixels, labels, data.Height, data.Width);
        }
    }
}
