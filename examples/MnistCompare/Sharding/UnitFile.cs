using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MnistCompare.Reporting;

namespace MnistCompare.Sharding
{
    /// <summary>
    /// The result of one work unit, DIR/runs/&lt;unit-id&gt;.json: the unit's id and index, the config of
    /// the comparison it belongs to, and its run in the metrics.json schema. Written atomically when the
    /// unit completes, so a file under its final name is always complete; a rerun of the shard skips it.
    /// </summary>
    public static class UnitFile
    {
        public const string Folder = "runs";

        /// <summary>
        /// The result files under DIR/runs/, in name order, leaving out the temporary files of writes in progress
        /// (or cut off by a kill); none when the folder does not exist.
        /// </summary>
        public static IEnumerable<string> ResultFiles(string directory)
        {
            string folder = System.IO.Path.Combine(directory, Folder);
            if (!Directory.Exists(folder)) return Array.Empty<string>();
            return Directory.GetFiles(folder, "*.json")
                .Where(p => !System.IO.Path.GetFileName(p).StartsWith(".", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal);
        }

        public static string PathFor(string directory, WorkUnit unit) => Path.Combine(directory, Folder, unit.Id + ".json");

        public static void Write(string directory, WorkUnit unit, ExperimentConfig config, RunRecord run) =>
            AtomicFile.WriteAllText(PathFor(directory, unit), AtomicFile.Json(json =>
            {
                json.WriteStartObject();
                json.WriteString("unit", unit.Id);
                json.WriteNumber("index", unit.Index);
                MetricsJson.WriteConfig(json, config);
                json.WritePropertyName("run");
                MetricsJson.WriteRun(json, run);
                json.WriteEndObject();
            }));

        /// <summary>A unit file as read back.</summary>
        public sealed class Entry
        {
            public string Path { get; set; }
            public string UnitId { get; set; }
            public int Index { get; set; }
            public ExperimentConfig Config { get; set; }
            public RunRecord Run { get; set; }
        }

        /// <summary>Reads a unit file; throws <see cref="FormatException"/> when it is not a complete one.</summary>
        public static Entry Read(string path)
        {
            Entry entry;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var root = doc.RootElement;
                entry = new Entry
                {
                    Path = path,
                    UnitId = root.GetProperty("unit").GetString(),
                    Index = root.GetProperty("index").GetInt32(),
                    Config = MetricsJson.ReadConfig(root.GetProperty("config")),
                    Run = MetricsJson.ReadRun(root.GetProperty("run")),
                };
            }
            catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException || e is FormatException)
            {
                throw new FormatException($"{path} is not a complete unit result: {e.Message}", e);
            }
            if (entry.Run.Epochs.Count != entry.Config.Epochs + 1)
                throw new FormatException($"{path} is not a complete unit result: {entry.Run.Epochs.Count} epochs recorded, {entry.Config.Epochs + 1} expected");
            return entry;
        }
    }
}
