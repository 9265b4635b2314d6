using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MnistCompare.Search;
using MnistCompare.Sharding;
using Xunit;

namespace MnistCompare.Tests.Sharding
{
    /// <summary>
    /// Claims on shared work (<see cref="WorkClaims"/>) and the search's unit runner built on them, with
    /// stand-in trainings: one claimant wins, live claims are respected, stale ones are taken over, a lone
    /// shard never waits and a late one finds less left to do.
    /// </summary>
    public sealed class WorkClaimsTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("mnist-claims-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string ClaimsFolder => Path.Combine(_dir, WorkClaims.Folder);

        private WorkClaims Claims(string label, double timeoutSeconds = 60) => new WorkClaims(_dir, TimeSpan.FromSeconds(timeoutSeconds), label);

        /// <summary>A claim file as another process, on another machine, would have left it (and then stopped beating).</summary>
        private void ForeignClaim(string name, int generation = 1, string host = "elsewhere", int pid = 4242, string started = "1")
        {
            Directory.CreateDirectory(ClaimsFolder);
            string boot = File.Exists("/proc/sys/kernel/random/boot_id") ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "";
            File.WriteAllText(Path.Combine(ClaimsFolder, $"{name}.claim{generation}"),
                $"owner shard 9/9\nhost {host}\nboot {boot}\npid {pid}\nstarted {started}\nbeat 0 at 2000-01-01T00:00:00.000Z\n");
        }

        [Fact]
        public void OfManyClaimantsExactlyOneWins()
        {
            for (int round = 0; round < 20; round++)
            {
                var claimants = Enumerable.Range(0, 6).Select(i => Claims($"claimant {i}")).ToList();
                using var start = new Barrier(claimants.Count);
                var won = OnThreads(claimants, c =>
                {
                    start.SignalAndWait();
                    return c.TryClaim($"unit{round}");
                });
                Assert.Single(won.Where(c => c != null));
                foreach (var c in won) c?.Dispose();
                Assert.Empty(Directory.GetFiles(ClaimsFolder, $"unit{round}.*"));
            }
        }

        [Fact]
        public void ALiveClaimIsRespectedAndItsFileGoesWithIt()
        {
            var owner = Claims("owner", timeoutSeconds: 1);
            var other = Claims("other", timeoutSeconds: 1);
            using (var claim = owner.TryClaim("u"))
            {
                Assert.NotNull(claim);
                Assert.Null(claim.TakenOverFrom);
                // Its heartbeat keeps it live well past the timeout.
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(2.5))
                {
                    Assert.Null(other.TryClaim("u"));
                    Thread.Sleep(50);
                }
                Assert.Contains("owner owner", File.ReadAllText(claim.Path));
            }
            Assert.Empty(Directory.GetFiles(ClaimsFolder));
            using var again = other.TryClaim("u");
            Assert.NotNull(again);
        }

        [Fact]
        public void AClaimWithoutHeartbeatIsTakenOverByOneProcessAfterTheTimeout()
        {
            ForeignClaim("u");
            var a = Claims("a", timeoutSeconds: 0.5);
            var b = Claims("b", timeoutSeconds: 0.5);
            Assert.Null(a.TryClaim("u"));   // first seen now: live until it stays the same for the timeout
            Assert.Null(b.TryClaim("u"));
            Thread.Sleep(700);
            var first = a.TryClaim("u");
            var second = b.TryClaim("u");
            Assert.NotNull(first);
            Assert.Null(second);   // a's new claim is live
            Assert.StartsWith("shard 9/9: no heartbeat for", first.TakenOverFrom);
            // The stale generation is gone; the new one is the only claim.
            Assert.Equal(new[] { "u.claim2" }, Directory.GetFiles(ClaimsFolder).Select(Path.GetFileName));
            first.Dispose();
            Assert.Empty(Directory.GetFiles(ClaimsFolder));
        }

