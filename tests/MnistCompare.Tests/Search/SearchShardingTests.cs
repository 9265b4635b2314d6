using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using MnistCompare.Data;
using MnistCompare.Search;
using MnistCompare.Sharding;
using MnistCompare.Tests.Sharding;
using Xunit;

namespace MnistCompare.Tests.Search
{
    /// <summary>
    /// One tiny search (evolution, budget 6 in rounds of 3, 2 rungs, 2 winners and 3 baselines with 2 seeds:
    /// 19 trainings) run once as a single process and once as 3 shard processes sharing one directory, as a
    /// job array would run them.
    /// </summary>
    public sealed class SearchShardFixture : IDisposable
    {
        public static readonly string[] Options =
        {
            "search", "--strategy", "evolution", "--seed", "7", "--budget", "6", "--population", "3", "--sample", "2", "--batch", "3",
            "--train-subset", "300", "--validation-subset", "200", "--test-subset", "200", "--rungs", "2", "--top", "2", "--seeds", "1,2",
        };

        public const int ShardCount = 3;
        public const int UnitCount = 6 + 3 + (2 + 3) * 2;

        public string Root { get; } = Directory.CreateTempSubdirectory("mnist-search-shards-").FullName;
        public string Single => Path.Combine(Root, "single");
        public string Shared => Path.Combine(Root, "shared");
        public IReadOnlyList<string> ShardOutputs { get; }

        public SearchShardFixture()
        {
            new MnistFetcher(null).EnsureAvailable(MnistFetcher.DefaultCacheDirectory());
            var processes = Enumerable.Range(1, ShardCount)
                .Select(i => ShardedRunFixture.Start(Options.Concat(new[] { "--shard", $"{i}/{ShardCount}", "--out", Shared })))
                .Append(ShardedRunFixture.Start(Options.Concat(new[] { "--out", Single })))
                .ToList();
            ShardOutputs = processes.Take(ShardCount).Select(ShardedRunFixture.Finish).ToList();
            ShardedRunFixture.Finish(processes[ShardCount]);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);

        /// <summary>Asserts that two search directories hold the same report; only the duration line may differ.</summary>
        public static void AssertSameReport(string expected, string actual)
        {
            foreach (string name in new[] { SearchReport.JsonFile, SearchReport.CsvFile, SearchReport.FunctionsPlot, SearchReport.DerivativesPlot })
                Assert.True(File.ReadAllText(Path.Combine(expected, name)) == File.ReadAllText(Path.Combine(actual, name)), name + " differs");
            static string Report(string dir) => Regex.Replace(File.ReadAllText(Path.Combine(dir, SearchReport.ReportFile)), @"- Duration: [^\n]*", "- Duration: T");
            Assert.Equal(Report(expected), Report(actual));
        }

