using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace MnistCompare.Reporting
{
    /// <summary>
    /// Serialises an <see cref="ExperimentResult"/> to the metrics.json schema of docs/mnist-compare.md.
    /// Written by hand with Utf8JsonWriter so that field names and order are exactly the documented
    /// ones, and so that non-finite numbers (a diverged run's NaN loss) become null, which JSON allows,
    /// instead of an exception.
    /// </summary>
    public static class MetricsJson
    {
        public static string Serialize(ExperimentResult result)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                WriteConfig(json, result.Config);
                json.WriteStartArray("runs");
                foreach (var run in result.Runs) WriteRun(json, run);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        /// <summary>Reads a metrics.json written by <see cref="Serialize"/> (null numbers become NaN).</summary>
        public static ExperimentResult Deserialize(string text)
        {
            using var doc = JsonDocument.Parse(text);
            var result = new ExperimentResult { Config = ReadConfig(doc.RootElement.GetProperty("config")) };
            foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray())
                result.Runs.Add(ReadRun(run));
            return result;
        }

        public static ExperimentConfig ReadConfig(JsonElement c)
        {
            var standardisation = c.GetProperty("standardisation");
            return new ExperimentConfig
            {
                Dataset = c.GetProperty("dataset").GetString(),
                DataDirectory = c.GetProperty("data_dir").GetString(),
                StandardisationMean = Number(standardisation, "mean"),
                StandardisationStd = Number(standardisation, "std"),
                StandardisationSource = standardisation.GetProperty("source").GetString(),
                TrainSize = c.GetProperty("train_size").GetInt32(),
                TestSize = c.GetProperty("test_size").GetInt32(),
                Probe = c.GetProperty("probe").GetString(),
                Model = c.GetProperty("model").GetString(),
                Architecture = c.GetProperty("architecture").GetString(),
                Hidden = c.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()).ToList(),
                MaxoutWidthRule = c.GetProperty("maxout_width_rule").GetString(),
                Optimizer = c.GetProperty("optimizer").GetString(),
                Momentum = Number(c, "momentum"),
                LearningRates = c.GetProperty("learning_rates").EnumerateArray().Select(e => e.GetDouble()).ToList(),
                LearningRateSweep = c.GetProperty("lr_sweep").GetBoolean(),
                BatchSize = c.GetProperty("batch_size").GetInt32(),
                Epochs = c.GetProperty("epochs").GetInt32(),
                Seeds = c.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt64()).ToList(),
                Activations = c.GetProperty("activations").EnumerateArray().Select(e => e.GetString()).ToList(),
                TargetAccuracy = Number(c, "target_accuracy"),
                Quick = c.GetProperty("quick").GetBoolean(),
                TorchThreads = c.GetProperty("torch_threads").GetInt32(),
                ProcessorCount = c.GetProperty("processor_count").GetInt32(),
                StartedUtc = c.GetProperty("started_utc").GetString(),
                ElapsedSeconds = Number(c, "elapsed_seconds"),
                Shard = c.TryGetProperty("shard", out var shard) ? shard.GetString() : null,
            };
        }

        public static RunRecord ReadRun(JsonElement r) => new RunRecord
        {
            Activation = r.GetProperty("activation").GetString(),
            Seed = r.GetProperty("seed").GetInt64(),
            LearningRate = Number(r, "lr"),
            Parameters = r.GetProperty("parameters").GetInt64(),
            HiddenWidths = r.GetProperty("hidden_widths").EnumerateArray().Select(e => e.GetInt32()).ToList(),
            Epochs = r.GetProperty("epochs").EnumerateArray().Select(e => new EpochRecord
            {
                Epoch = e.GetProperty("epoch").GetInt32(),
                TrainLoss = Number(e, "train_loss"),
                TestLoss = Number(e, "test_loss"),
                TestAccuracy = Number(e, "test_accuracy"),
                Seconds = Number(e, "seconds"),
                DeadFraction = Number(e, "dead_fraction"),
                SaturatedFraction = Number(e, "saturated_fraction"),
                Layers = e.GetProperty("layers").EnumerateArray().Select(l => new LayerRecord
                {
                    Name = l.GetProperty("name").GetString(),
                    DeadFraction = Number(l, "dead_fraction"),
                    SaturatedFraction = Number(l, "saturated_fraction"),
                    MeanActivation = Number(l, "mean_activation"),
                    ZeroFraction = Number(l, "zero_fraction"),
                }).ToList(),
            }).ToList(),
        };

        /// <summary>
        /// The settings that decide a comparison's numbers, as canonical text: the config without the
        /// fields that describe when and where it ran (start time, wall time, data directory, core count).
        /// Two processes with the same identity train identical runs.
        /// </summary>
        public static string Identity(ExperimentConfig c)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                WriteConfig(json, new ExperimentConfig
                {
                    Dataset = c.Dataset, DataDirectory = "", StandardisationMean = c.StandardisationMean, StandardisationStd = c.StandardisationStd,
                    StandardisationSource = c.StandardisationSource, TrainSize = c.TrainSize, TestSize = c.TestSize, Probe = c.Probe,
                    Model = c.Model, Architecture = c.Architecture, Hidden = c.Hidden, MaxoutWidthRule = c.MaxoutWidthRule,
                    Optimizer = c.Optimizer, Momentum = c.Momentum, LearningRates = c.LearningRates, LearningRateSweep = c.LearningRateSweep,
                    BatchSize = c.BatchSize, Epochs = c.Epochs, Seeds = c.Seeds, Activations = c.Activations, TargetAccuracy = c.TargetAccuracy,
                    Quick = c.Quick, TorchThreads = c.TorchThreads, ProcessorCount = 0, StartedUtc = "", ElapsedSeconds = 0,
                });
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static double Number(JsonElement e, string name)
        {
            var value = e.GetProperty(name);
            return value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
        }

        public static void WriteConfig(Utf8JsonWriter json, ExperimentConfig c)
        {
            json.WriteStartObject("config");
            json.WriteString("dataset", c.Dataset);
            json.WriteString("data_dir", c.DataDirectory);
            json.WriteStartObject("standardisation");
            Number(json, "mean", c.StandardisationMean);
            Number(json, "std", c.StandardisationStd);
            json.WriteString("source", c.StandardisationSource);
            json.WriteEndObject();
            json.WriteNumber("train_size", c.TrainSize);
            json.WriteNumber("test_size", c.TestSize);
            json.WriteString("probe", c.Probe);
            json.WriteString("model", c.Model);
            json.WriteString("architecture", c.Architecture);
            json.WriteStartArray("hidden");
            foreach (int w in c.Hidden) json.WriteNumberValue(w);
            json.WriteEndArray();
            json.WriteString("maxout_width_rule", c.MaxoutWidthRule);
            json.WriteString("optimizer", c.Optimizer);
            Number(json, "momentum", c.Momentum);
            json.WriteStartArray("learning_rates");
            foreach (double lr in c.LearningRates) json.WriteNumberValue(lr);
            json.WriteEndArray();
            json.WriteBoolean("lr_sweep", c.LearningRateSweep);
            json.WriteNumber("batch_size", c.BatchSize);
            json.WriteNumber("epochs", c.Epochs);
            json.WriteStartArray("seeds");
            foreach (long s in c.Seeds) json.WriteNumberValue(s);
            json.WriteEndArray();
            json.WriteStartArray("activations");
            foreach (string a in c.Activations) json.WriteStringValue(a);
            json.WriteEndArray();
            Number(json, "target_accuracy", c.TargetAccuracy);
            json.WriteBoolean("quick", c.Quick);
            json.WriteNumber("torch_threads", c.TorchThreads);
            json.WriteNumber("processor_count", c.ProcessorCount);
            json.WriteString("started_utc", c.StartedUtc);
            Number(json, "elapsed_seconds", c.ElapsedSeconds);
            if (c.Shard != null) json.WriteString("shard", c.Shard);
            json.WriteEndObject();
        }

        public static void WriteRun(Utf8JsonWriter json, RunRecord run)
        {
            json.WriteStartObject();
            json.WriteString("activation", run.Activation);
            json.WriteNumber("seed", run.Seed);
            Number(json, "lr", run.LearningRate);
            json.WriteNumber("parameters", run.Parameters);
            json.WriteStartArray("hidden_widths");
            foreach (int w in run.HiddenWidths) json.WriteNumberValue(w);
            json.WriteEndArray();
            json.WriteStartArray("epochs");
            foreach (var e in run.Epochs)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", e.Epoch);
                Number(json, "train_loss", e.TrainLoss);
                Number(json, "test_loss", e.TestLoss);
                Number(json, "test_accuracy", e.TestAccuracy);
                Number(json, "seconds", e.Seconds);
                Number(json, "dead_fraction", e.DeadFraction);
                Number(json, "saturated_fraction", e.SaturatedFraction);
                json.WriteStartArray("layers");
                foreach (var l in e.Layers)
                {
                    json.WriteStartObject();
                    json.WriteString("name", l.Name);
                    Number(json, "dead_fraction", l.DeadFraction);
                    Number(json, "saturated_fraction", l.SaturatedFraction);
                    Number(json, "mean_activation", l.MeanActivation);
                    Number(json, "zero_fraction", l.ZeroFraction);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Number(Utf8JsonWriter json, string name, double value)
        {
            if (double.IsFinite(value)) json.WriteNumber(name, value);
            else json.WriteNull(name);
        }
    }
}
