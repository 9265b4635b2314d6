using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using MnistCompare.Reporting;
using Xunit;

namespace MnistCompare.Tests.Reporting
{
    public sealed class ResultsWriterTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("results-tests-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void WritesEveryFileWithNoTemporariesLeft()
        {
            var result = SampleResults.Make(SampleResults.Run("relu", 1, 0.1, 0.1, 0.9), SampleResults.Run("tanh", 1, 0.1, 0.1, 0.8));

            ResultsWriter.Write(_dir, result);
            ResultsWriter.Write(_dir, result); // overwriting must work too

            var names = Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(n => n).ToArray();
            Assert.Equal(new[] { "dead_fraction.svg", "metrics.csv", "metrics.json", "report.md", "saturated_fraction.svg", "test_accuracy.svg", "train_loss.svg" }, names);
            foreach (string svg in Directory.GetFiles(_dir, "*.svg"))
                Assert.Equal("svg", XDocument.Load(svg).Root.Name.LocalName); // well-formed XML
        }

        [Fact]
        public void SweepAddsLearningRatePlots()
        {
            var result = SampleResults.Make(SampleResults.Run("relu", 1, 0.1, 0.1, 0.9), SampleResults.Run("relu", 1, 1.0, 0.1, 0.2));
            ResultsWriter.Write(_dir, result);
            Assert.True(File.Exists(Path.Combine(_dir, "dead_fraction_vs_lr.svg")));
            Assert.True(File.Exists(Path.Combine(_dir, "test_accuracy_lr1.svg")));
            Assert.Contains("Learning-rate sweep", File.ReadAllText(Path.Combine(_dir, "report.md")));
        }

        [Fact]
        public void JsonFollowsTheDocumentedSchemaAndWritesNullForNaN()
        {
            var run = SampleResults.Run("rrelu:lower=0.1,upper=0.3", 3, 0.1, 0.1, 0.5);
            run.Epochs[1].TrainLoss = double.NaN;

            using var doc = JsonDocument.Parse(MetricsJson.Serialize(SampleResults.Make(run)));

            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, root.GetProperty("config").ValueKind);
            var r = root.GetProperty("runs")[0];
            Assert.Equal("rrelu:lower=0.1,upper=0.3", r.GetProperty("activation").GetString());
            Assert.Equal(3, r.GetProperty("seed").GetInt64());
            Assert.Equal(1234, r.GetProperty("parameters").GetInt64());
            var e = r.GetProperty("epochs")[1];
            foreach (string key in new[] { "epoch", "train_loss", "test_loss", "test_accuracy", "seconds", "dead_fraction", "saturated_fraction", "layers" })
                Assert.True(e.TryGetProperty(key, out _), key);
            Assert.Equal(JsonValueKind.Null, e.GetProperty("train_loss").ValueKind);
            var layer = e.GetProperty("layers")[0];
            Assert.Equal("hidden1", layer.GetProperty("name").GetString());
            foreach (string key in new[] { "dead_fraction", "saturated_fraction", "mean_activation", "zero_fraction" })
                Assert.Equal(JsonValueKind.Number, layer.GetProperty(key).ValueKind);
        }

        [Fact]
        public void CsvHasOneRowPerEpochAndQuotesSpecs()
        {
            var result = SampleResults.Make(SampleResults.Run("rrelu:lower=0.1,upper=0.3", 1, 0.1, 0.1, 0.5, 0.6));
            var lines = MetricsCsv.Serialize(result).TrimEnd('\n').Split('\n');
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("activation,lr,seed,parameters,epoch,", lines[0]);
            Assert.Contains("hidden2_zero_fraction", lines[0]);
            Assert.StartsWith("\"rrelu:lower=0.1,upper=0.3\",0.1,1,1234,2,", lines[3]);
        }

        [Fact]
        public void AtomicWriteReplacesContentWithoutTemporaries()
        {
            string path = Path.Combine(_dir, "sub", "file.txt");
            AtomicFile.WriteAllText(path, "one");
            AtomicFile.WriteAllText(path, "two");
            Assert.Equal("two", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path), "*", SearchOption.AllDirectories));
        }
    }
}
