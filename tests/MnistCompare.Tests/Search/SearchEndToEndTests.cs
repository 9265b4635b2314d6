using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MnistCompare.Data;
using MnistCompare.Search;
using Xunit;

namespace MnistCompare.Tests.Search
{
    /// <summary>A tiny search on real MNIST (fetched into the default cache when missing) through the program's entry point.</summary>
    public sealed class SearchEndToEndTests : IDisposable
    {
        private readonly string _out = Directory.CreateTempSubdirectory("mnist-search-").FullName;

        public void Dispose() => Directory.Delete(_out, recursive: true);

        private static readonly object FetchLock = new object();

        private int Search(string dir, string strategy) 
        {
            lock (FetchLock) new MnistFetcher(null).EnsureAvailable(MnistFetcher.DefaultCacheDirectory());
            return Program.Main(new[]
            {
                "search", "--strategy", strategy, "--seed", "5", "--budget", "4", "--population", "2", "--sample", "2",
                "--train-subset", "300", "--validation-subset", "200", "--test-subset", "200", "--rungs", "2",
                "--top", "2", "--seeds", "1,2", "--out", dir,
            });
        }

        [Fact]
        public void TinySearchWritesEveryFileSortedAndReproducibly()
        {
            string a = Path.Combine(_out, "a"), b = Path.Combine(_out, "b");
            Assert.Equal(0, Search(a, "evolution"));
            Assert.Equal(0, Search(b, "evolution"));

            foreach (string name in new[] { SearchReport.JsonFile, SearchReport.CsvFile, SearchReport.ReportFile, SearchReport.FunctionsPlot, SearchReport.DerivativesPlot })
                Assert.True(new FileInfo(Path.Combine(a, name)).Length > 0, name);
            Assert.Empty(Directory.GetFiles(a, "*.tmp-*"));

            string json = File.ReadAllText(Path.Combine(a, SearchReport.JsonFile));
            Assert.Equal(json, File.ReadAllText(Path.Combine(b, SearchReport.JsonFile)));
            Assert.Equal(File.ReadAllText(Path.Combine(a, SearchReport.CsvFile)), File.ReadAllText(Path.Combine(b, SearchReport.CsvFile)));

            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal(4, root.GetProperty("trained").GetInt32());
            Assert.True(root.GetProperty("rejected_by_check").GetInt32() >= 0);
            var board = root.GetProperty("leaderboard").EnumerateArray().ToList();
            Assert.Equal(2, board.Count);
            var scores = board.Select(e => e.GetProperty("score").GetDouble()).ToList();
            Assert.Equal(scores.OrderByDescending(s => s).ToList(), scores);
            foreach (var e in board)
            {
                string formula = e.GetProperty("formula").GetString();
                Assert.Equal(TorchActivations.Formula.Parse(formula).ToString(), formula);
                Assert.Equal("formula:" + formula, e.GetProperty("spec").GetString());
                Assert.Equal(2, e.GetProperty("scores").GetArrayLength());
                Assert.True(e.GetProperty("epochs_spent").GetInt32() >= 1);
                TorchActivations.ActivationRegistry.Create(e.GetProperty("spec").GetString()).Dispose();
            }
            Assert.Equal(new[] { "relu", "swish", "gelu" }, root.GetProperty("baselines").EnumerateArray().Select(e => e.GetProperty("spec").GetString()));

            string report = File.ReadAllText(Path.Combine(a, SearchReport.ReportFile));
            Assert.Contains("rejected by the acceptance check", report);
            Assert.Contains("`formula:" + board[0].GetProperty("formula").GetString() + "`", report);
            Assert.Contains("Swish", report);
            Assert.Contains("**Verdict:**", report);
        }

        [Fact]
        public void RandomStrategyRunsAndBadOptionsAreUsageErrors()
        {
            Assert.Equal(0, Search(Path.Combine(_out, "r"), "random"));
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "search", "--strategy", "grid", "--out", _out }));
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "search", "--budget", "0", "--out", _out }));
            Assert.Equal(Program.ExitUsage, Program.Main(new[] { "search", "--budget", "3" }));
        }
    }
}
