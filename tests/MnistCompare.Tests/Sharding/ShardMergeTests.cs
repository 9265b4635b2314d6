using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MnistCompare.Sharding;
using Xunit;

namespace MnistCompare.Tests.Sharding
{
    /// <summary>
    /// Shards run as separate processes, their merge, resuming an interrupted shard, and merge refusing
    /// shard results that do not form one complete comparison.
    /// </summary>
    public sealed class ShardMergeTests : IClassFixture<ShardedRunFixture>, IDisposable
    {
        private readonly ShardedRunFixture _runs;
        private readonly string _dir = Directory.CreateTempSubdirectory("mnist-merge-").FullName;

        public ShardMergeTests(ShardedRunFixture runs) => _runs = runs;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static (int Exit, string Error) Run(params string[] args) => ProgramRun.WithArguments(args);

        private static string[] Merge(string output, params string[] shards) => new[] { "merge", "--out", output }.Concat(shards).ToArray();

        [Fact]
        public void EachShardWritesOnlyItsRunsAndOneFilePerRun()
        {
            for (int i = 1; i <= ShardedRunFixture.ShardCount; i++)
            {
                var units = Directory.GetFiles(Path.Combine(_runs.ShardDirectory(i), UnitFile.Folder)).Select(Path.GetFileName).OrderBy(n => n).ToList();
                var expected = Enumerable.Range(0, ShardedRunFixture.UnitCount).Where(k => k % ShardedRunFixture.ShardCount + 1 == i).ToList();
                Assert.Equal(expected.Select(k => k.ToString("D4")), units.Select(n => n.Substring(0, 4)));
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs.ShardDirectory(i), "metrics.json")));
                Assert.Equal(expected.Count, doc.RootElement.GetProperty("runs").GetArrayLength());
                Assert.Equal($"{i}/{ShardedRunFixture.ShardCount}", doc.RootElement.GetProperty("config").GetProperty("shard").GetString());
            }
            Assert.False(Directory.Exists(Path.Combine(_runs.Single, UnitFile.Folder)));
        }

        [Fact]
        public void MergedShardsGiveTheSingleProcessReport()
        {
            string merged = Path.Combine(_dir, "merged");
            var (exit, error) = Run(Merge(merged, _runs.ShardDirectories.Reverse().ToArray()));
            Assert.True(exit == 0, error);
            ShardedRunFixture.AssertSameReport(_runs.Single, merged);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(merged, "metrics.json")));
            Assert.False(doc.RootElement.GetProperty("config").TryGetProperty("shard", out _));
            Assert.Equal(ShardedRunFixture.UnitCount, doc.RootElement.GetProperty("runs").GetArrayLength());
        }

        [Fact]
        public void ExplicitCompareCommandIsTheDefaultCommand()
        {
            string output = Path.Combine(_dir, "compare");
            ShardedRunFixture.Finish(ShardedRunFixture.Start(new[] { "compare" }.Concat(ShardedRunFixture.Options).Concat(new[] { "--shard", "2/3", "--out", output })));
            Assert.Equal(ShardedRunFixture.MetricsWithoutTiming(_runs.ShardDirectory(2)), ShardedRunFixture.MetricsWithoutTiming(output));
        }

        [Fact]
        public void RerunOfAnInterruptedShardSkipsCompletedRunsAndFinishesTheRest()
        {
            // Shard 1 holds units 0, 3 and 6. Simulate a kill: unit 3's file never got its final name
            // (only a temporary file is left), unit 6's file is cut short; unit 0 is complete.
            string shard = Path.Combine(_dir, "shard1");
            ShardedRunFixture.Copy(_runs.ShardDirectory(1), shard);
            string runs = Path.Combine(shard, UnitFile.Folder);
            string[] files = Directory.GetFiles(runs).OrderBy(f => f).ToArray();
            Assert.Equal(3, files.Length);
            string complete = File.ReadAllText(files[0]);
            var completeTime = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(files[0], completeTime);
            File.Move(files[1], Path.Combine(runs, "." + Path.GetFileName(files[1]) + ".tmp-0123456789abcdef"));
            File.WriteAllText(files[2], File.ReadAllText(files[2]).Substring(0, 300));
            File.Delete(Path.Combine(shard, "metrics.json"));

            string output = ShardedRunFixture.Finish(ShardedRunFixture.Start(
                ShardedRunFixture.Options.Concat(new[] { "--shard", "1/3", "--out", shard })));

            Assert.Contains("already done", output);
            Assert.Equal(1, output.Split("already done").Length - 1);
            Assert.Contains("running it again", output);
            Assert.Equal(complete, File.ReadAllText(files[0]));
            Assert.Equal(completeTime, File.GetLastWriteTimeUtc(files[0]));
            Assert.Equal(files.Select(Path.GetFileName), Directory.GetFiles(runs).OrderBy(f => f).Select(Path.GetFileName));
            Assert.Equal(ShardedRunFixture.MetricsWithoutTiming(_runs.ShardDirectory(1)), ShardedRunFixture.MetricsWithoutTiming(shard));

            string merged = Path.Combine(_dir, "merged");
            var (exit, error) = Run(Merge(merged, shard, _runs.ShardDirectory(2), _runs.ShardDirectory(3)));
            Assert.True(exit == 0, error);
            ShardedRunFixture.AssertSameReport(_runs.Single, merged);
        }

        [Fact]
        public void ShardRefusesAnOutputDirectoryOfAnotherConfiguration()
        {
            string shard = Path.Combine(_dir, "shard2");
            ShardedRunFixture.Copy(_runs.ShardDirectory(2), shard);
            var args = ShardedRunFixture.Options.Select(a => a == "50" ? "60" : a).Concat(new[] { "--shard", "2/3", "--out", shard }).ToArray();
            var (exit, error) = Run(args);
            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("different configuration", error);
        }

        [Fact]
        public void MergeRefusesMissingShards()
        {
            var (exit, error) = Run(Merge(Path.Combine(_dir, "m"), _runs.ShardDirectory(1), _runs.ShardDirectory(3)));
            Assert.Equal(Program.ExitData, exit);
            Assert.Contains("3 of the comparison's 8 runs are missing", error);
            Assert.Contains("0001-relu-seed2-lr0.01", error);
            Assert.False(File.Exists(Path.Combine(_dir, "m", "metrics.json")));
        }

        [Fact]
        public void MergeRefusesDuplicateRuns()
        {
            string copy = Path.Combine(_dir, "copy-of-shard2");
            ShardedRunFixture.Copy(_runs.ShardDirectory(2), copy);
            var (exit, error) = Run(Merge(Path.Combine(_dir, "m"), _runs.ShardDirectory(1), _runs.ShardDirectory(2), _runs.ShardDirectory(3), copy));
            Assert.Equal(Program.ExitData, exit);
            Assert.Contains("is in two shard results", error);
        }

        [Fact]
        public void MergeRefusesShardsOfDifferentConfigurations()
        {
            string other = Path.Combine(_dir, "other-shard3");
            ShardedRunFixture.Copy(_runs.ShardDirectory(3), other);
            foreach (string file in Directory.GetFiles(Path.Combine(other, UnitFile.Folder)))
                File.WriteAllText(file, File.ReadAllText(file).Replace("\"batch_size\": 50", "\"batch_size\": 60"));
            var (exit, error) = Run(Merge(Path.Combine(_dir, "m"), _runs.ShardDirectory(1), _runs.ShardDirectory(2), other));
            Assert.Equal(Program.ExitData, exit);
            Assert.Contains("different configurations (batch_size: 50 vs 60)", error);
        }

        [Fact]
        public void MergeRefusesAnIncompleteUnitFile()
        {
            string cut = Path.Combine(_dir, "cut-shard2");
            ShardedRunFixture.Copy(_runs.ShardDirectory(2), cut);
            string file = Directory.GetFiles(Path.Combine(cut, UnitFile.Folder)).First();
            File.WriteAllText(file, File.ReadAllText(file).Substring(0, 200));
            var (exit, error) = Run(Merge(Path.Combine(_dir, "m"), _runs.ShardDirectory(1), cut, _runs.ShardDirectory(3)));
            Assert.Equal(Program.ExitData, exit);
            Assert.Contains("is not a complete unit result", error);
        }

        [Theory]
        [InlineData("merge")]
        [InlineData("merge", "some-dir")]
        [InlineData("merge", "--out", "x")]
        [InlineData("merge", "--out=", "x")]
        public void MergeUsageErrorsExitWith2(params string[] args)
        {
            var (exit, error) = Run(args);
            Assert.Equal(Program.ExitUsage, exit);
            Assert.StartsWith("error: ", error);
        }

        [Fact]
        public void MergeRefusesADirectoryWithoutShardResults()
        {
            var (exit, error) = Run(Merge(Path.Combine(_dir, "m"), _runs.Single));
            Assert.Equal(Program.ExitData, exit);
            Assert.Contains("holds no shard results", error);
        }
    }
}