        /// <summary>"N trainings run here (T taken over), M read from ...; waited W s ..." of a search's output.</summary>
        public static (int Trained, int Read) Counts(string output)
        {
            var m = Regex.Match(output, @"(\d+) trainings? run here(?: \((\d+) taken over\))?, (\d+) read from");
            Assert.True(m.Success, output);
            return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[3].Value));
        }

        /// <summary>The seconds a shard's output says it waited for other processes' trainings.</summary>
        public static int Waited(string output)
        {
            var m = Regex.Match(output, @"; waited (\d+) s for trainings of other processes");
            Assert.True(m.Success, output);
            return int.Parse(m.Groups[1].Value);
        }

        /// <summary>True when the output says another process wrote the report.</summary>
        public static bool ReportByAnother(string output) => Regex.IsMatch(output, @"(?m)^Report: .*, written by another process");
    }

    /// <summary>
    /// Search trainings as shardable units: shard processes sharing a directory give the single-process
    /// report, written once, a merge of their results gives it too, a killed shard's rerun resumes and,
    /// alone, finishes the search without waiting, a shard that starts after the search is complete only
    /// reads it, and results of another search are refused.
    /// </summary>
    public sealed class SearchShardingTests : IClassFixture<SearchShardFixture>, IDisposable
    {
        private readonly SearchShardFixture _runs;
        private readonly string _dir = Directory.CreateTempSubdirectory("mnist-search-merge-").FullName;

        public SearchShardingTests(SearchShardFixture runs) => _runs = runs;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static string[] With(params string[] extra) => SearchShardFixture.Options.Concat(extra).ToArray();

        [Fact]
        public void ShardsSharingADirectoryWriteTheSingleProcessReport()
        {
            SearchShardFixture.AssertSameReport(_runs.Single, _runs.Shared);
            var files = Directory.GetFiles(Path.Combine(_runs.Shared, SearchUnitFile.Folder), "*.json");
            Assert.Equal(SearchShardFixture.UnitCount, files.Length);
            Assert.Equal(Enumerable.Range(0, SearchShardFixture.UnitCount).Select(k => k.ToString("D4")),
                files.Select(f => Path.GetFileName(f).Substring(0, 4)).OrderBy(n => n));
            // The shards shared the trainings through their claims: together they trained each unit once,
            // and each read the rest.
            var counts = _runs.ShardOutputs.Select(SearchShardFixture.Counts).ToList();
            Assert.True(counts.Count(c => c.Trained > 0) >= 2, string.Join("; ", counts));
            Assert.Equal(SearchShardFixture.UnitCount, counts.Sum(c => c.Trained));
            Assert.All(counts, c => Assert.Equal(SearchShardFixture.UnitCount, c.Trained + c.Read));
            // One of them wrote the report; the others found it written. No claim is left.
            Assert.Equal(SearchShardFixture.ShardCount - 1, _runs.ShardOutputs.Count(SearchShardFixture.ReportByAnother));
            Assert.Empty(Directory.GetFiles(Path.Combine(_runs.Shared, WorkClaims.Folder)));
        }

        [Fact]
        public void MergeOfTheSharedDirectoryGivesTheSingleProcessReport()
        {
            string merged = Path.Combine(_dir, "merged");
            var (exit, error) = ProgramRun.WithArguments("merge", "--out", merged, _runs.Shared);
            Assert.True(exit == 0, error);
            SearchShardFixture.AssertSameReport(_runs.Single, merged);
            Assert.False(Directory.Exists(Path.Combine(merged, SearchUnitFile.Folder)));
        }

        [Fact]
        public void MergeReadsResultsSpreadOverSeveralDirectories()
        {
            string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
            var files = Directory.GetFiles(Path.Combine(_runs.Shared, SearchUnitFile.Folder), "*.json").OrderBy(f => f).ToList();
            for (int i = 0; i < files.Count; i++)
            {
                string to = Path.Combine(i % 2 == 0 ? a : b, SearchUnitFile.Folder);
                Directory.CreateDirectory(to);
                File.Copy(files[i], Path.Combine(to, Path.GetFileName(files[i])));
            }
            string merged = Path.Combine(_dir, "merged2");
            var (exit, error) = ProgramRun.WithArguments("merge", "--out", merged, b, a);
            Assert.True(exit == 0, error);
            SearchShardFixture.AssertSameReport(_runs.Single, merged);

            // Without one of them, the replay misses trainings and says so.
            var (missingExit, missingError) = ProgramRun.WithArguments("merge", "--out", Path.Combine(_dir, "merged3"), a);
            Assert.Equal(Program.ExitData, missingExit);
            Assert.Contains("have no result", missingError);
        }

        [Fact]
        public void AKilledShardResumesAndALoneShardFinishesTheSearchWithoutWaiting()
        {
            // Shard 1 of 2 alone in a fresh directory, killed once it has written a few results.
            string dir = Path.Combine(_dir, "killed");
            var args = With("--shard", "1/2", "--out", dir);
            var running = ShardedRunFixture.Start(args);
            string runs = Path.Combine(dir, SearchUnitFile.Folder);
            var clock = Stopwatch.StartNew();
            while (CountResults(runs) < 3 && !running.Process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
                System.Threading.Thread.Sleep(20);
            running.Process.Kill(entireProcessTree: true);
            running.Process.WaitForExit();
            int done = CountResults(runs);
            Assert.InRange(done, 3, SearchShardFixture.UnitCount - 1);
            Assert.False(File.Exists(Path.Combine(dir, SearchReport.JsonFile)));

            // The killed shard's claim on the training it was in is stale at once (its process has exited),
            // so the rerun reads what the killed one finished, takes that training over, trains the rest
            // (no other shard ever comes) without waiting, and writes the single-process report.
            string output = ShardedRunFixture.Finish(ShardedRunFixture.Start(args));
            var (trained, read) = SearchShardFixture.Counts(output);
            Assert.True(read >= done, output);
            Assert.Equal(SearchShardFixture.UnitCount, trained + read);
            Assert.Equal(0, SearchShardFixture.Waited(output));
            if (output.Contains("Taking over"))
                Assert.Contains("its process has exited", output);
            Assert.False(SearchShardFixture.ReportByAnother(output));
            SearchShardFixture.AssertSameReport(_runs.Single, dir);
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, WorkClaims.Folder)));
        }

        [Fact]
        public void AShardStartingAfterTheSearchIsCompleteOnlyReadsIt()
        {
            string dir = Path.Combine(_dir, "late");
            ShardedRunFixture.Copy(_runs.Shared, dir);
            var before = Directory.GetFiles(dir).ToDictionary(f => f, File.GetLastWriteTimeUtc);
            string output = ShardedRunFixture.Finish(ShardedRunFixture.Start(With("--shard", "2/2", "--out", dir)));
            Assert.Equal((0, SearchShardFixture.UnitCount), SearchShardFixture.Counts(output));
            Assert.True(SearchShardFixture.ReportByAnother(output), output);
            Assert.DoesNotContain("MNIST cached", output);   // nothing to train, so the data is not even loaded
            Assert.Equal(before, Directory.GetFiles(dir).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        }

        private static int CountResults(string runs) =>
            Directory.Exists(runs) ? Directory.GetFiles(runs, "*.json").Count(f => !Path.GetFileName(f).StartsWith(".")) : 0;

        [Fact]
        public void ResultsOfAnotherSearchAreRefused()
        {
            string dir = Path.Combine(_dir, "other");
            ShardedRunFixture.Copy(_runs.Single, dir);
            var before = Directory.GetFiles(Path.Combine(dir, SearchUnitFile.Folder)).OrderBy(f => f).ToList();
            var (exit, error) = ProgramRun.WithArguments(SearchShardFixture.Options.Select(a => a == "7" ? "8" : a).Concat(new[] { "--out", dir }).ToArray());
            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("another search", error);
            Assert.Contains("seed: 8 here, 7 there", error);
            // Refused before training anything: the other search's directory is as it was.
            Assert.Equal(before, Directory.GetFiles(Path.Combine(dir, SearchUnitFile.Folder)).OrderBy(f => f).ToList());

            // A merge of two different searches' results is refused too.
            string otherRuns = Path.Combine(_dir, "other2", SearchUnitFile.Folder);
            Directory.CreateDirectory(otherRuns);
            string first = Directory.GetFiles(Path.Combine(_runs.Single, SearchUnitFile.Folder), "*.json").OrderBy(f => f).First();
            File.WriteAllText(Path.Combine(otherRuns, Path.GetFileName(first)), File.ReadAllText(first).Replace("\"budget\":6", "\"budget\":5"));
            var (mergeExit, mergeError) = ProgramRun.WithArguments("merge", "--out", Path.Combine(_dir, "m"), _runs.Single, Path.Combine(_dir, "other2"));
            Assert.Equal(Program.ExitData, mergeExit);
            Assert.Contains("different searches", mergeError);
        }

        [Fact]
        public void TheFirstPublishedResultOfAUnitStandsForEveryProcess()
        {
            string dir = Path.Combine(_dir, "publish");
            var unit = new SearchUnit(0, "rung0", "relu", 1, 1, ScoreSplit.Validation, "[1/1]");
            string identity = SearchOptions.Parse(new[] { "--out", dir }).Identity();
            Assert.True(SearchUnitFile.Publish(dir, unit, identity, new UnitOutcome(0.5, false, 1)));
            // A second training of the same unit, on a machine that rounded differently, does not replace it.
            Assert.False(SearchUnitFile.Publish(dir, unit, identity, new UnitOutcome(0.25, false, 2)));
            var entry = SearchUnitFile.Read(SearchUnitFile.PathFor(dir, unit));
            Assert.Equal(0.5, entry.Outcome.Score);
            Assert.Single(Directory.GetFiles(Path.Combine(dir, SearchUnitFile.Folder)));

            // A runner whose training finishes after another process published the unit goes on with the
            // published outcome, not its own.
            File.Delete(SearchUnitFile.PathFor(dir, unit));
            var runner = new SearchUnitRunner(new[] { dir }, identity, null, null, u =>
            {
                SearchUnitFile.Publish(dir, u, identity, new UnitOutcome(0.75, false, 3));   // the other process, first
                return new UnitOutcome(0.25, false, 2);
            }, TextWriter.Null);
            var outcomes = runner.Run(new[] { unit }, (u, o, source) => { });
            Assert.Equal(0.75, outcomes[0].Score);
            Assert.Equal(0.75, SearchUnitFile.Read(SearchUnitFile.PathFor(dir, unit)).Outcome.Score);
        }

        [Theory]
        [InlineData("--shard", "4/3")]
        [InlineData("--steal-after", "-1")]
        [InlineData("--steal-after", "1e20")]
        [InlineData("--claim-timeout", "0")]
        [InlineData("--threads", "0")]
        [InlineData("--claim-timeout", "5", "--steal-after", "5")]
        [InlineData("--batch", "0")]
        [InlineData("--budget", "3", "--budget", "4")]
        [InlineData("--out=")]
        [InlineData("--bugdet", "3")]
        [InlineData("--quick=yes")]
        public void BadSearchOptionsAreUsageErrors(params string[] bad)
        {
            var args = new[] { "search", "--out", Path.Combine(_dir, "x") }.Concat(bad).ToArray();
            var (exit, error) = ProgramRun.WithArguments(args);
            Assert.Equal(Program.ExitUsage, exit);
            Assert.StartsWith("error: ", error);
            Assert.DoesNotContain("   at ", error);
        }

        [Fact]
        public void SearchOptionsAreReadThroughTheCommandLineParser()
        {
            var o = SearchOptions.Parse(new[] { "--out", "d", "--batch=5", "--shard", "2/3", "--claim-timeout", "1.5", "--quick", "--budget", "9" });
            Assert.Equal(5, o.Batch);
            Assert.Equal("2/3", o.Shard.ToString());
            Assert.Equal(1.5, o.ClaimTimeoutSeconds);
            Assert.Equal(60, SearchOptions.Parse(new[] { "--out", "d" }).ClaimTimeoutSeconds);
            // --steal-after is the option's former name.
            Assert.Equal(30, SearchOptions.Parse(new[] { "--out", "d", "--steal-after", "30" }).ClaimTimeoutSeconds);
            Assert.Equal(1, o.Threads);
            Assert.Equal(2, SearchOptions.Parse(new[] { "--out", "d", "--threads", "2" }).Threads);
            Assert.Equal(9, o.Budget);
            Assert.Equal(3000, o.TrainSubset);
            // A value that looks like a command stays a value.
            Assert.Equal("merge", SearchOptions.Parse(new[] { "--out", "merge" }).OutputDirectory);
            // The identity leaves out where and how the search runs, and round-trips.
            var identity = o.Identity();
            Assert.DoesNotContain("shard", identity);
            using var doc = JsonDocument.Parse(identity);
            Assert.Equal(identity, SearchOptions.FromIdentity(doc.RootElement).Identity());
        }
    }
}
