using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using MnistCompare.Sharding;

namespace MnistCompare.Search
{
    /// <summary>
    /// Runs a search's units a round at a time and returns their outcomes. A unit whose result file already
    /// exists is read, not trained (a rerun resumes where an interrupted one stopped). The others are trained
    /// here when this process owns them (no sharding, or unit index k belonging to shard (k mod N) + 1);
    /// a shard then waits for the rest of the round from the other shards, which write to the same directory,
    /// and trains units itself once it has waited longer than the steal time. A result is published only if
    /// none exists yet and every process uses the published one, so a unit trained twice (on machines that
    /// may round differently) still has one outcome everywhere. Without a trainer (merge), every result must
    /// already exist.
    /// </summary>
    public sealed class SearchUnitRunner
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan Notice = TimeSpan.FromSeconds(60);

        private readonly IReadOnlyList<string> _directories;
        private readonly string _identity;
        private readonly ShardSpec _shard;
        private readonly Func<SearchUnit, UnitOutcome> _train;
        private readonly TimeSpan _stealAfter;
        private readonly TextWriter _log;
        private bool _checkedDirectory;

        /// <param name="directories">Where results are read; the first is where this process writes them.</param>
        /// <param name="identity">The search's <see cref="SearchOptions.Identity"/>; files of another search are refused.</param>
        /// <param name="shard">This process's shard, or null for every unit.</param>
        /// <param name="train">Trains one unit; null when results are only read (merge).</param>
        public SearchUnitRunner(IReadOnlyList<string> directories, string identity, ShardSpec shard, Func<SearchUnit, UnitOutcome> train, double stealAfterSeconds, TextWriter log)
        {
            if (directories == null || directories.Count == 0) throw new ArgumentException("at least one results directory is needed", nameof(directories));
            _directories = directories;
            _identity = identity;
            _shard = shard;
            _train = train;
            _stealAfter = TimeSpan.FromSeconds(stealAfterSeconds);
            _log = log;
        }

        /// <summary>Units trained by this process.</summary>
        public int Trained { get; private set; }

        /// <summary>Units whose results were read: earlier runs' or other shards'.</summary>
        public int Read { get; private set; }

        /// <summary>Units of other shards that this one trained after waiting for them.</summary>
        public int Stolen { get; private set; }

        /// <summary>
        /// The outcomes of <paramref name="units"/>, in their order; <paramref name="onResult"/> hears each as it
        /// becomes known, with where it came from ("trained here", "read", ...).
        /// </summary>
        public IReadOnlyList<UnitOutcome> Run(IReadOnlyList<SearchUnit> units, Action<SearchUnit, UnitOutcome, string> onResult)
        {
            var outcomes = new UnitOutcome[units.Count];
            var pending = new List<int>();
            for (int i = 0; i < units.Count; i++)
            {
                outcomes[i] = TryRead(units[i]);
                if (outcomes[i] != null)
                {
                    Read++;
                    onResult(units[i], outcomes[i], "read from an earlier run");
                }
                else pending.Add(i);
            }
            if (pending.Count == 0) return outcomes;
            if (!_checkedDirectory)
            {
                RefuseOtherSearches();
                _checkedDirectory = true;
            }
            if (_train == null)
            {
                var missing = pending.Select(i => units[i].Id).ToList();
                throw new ShardMismatchException(
                    $"{missing.Count} of the search's trainings have no result ({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}): " +
                    "a shard is unfinished (rerun it with the same options to complete it) or its directory was not given");
            }

            foreach (int i in pending.Where(i => Owns(units[i])).ToList())
            {
                outcomes[i] = TrainAndWrite(units[i]);
                onResult(units[i], outcomes[i], "trained here");
                pending.Remove(i);
            }

            // Waiting for the other shards. Once the steal time has passed without news, this shard trains the
            // missing units itself, one after another, each shard starting at a different one.
            var waited = Stopwatch.StartNew();
            var sinceNotice = Stopwatch.StartNew();
            while (pending.Count > 0)
            {
                foreach (int i in pending.ToList())
                {
                    outcomes[i] = TryRead(units[i]);
                    if (outcomes[i] == null) continue;
                    Read++;
                    onResult(units[i], outcomes[i], $"from shard {units[i].Index % _shard.Count + 1}/{_shard.Count}");
                    pending.Remove(i);
                    waited.Restart();
                }
                if (pending.Count == 0) break;
                if (waited.Elapsed >= _stealAfter)
                {
                    int k = pending[(_shard.Index - 1) % pending.Count];
                    _log.WriteLine($"Shard {_shard} has waited {waited.Elapsed.TotalSeconds:F0} s for other shards; training {units[k].Id} here.");
                    outcomes[k] = TrainAndWrite(units[k]);
                    Stolen++;
                    onResult(units[k], outcomes[k], "trained here for another shard");
                    pending.Remove(k);
                    continue;
                }
                if (sinceNotice.Elapsed >= Notice)
                {
                    _log.WriteLine($"Shard {_shard} is waiting for {pending.Count} training{(pending.Count == 1 ? "" : "s")} of other shards ({units[pending[0]].Id}{(pending.Count > 1 ? ", ..." : "")}).");
                    sinceNotice.Restart();
                }
                Thread.Sleep(Poll);
            }
            return outcomes;
        }

