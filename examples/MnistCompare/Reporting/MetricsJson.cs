using System.IO;
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

        private static void WriteConfig(Utf8JsonWriter json, ExperimentConfig c)
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
            json.WriteEndObject();
        }

        private static void WriteRun(Utf8JsonWriter json, RunRecord run)
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
