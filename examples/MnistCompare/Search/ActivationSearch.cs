using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MnistCompare.Reporting;
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

        /// <summary>Proposals whose formula text was new but computed the same function as an earlier candidate's.</summary>
        public int SameFunction { get; set; }
        public List<string> RejectedExamples { get; } = new List<string>();
        public int FailedInTraining { get; set; }

        /// <summary>Every training of the search, candidates and final re-trainings.</summary>
        public int Trainings { get; set; }

        /// <summary>The trainings' own durations, summed (whichever processes ran them).</summary>
        public double TrainingSeconds { get; set; }
        public List<Candidate> Candidates { get; } = new List<Candidate>();
        public List<FinalEntry> Leaderboard { get; } = new List<FinalEntry>();
        public List<FinalEntry> Baselines { get; } = new List<FinalEntry>();
        /// <summary>Wall time of the process that produced this result.</summary>
        public double Seconds { get; set; }
    }

    /// <summary>
    /// The search: proposes candidates (random or regularized evolution) in rounds of --batch, rejects those
    /// that fail the formula acceptance check, trains each accepted one briefly, runs successive halving over
    /// rungs of doubling epochs, and re-trains the best with several seeds next to ReLU, Swish and GELU.
    /// Every training is a <see cref="SearchUnit"/> run by a <see cref="SearchUnitRunner"/>, which may share
    /// a round's trainings with other processes.
    /// </summary>
    /// <remarks>
    /// Reproducible: proposals draw from one <see cref="Random"/> seeded with --seed, a round's proposals see
    /// the population as it stood when the round began (so they do not depend on which process trains what),
    /// every candidate training uses the same torch seed, and ties are broken by formula text.
    /// </remarks>
    public sealed class ActivationSearch
    {
        public static readonly IReadOnlyList<(string Name, string Spec)> BaselineSpecs = new[] { ("ReLU", "relu"), ("Swish", "swish"), ("GELU", "gelu") };

        private readonly SearchOptions _options;
        private readonly TextWriter _log;
        private int _nextUnit;

        public ActivationSearch(SearchOptions options, TextWriter log)
        {
            _options = options;
            _log = log;
        }

        public SearchResult Run(SearchUnitRunner runner)
        {
            var clock = Stopwatch.StartNew();
            var o = _options;
            var result = new SearchResult { Options = o };
            _log.WriteLine($"Searching with {o.Strategy.ToString().ToLowerInvariant()} (seed {o.Seed}, budget {o.Budget}, rounds of {o.Batch}) on {o.TrainSubset} training / {o.ValidationSubset} validation images, MLP 784-{o.Hidden}-10.");

            // Rung 0: the budget of candidate trainings, a round of --batch new candidates at a time.
            var random = new Random(o.Seed);
            var evolution = o.Strategy == SearchStrategy.Evolution ? new RegularizedEvolution(o.Population, o.Sample, random) : null;
            var byFormula = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            var byFunction = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            int maxProposals = o.Budget * 200;
            while (result.Candidates.Count < o.Budget && result.Proposed < maxProposals)
            {
                var proposals = new List<(Genome Genome, Candidate Candidate)>();
                var fresh = new List<Candidate>();
                int wanted = Math.Min(o.Batch, o.Budget - result.Candidates.Count);
                while (fresh.Count < wanted && result.Proposed < maxProposals)
                {
                    var genome = evolution != null ? evolution.Propose() : SearchSpace.Sample(random);
                    result.Proposed++;
                    if (!Accept(genome, byFormula, result, out string formula, out var candidate)) continue;
                    if (candidate == null)
                    {
                        // A new formula text; it may still compute a function already proposed.
                        string function = FunctionFingerprint.Of(Formula.Parse(formula));
                        if (byFunction.TryGetValue(function, out candidate))
                            result.SameFunction++;
                        else
                        {
                            candidate = new Candidate { Formula = formula, Description = SearchSpace.Describe(genome) };
                            byFunction[function] = candidate;
                            result.Candidates.Add(candidate);
                            fresh.Add(candidate);
                        }
                        byFormula[formula] = candidate;
                    }
                    proposals.Add((genome, candidate));
                }
                var units = fresh.Select(c => Unit("rung0", c.Spec, o.Seed, o.RungEpochs(0), ScoreSplit.Validation,
                    $"[{result.Candidates.IndexOf(c) + 1}/{o.Budget}]")).ToList();
                Record(runner, units, fresh, result);
                foreach (var (genome, candidate) in proposals)
                    evolution?.Add(genome, candidate.RungScores[0]);
            }

            // Successive halving: the better half of each rung goes on to twice the epochs.
            var alive = result.Candidates.ToList();
            for (int rung = 1; rung < o.Rungs && alive.Count > 1; rung++)
            {
                alive = Rank(alive).Take((alive.Count + 1) / 2).ToList();
                _log.WriteLine($"Rung {rung}: the best {alive.Count} re-trained for {o.RungEpochs(rung)} epochs.");
                int count = alive.Count;
                var units = alive.Select((c, i) => Unit($"rung{rung}", c.Spec, o.Seed, o.RungEpochs(rung), ScoreSplit.Validation, $"[rung {rung}: {i + 1}/{count}]")).ToList();
                Record(runner, units, alive, result);
            }

            // Final: the best --top candidates and the baselines, every seed, scored on the test images.
            var winners = Rank(result.Candidates).Take(o.Top).ToList();
            _log.WriteLine($"Re-training the best {winners.Count} and ReLU, Swish, GELU with seeds {string.Join(",", o.Seeds)} for {o.FinalEpochs} epochs on {o.TestSubset} test images.");
            var entries = winners.Select(w => new FinalEntry { Name = w.Formula, Spec = w.Spec, Candidate = w })
                .Concat(BaselineSpecs.Select(b => new FinalEntry { Name = b.Name, Spec = b.Spec })).ToList();
            var finals = entries.SelectMany(e => o.Seeds.Select(seed => (Entry: e, Unit: Unit("final", e.Spec, seed, o.FinalEpochs, ScoreSplit.Test, $"[final: {e.Name} seed {seed}]")))).ToList();
            var outcomes = runner.Run(finals.Select(f => f.Unit).ToList(), (unit, outcome, source) =>
                _log.WriteLine($"{unit.Label}: test accuracy {Pct(outcome.Score)}{(outcome.Failed ? " (training failed)" : "")} ({source}, {outcome.Seconds:F1} s)"));
            for (int i = 0; i < finals.Count; i++)
            {
                finals[i].Entry.Seeds.Add(finals[i].Unit.Seed);
                finals[i].Entry.Scores.Add(outcomes[i].Score);
                Count(outcomes[i], result);
            }
            foreach (var e in entries)
                _log.WriteLine($"  {e.Name}: test accuracy {Pct(e.Mean)} ± {Pct(e.Std)} ({string.Join(", ", e.Scores.Select(Pct))})");
            result.Leaderboard.AddRange(entries.Take(winners.Count));
            result.Baselines.AddRange(entries.Skip(winners.Count));
            result.Leaderboard.Sort((a, b) => b.Mean != a.Mean ? b.Mean.CompareTo(a.Mean) : string.CompareOrdinal(a.Spec, b.Spec));
            result.Seconds = clock.Elapsed.TotalSeconds;
            return result;
        }

        /// <summary>Candidates best first: the highest rung reached, then its score, then the formula text.</summary>
        public static IEnumerable<Candidate> Rank(IEnumerable<Candidate> candidates) =>
            candidates.OrderByDescending(c => c.Rung).ThenByDescending(c => c.SearchScore).ThenBy(c => c.Formula, StringComparer.Ordinal);

        /// <summary>
        /// The genome's canonical formula and, when that text was seen before, its candidate; false when the
        /// formula fails the acceptance check (counted as rejected).
        /// </summary>
        private static bool Accept(Genome genome, Dictionary<string, Candidate> known, SearchResult result, out string formula, out Candidate candidate)
        {
            formula = null;
            candidate = null;
            try
            {
                var parsed = Formula.Parse(SearchSpace.Render(genome));
                formula = parsed.ToString();
                if (known.TryGetValue(formula, out candidate)) return true;
                var check = FormulaCheck.Run(parsed);
                if (check.Passed) return true;
                Reject(result, check.ToString());
            }
            catch (ArgumentException e)
            {
                Reject(result, e.Message);
            }
            return false;
        }

        private static void Reject(SearchResult result, string reason)
        {
            result.Rejected++;
            if (result.RejectedExamples.Count < 5) result.RejectedExamples.Add(reason);
        }

        private SearchUnit Unit(string stage, string spec, long seed, int epochs, ScoreSplit split, string label) =>
            new SearchUnit(_nextUnit++, stage, spec, seed, epochs, split, label);

        /// <summary>Runs one round of candidate trainings and adds each score to its candidate's rungs.</summary>
        private void Record(SearchUnitRunner runner, IReadOnlyList<SearchUnit> units, IReadOnlyList<Candidate> candidates, SearchResult result)
        {
            var outcomes = runner.Run(units, (unit, outcome, source) =>
                _log.WriteLine($"{unit.Label} {unit.Spec.Substring("formula:".Length)}: validation accuracy {Pct(outcome.Score)} after {unit.Epochs} epoch{(unit.Epochs == 1 ? "" : "s")}{(outcome.Failed ? " (training failed)" : "")} ({source}, {outcome.Seconds:F1} s)"));
            for (int i = 0; i < units.Count; i++)
            {
                candidates[i].RungScores.Add(outcomes[i].Score);
                candidates[i].EpochsSpent += units[i].Epochs;
                Count(outcomes[i], result);
            }
        }

        private static void Count(UnitOutcome outcome, SearchResult result)
        {
            result.Trainings++;
            result.TrainingSeconds += outcome.Seconds;
            if (outcome.Failed) result.FailedInTraining++;
        }

        private static string Pct(double v) => (100 * v).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "%";
    }
}