        private bool Owns(SearchUnit unit) => _shard == null || _shard.Owns(unit.Index);

        /// <summary>Trains the unit and publishes its result; returns the published outcome (another shard's, if it was first).</summary>
        private UnitOutcome TrainAndWrite(SearchUnit unit)
        {
            SearchUnitFile.Publish(_directories[0], unit, _identity, _train(unit));
            Trained++;
            return TryRead(unit) ?? throw new IOException($"{SearchUnitFile.PathFor(_directories[0], unit)} vanished after it was written");
        }

        /// <summary>Refuses, before anything is trained, a results directory that holds another search's results.</summary>
        private void RefuseOtherSearches()
        {
            foreach (string path in UnitFile.ResultFiles(_directories[0]))
                ReadOfThisSearch(path);
        }

        /// <summary>The unit's result from the first directory that has it; null when none has.</summary>
        private UnitOutcome TryRead(SearchUnit unit)
        {
            foreach (string directory in _directories)
            {
                string path = SearchUnitFile.PathFor(directory, unit);
                if (!File.Exists(path)) continue;
                var entry = ReadOfThisSearch(path);
                if (!entry.Matches(unit))
                    throw new ShardMismatchException($"{path} holds '{entry.Spec}' seed {entry.Seed}, {entry.Epochs} epochs, where this search has '{unit.Spec}' seed {unit.Seed}, {unit.Epochs} epochs");
                return entry.Outcome;
            }
            return null;
        }

        /// <summary>A result file, refused unless it is complete and of this search.</summary>
        private SearchUnitFile.Entry ReadOfThisSearch(string path)
        {
            SearchUnitFile.Entry entry;
            try
            {
                entry = SearchUnitFile.Read(path);
            }
            catch (FormatException e)
            {
                throw new ShardMismatchException(e.Message + " (delete it to train the unit again)");
            }
            if (entry.Identity != _identity)
                throw new ShardMismatchException(
                    $"{path} is a result of another search ({FirstDifference(_identity, entry.Identity)}); give each search its own --out, and every shard of one search the same options");
            return entry;
        }

        /// <summary>The first option in which two identities differ, e.g. "budget: 24 vs 40".</summary>
        public static string FirstDifference(string expected, string found)
        {
            using var a = JsonDocument.Parse(expected);
            using var b = JsonDocument.Parse(found);
            if (a.RootElement.ValueKind != JsonValueKind.Object || b.RootElement.ValueKind != JsonValueKind.Object)
                return "its search options are not an object";
            foreach (var property in a.RootElement.EnumerateObject())
            {
                string l = property.Value.GetRawText();
                string r = b.RootElement.TryGetProperty(property.Name, out var value) ? value.GetRawText() : "absent";
                if (l != r) return $"{property.Name}: {l} here, {r} there";
            }
            return "options differ";
        }
    }
}
