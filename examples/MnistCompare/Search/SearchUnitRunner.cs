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
    /// exists is read, not trained (a rerun resumes where an interrupted one stopped). Without claims (a
    /// single process) every other unit is trained here, in order. With claims (a shard of a search whose
    /// processes share the directory) the units are shared out as they go: this process takes any unit
    /// nobody has claimed (<see cref="WorkClaims"/>), trains it while heartbeating its claim and publishes
    /// the result; when every unit left is claimed by others it waits for their results, and takes over a
    /// claim whose heartbeat has stopped. So a shard alone trains everything without waiting, shards running
    /// together split the work, and a shard that starts late finds less to do. A result is published only if
    /// none exists yet and every process uses the published one, so a unit trained twice (on machines that
    /// may round differently) still has one outcome everywhere. Without a trainer (merge), every result must
    /// already exist.
    /// </summary>
    public sealed class SearchUnitRunner
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan Notice = TimeSpan.FromSeconds(60);

        private readonly IReadOnlyList<string> _directories;
        private readonly string _identity;
        private readonly ShardSpec _shard;
        private readonly WorkClaims _claims;
        private readonly Func<SearchUnit, UnitOutcome> _train;
        private readonly TextWriter _log;
        private bool _checkedDirectory;

        /// <param name="directories">Where results are read; the first is where this process writes them.</param>
        /// <param name="identity">The search's <see cref="SearchOptions.Identity"/>; files of another search are refused.</param>
        /// <param name="shard">This process's shard (it only decides where in each round this process starts), or null.</param>
        /// <param name="claims">Claims on the first directory's units, shared with the other processes; null to train every unit here.</param>
        /// <param name="train">Trains one unit; null when results are only read (merge).</param>
        public SearchUnitRunner(IReadOnlyList<string> directories, string identity, ShardSpec shard, WorkClaims claims, Func<SearchUnit, UnitOutcome> train, TextWriter log)
        {
            if (directories == null || directories.Count == 0) throw new ArgumentException("at least one results directory is needed", nameof(directories));
            _directories = directories;
            _identity = identity;
            _shard = shard;
            _claims = claims;
            _train = train;
            _log = log;
        }

        /// <summary>Units trained by this process.</summary>
        public int Trained { get; private set; }

        /// <summary>Units whose results were read: earlier runs' or other processes'.</summary>
        public int Read { get; private set; }

        /// <summary>Units this process trained after taking over another process's stale claim.</summary>
        public int TakenOver { get; private set; }

        /// <summary>How long this process waited for other processes' trainings, in all.</summary>
        public TimeSpan Waited { get; private set; }

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
                    onResult(units[i], outcomes[i], "published before");
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

            if (_claims == null)
            {
                foreach (int i in pending)
                {
                    outcomes[i] = TrainAndWrite(units[i]);
                    onResult(units[i], outcomes[i], "trained here");
                }
                return outcomes;
            }

            // Each shard goes through the round from its own starting point, so shards rarely reach for the
            // same unit; it takes every unclaimed unit it meets, and reads the results others publish.
            int start = _shard == null ? 0 : (int)((long)(_shard.Index - 1) * pending.Count / _shard.Count);
            var order = pending.Skip(start).Concat(pending.Take(start)).ToList();
            var sinceNotice = new Stopwatch();
            while (order.Count > 0)
            {
                bool progressed = false;
                foreach (int i in order.ToList())
                {
                    outcomes[i] = TryRead(units[i]);
                    if (outcomes[i] != null)
                    {
                        Read++;
                        onResult(units[i], outcomes[i], "trained by another process");
                        order.Remove(i);
                        progressed = true;
                        continue;
                    }
                    using var claim = _claims.TryClaim(units[i].Id);
                    if (claim == null) continue;
                    // Its result may have been published between the look above and the claim.
                    outcomes[i] = TryRead(units[i]);
                    string source = "trained by another process";
                    if (outcomes[i] != null) Read++;
                    else
                    {
                        if (claim.TakenOverFrom != null)
                        {
                            _log.WriteLine($"Taking over {units[i].Id}, whose claim was stale ({claim.TakenOverFrom}).");
                            TakenOver++;
                        }
                        outcomes[i] = TrainAndWrite(units[i]);
                        source = claim.TakenOverFrom != null ? "trained here, taken over" : "trained here";
                    }
                    onResult(units[i], outcomes[i], source);
                    order.Remove(i);
                    progressed = true;
                }
                if (order.Count == 0) break;
                if (progressed)
                {
                    sinceNotice.Reset();
                    continue;
                }
                // Every unit left is being trained elsewhere.
                if (!sinceNotice.IsRunning) sinceNotice.Start();
                if (sinceNotice.Elapsed >= Notice)
                {
                    _log.WriteLine($"Waiting for {order.Count} training{(order.Count == 1 ? "" : "s")} claimed by other processes ({units[order[0]].Id}{(order.Count > 1 ? ", ..." : "")}).");
                    sinceNotice.Restart();
                }
                var slept = Stopwatch.StartNew();
                Thread.Sleep(Poll);
                Waited += slept.Elapsed;
            }
            return outcomes;
        }

        /// <summary>Trains the unit and publishes its result; returns the published outcome (another process's, if it was first).</summary>
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
