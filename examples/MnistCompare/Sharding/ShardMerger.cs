using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MnistCompare.Reporting;

namespace MnistCompare.Sharding
{
    /// <summary>
    /// Combines the unit result files of shard directories (DIR/runs/*.json) into the result a
    /// single-process comparison produces: the same config and the same runs in the same order. Refuses
    /// (<see cref="ShardMismatchException"/>) inputs of different configurations, incomplete unit files,
    /// and runs that are missing, repeated or not part of the comparison.
    /// </summary>
    public static class ShardMerger
    {
        public static ExperimentResult Merge(IReadOnlyList<string> shardDirectories)
        {
            var entries = new List<UnitFile.Entry>();
            foreach (string directory in shardDirectories)
                entries.AddRange(ReadShard(directory));
            if (entries.Count == 0)
                throw new ShardMismatchException("the shard directories hold no unit results");

            var first = entries[0];
            string identity = MetricsJson.Identity(first.Config);
            foreach (var entry in entries)
            {
                string other = MetricsJson.Identity(entry.Config);
                if (other != identity)
                    throw new ShardMismatchException(
                        $"{entry.Path} and {first.Path} are runs of different configurations ({FirstDifference(identity, other)}); merge only shards of the same comparison");
            }

            var units = WorkUnit.Enumerate(first.Config.LearningRates, first.Config.Activations, first.Config.Seeds);
            var expected = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
            var found = new Dictionary<string, UnitFile.Entry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (!expected.TryGetValue(entry.UnitId, out var unit) || unit.Index != entry.Index
                    || entry.Run.Activation != unit.Activation || entry.Run.Seed != unit.Seed || entry.Run.LearningRate != unit.LearningRate)
                    throw new ShardMismatchException($"{entry.Path} holds unit '{entry.UnitId}', which is not a run of this comparison");
                if (found.TryGetValue(entry.UnitId, out var earlier))
                    throw new ShardMismatchException(
                        $"unit '{entry.UnitId}' is in two shard results, {earlier.Path} and {entry.Path}; merge each shard once");
                found[entry.UnitId] = entry;
            }
            var missing = units.Where(u => !found.ContainsKey(u.Id)).ToList();
            if (missing.Count > 0)
                throw new ShardMismatchException(
                    $"{missing.Count} of the comparison's {units.Count} runs are missing ({string.Join(", ", missing.Take(5).Select(u => u.Id))}{(missing.Count > 5 ? ", ..." : "")}): " +
                    "a shard is unfinished (rerun it with the same options to complete it) or its directory was not given");

            // The config is the comparison's; when and how long it ran come from all shards: the earliest
            // start and the longest shard's wall time.
            var config = MetricsJson.ReadConfig(JsonDocument.Parse(MetricsJsonConfigText(first.Config)).RootElement.GetProperty("config"));
            config.Shard = null;
            config.StartedUtc = entries.Select(e => e.Config.StartedUtc).Min(StringComparer.Ordinal);
            config.ElapsedSeconds = entries.Max(e => e.Config.ElapsedSeconds);
            var result = new ExperimentResult { Config = config };
            foreach (var unit in units)
                result.Runs.Add(found[unit.Id].Run);
            return result;
        }

        private static IEnumerable<UnitFile.Entry> ReadShard(string directory)
        {
            if (!Directory.Exists(directory))
                throw new ShardMismatchException($"{directory} is not a directory");
            string folder = Path.Combine(directory, UnitFile.Folder);
            if (!Directory.Exists(folder))
                throw new ShardMismatchException($"{directory} holds no shard results (no {UnitFile.Folder}/ folder; shards are run with --shard I/N --out DIR)");
            var entries = new List<UnitFile.Entry>();
            foreach (string path in UnitFile.ResultFiles(directory))
            {
                try
                {
                    entries.Add(UnitFile.Read(path));
                }
                catch (FormatException e)
                {
                    throw new ShardMismatchException(e.Message + " (rerun its shard with the same options to complete it)");
                }
            }
            return entries;
        }

        /// <summary>A copy of the config through its JSON form, so the merged result shares nothing with the inputs.</summary>
        private static string MetricsJsonConfigText(ExperimentConfig config) => MetricsJson.Serialize(new ExperimentResult { Config = config });

        /// <summary>The first config field in which two identities differ, e.g. "epochs: 1 vs 2".</summary>
        private static string FirstDifference(string a, string b)
        {
            using var x = JsonDocument.Parse(a);
            using var y = JsonDocument.Parse(b);
            var left = x.RootElement.GetProperty("config");
            var right = y.RootElement.GetProperty("config");
            foreach (var property in left.EnumerateObject())
            {
                string l = property.Value.GetRawText();
                string r = right.TryGetProperty(property.Name, out var value) ? value.GetRawText() : "absent";
                if (l != r) return $"{property.Name}: {l} vs {r}";
            }
            return "config differs";
        }
    }
}
