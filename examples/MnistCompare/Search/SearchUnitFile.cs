using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using MnistCompare.Reporting;

namespace MnistCompare.Search
{
    /// <summary>
    /// The result of one search unit, DIR/runs/&lt;unit-id&gt;.json: the unit, the identity of the search it
    /// belongs to (<see cref="SearchOptions.Identity"/>) and its outcome. Written atomically when the unit
    /// completes, so a file under its final name is always complete; shards read each other's from a shared
    /// directory, and a rerun skips them.
    /// </summary>
    public static class SearchUnitFile
    {
        public const string Folder = "runs";
        public const string Kind = "search-unit";

        public static string PathFor(string directory, SearchUnit unit) => Path.Combine(directory, Folder, unit.Id + ".json");

        /// <summary>
        /// Publishes the unit's result unless a file for it exists already (another shard's, when two trained
        /// it): the first published result is the one every process uses, so shards on machines that round
        /// differently still agree. Returns false when the unit had been published before.
        /// </summary>
        public static bool Publish(string directory, SearchUnit unit, string identity, UnitOutcome outcome) =>
            AtomicFile.CreateNew(PathFor(directory, unit), AtomicFile.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("kind", Kind);
                w.WriteString("unit", unit.Id);
                w.WriteNumber("index", unit.Index);
                w.WritePropertyName("search");
                w.WriteRawValue(identity);
                w.WriteString("stage", unit.Stage);
                w.WriteString("spec", unit.Spec);
                w.WriteNumber("seed", unit.Seed);
                w.WriteNumber("epochs", unit.Epochs);
                w.WriteString("split", unit.Split == ScoreSplit.Test ? "test" : "validation");
                w.WriteNumber("score", outcome.Score);
                w.WriteBoolean("failed", outcome.Failed);
                w.WriteNumber("seconds", outcome.Seconds);
                w.WriteEndObject();
            }));

        /// <summary>A unit file as read back.</summary>
        public sealed class Entry
        {
            public string Path { get; set; }
            public string UnitId { get; set; }
            public int Index { get; set; }

            /// <summary>The search's identity, as written.</summary>
            public string Identity { get; set; }
            public string Spec { get; set; }
            public long Seed { get; set; }
            public int Epochs { get; set; }
            public ScoreSplit Split { get; set; }
            public UnitOutcome Outcome { get; set; }

            /// <summary>True when this is the result of <paramref name="unit"/> (not only a file under its name).</summary>
            public bool Matches(SearchUnit unit) =>
                UnitId == unit.Id && Index == unit.Index && Spec == unit.Spec && Seed == unit.Seed && Epochs == unit.Epochs && Split == unit.Split;
        }

        /// <summary>True when <paramref name="path"/> is a search unit file (rather than a comparison's).</summary>
        public static bool IsSearchUnit(string path)
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                return doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == Kind;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>Reads a unit file; throws <see cref="FormatException"/> when it is not a complete one.</summary>
        public static Entry Read(string path)
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var root = doc.RootElement;
                if (root.GetProperty("kind").GetString() != Kind) throw new FormatException("it is not a search unit result");
                string split = root.GetProperty("split").GetString();
                return new Entry
                {
                    Path = path,
                    UnitId = root.GetProperty("unit").GetString(),
                    Index = root.GetProperty("index").GetInt32(),
                    Identity = root.GetProperty("search").GetRawText(),
                    Spec = root.GetProperty("spec").GetString(),
                    Seed = root.GetProperty("seed").GetInt64(),
                    Epochs = root.GetProperty("epochs").GetInt32(),
                    Split = split == "test" ? ScoreSplit.Test : split == "validation" ? ScoreSplit.Validation : throw new FormatException($"split '{split}' is neither test nor validation"),
                    Outcome = new UnitOutcome(root.GetProperty("score").GetDouble(), root.GetProperty("failed").GetBoolean(), root.GetProperty("seconds").GetDouble()),
                };
            }
            catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException || e is FormatException)
            {
                throw new FormatException($"{path} is not a complete search unit result: {e.Message}", e);
            }
        }
    }
}