        [Fact]
        public void AClaimOfAnExitedProcessOnThisMachineIsTakenOverAtOnce()
        {
            using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false });
            exited.WaitForExit();
            ForeignClaim("u", host: Environment.MachineName, pid: exited.Id);
            using var claim = Claims("rerun").TryClaim("u");
            Assert.NotNull(claim);
            Assert.Equal("shard 9/9: its process has exited", claim.TakenOverFrom);

            // A claim of a running process on this machine is not.
            string stat = File.ReadAllText("/proc/self/stat");
            string startedAt = stat.Substring(stat.LastIndexOf(')') + 1).Split(' ', StringSplitOptions.RemoveEmptyEntries)[19];
            ForeignClaim("v", host: Environment.MachineName, pid: Environment.ProcessId, started: startedAt);
            Assert.Null(Claims("other").TryClaim("v"));
            // Nor is one whose process id now belongs to a process started at another time.
            ForeignClaim("w", host: Environment.MachineName, pid: Environment.ProcessId, started: "1");
            using var reused = Claims("other").TryClaim("w");
            Assert.Equal("shard 9/9: its process has exited", reused.TakenOverFrom);
        }

        /// <summary>f of each item, each on a thread of its own, all at once.</summary>
        private static List<TResult> OnThreads<T, TResult>(IReadOnlyList<T> items, Func<T, TResult> f)
        {
            var results = new TResult[items.Count];
            var errors = new Exception[items.Count];
            var threads = items.Select((item, i) => new Thread(() =>
            {
                try
                {
                    results[i] = f(item);
                }
                catch (Exception e)
                {
                    errors[i] = e;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var error = errors.FirstOrDefault(e => e != null);
            if (error != null) throw new AggregateException(error);
            return results.ToList();
        }

        // --- The search's unit runner on claims, with trainings that only record themselves. ---

        private static readonly string Identity = SearchOptions.Parse(new[] { "--out", "x" }).Identity();

        private static List<SearchUnit> Units(int count) =>
            Enumerable.Range(0, count).Select(i => new SearchUnit(i, "rung0", "relu", i, 1, ScoreSplit.Validation, $"[{i + 1}/{count}]")).ToList();

        private SearchUnitRunner Runner(ShardSpec shard, WorkClaims claims, List<int> trained, TimeSpan? trainingTime = null) =>
            new SearchUnitRunner(new[] { _dir }, Identity, shard, claims, unit =>
            {
                lock (trained) trained.Add(unit.Index);
                if (trainingTime.HasValue) Thread.Sleep(trainingTime.Value);
                return new UnitOutcome(0.5 + unit.Index / 100.0, false, 0.01);
            }, TextWriter.Null);

        [Fact]
        public void ALoneShardTrainsEveryUnitWithoutWaiting()
        {
            var trained = new List<int>();
            var runner = Runner(new ShardSpec(2, 3), Claims("shard 2/3"), trained);
            var outcomes = runner.Run(Units(6), (u, o, s) => { });
            // It starts a third of the way into the round and goes round.
            Assert.Equal(new[] { 2, 3, 4, 5, 0, 1 }, trained);
            Assert.Equal(Enumerable.Range(0, 6).Select(i => 0.5 + i / 100.0), outcomes.Select(o => o.Score));
            Assert.Equal((6, 0, 0), (runner.Trained, runner.Read, runner.TakenOver));
            Assert.Equal(TimeSpan.Zero, runner.Waited);
            Assert.Empty(Directory.GetFiles(ClaimsFolder));
        }

        [Fact]
        public void AShardThatStartsLateFindsLessToDoAndWaitsForUnitsInProgress()
        {
            var units = Units(6);
            // Another shard has published units 0 to 3 and is training unit 5.
            for (int i = 0; i < 4; i++) SearchUnitFile.Publish(_dir, units[i], Identity, new UnitOutcome(0.9, false, 1));
            var early = Claims("shard 1/2");
            var inProgress = early.TryClaim(units[5].Id);
            var finish = Task.Run(() =>
            {
                Thread.Sleep(600);
                SearchUnitFile.Publish(_dir, units[5], Identity, new UnitOutcome(0.8, false, 1));
                inProgress.Dispose();
            });
            var trained = new List<int>();
            var runner = Runner(new ShardSpec(2, 2), Claims("shard 2/2"), trained);
            var sources = new Dictionary<int, string>();
            var outcomes = runner.Run(units, (u, o, s) => sources[u.Index] = s);
            finish.Wait();
            Assert.Equal(new[] { 4 }, trained);
            Assert.Equal(new[] { 0.9, 0.9, 0.9, 0.9, 0.54, 0.8 }, outcomes.Select(o => o.Score));
            Assert.Equal((1, 5), (runner.Trained, runner.Read));
            Assert.Equal("trained by another process", sources[5]);
            Assert.True(runner.Waited > TimeSpan.Zero);
        }

        [Fact]
        public void ShardsRunningTogetherSplitTheUnitsAndTrainEachOnce()
        {
            var units = Units(12);
            var trained = new List<int>[3];
            var runners = Enumerable.Range(1, 3).Select(i =>
            {
                trained[i - 1] = new List<int>();
                return Runner(new ShardSpec(i, 3), Claims($"shard {i}/3"), trained[i - 1], TimeSpan.FromMilliseconds(100));
            }).ToList();
            var results = OnThreads(runners, r => r.Run(units, (u, o, s) => { }));
            Assert.Equal(Enumerable.Range(0, 12), trained.SelectMany(t => t).OrderBy(i => i));
            Assert.All(trained, t => Assert.NotEmpty(t));
            Assert.All(results, r => Assert.Equal(results[0].Select(o => o.Score), r.Select(o => o.Score)));
        }

        [Fact]
        public void AStaleClaimOnAUnitIsTakenOverAndTrained()
        {
            var units = Units(3);
            ForeignClaim(units[1].Id);
            var trained = new List<int>();
            var log = new StringWriter();
            var runner = new SearchUnitRunner(new[] { _dir }, Identity, new ShardSpec(1, 2), Claims("shard 1/2", timeoutSeconds: 0.5), unit =>
            {
                trained.Add(unit.Index);
                return new UnitOutcome(0.5, false, 0.01);
            }, log);
            runner.Run(units, (u, o, s) => { });
            Assert.Equal(new[] { 0, 2, 1 }, trained);
            Assert.Equal(1, runner.TakenOver);
            Assert.Contains($"Taking over {units[1].Id}, whose claim was stale (shard 9/9: no heartbeat for", log.ToString());
            Assert.InRange(runner.Waited.TotalSeconds, 0.4, 5);
        }
    }
}
