using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MnistCompare.Data;
using Xunit;

namespace MnistCompare.Tests.Sharding
{
    /// <summary>
    /// One small comparison (4 activations x 2 seeds, 1 epoch on 600 images) run once as a single process
    /// and once as 3 shards, each a separate process (dotnet MnistCompare.dll --shard I/3), as a job
    /// array would run them. The tests share these results and copy them where they change them.
    /// </summary>
    public sealed class ShardedRunFixture : IDisposable
    {
        public static readonly string[] Options =
        {
            "--activations", "relu;rrelu:lower=0.1,upper=0.3;maxout:pieces=2;tanh", "--seeds", "1,2",
            "--train-subset", "600", "--test-subset", "200", "--epochs", "1", "--batch-size", "50",
        };

        public const int ShardCount = 3;
        public const int UnitCount = 8;

        public string Root { get; } = Directory.CreateTempSubdirectory("mnist-shards-").FullName;
        public string Single => Path.Combine(Root, "single");
        public string ShardDirectory(int index) => Path.Combine(Root, $"shard{index}");
        public IReadOnlyList<string> ShardDirectories => Enumerable.Range(1, ShardCount).Select(ShardDirectory).ToList();

        public ShardedRunFixture()
        {
            new MnistFetcher(null).EnsureAvailable(MnistFetcher.DefaultCacheDirectory());
            var processes = Enumerable.Range(1, ShardCount)
                .Select(i => Start(Options.Concat(new[] { "--shard", $"{i}/{ShardCount}", "--out", ShardDirectory(i) })))
                .Append(Start(Options.Concat(new[] { "--out", Single })))
                .ToList();
            foreach (var p in processes) Finish(p);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);

        /// <summary>The example program as a separate process; its output is collected.</summary>
        public static RunningProgram Start(IEnumerable<string> args)
        {
            string dll = typeof(Program).Assembly.Location;
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(dll);
            foreach (string a in args) info.ArgumentList.Add(a);
            var process = Process.Start(info);
            var running = new RunningProgram { Process = process, Arguments = string.Join(" ", args) };
            running.Output = process.StandardOutput.ReadToEndAsync();
            running.Error = process.StandardError.ReadToEndAsync();
            return running;
        }

        public sealed class RunningProgram
        {
            public Process Process { get; set; }
            public string Arguments { get; set; }
            public System.Threading.Tasks.Task<string> Output { get; set; }
            public System.Threading.Tasks.Task<string> Error { get; set; }
        }

        /// <summary>Waits for the program and asserts that it succeeded; returns its standard output.</summary>
        public static string Finish(RunningProgram p)
        {
            Assert.True(p.Process.WaitForExit(120_000), "the program did not finish in 2 minutes: " + p.Arguments);
            string output = p.Output.Result, error = p.Error.Result;
            Assert.True(p.Process.ExitCode == 0, $"exit {p.Process.ExitCode} for {p.Arguments}\n{output}\n{error}");
            return output;
        }

        // --- Comparing results directories; only timing fields may differ. ---

        private static readonly HashSet<string> TimingFields = new HashSet<string> { "seconds", "elapsed_seconds", "started_utc" };

        /// <summary>metrics.json without its timing fields (epoch seconds, wall time, start time).</summary>
        public static string MetricsWithoutTiming(string directory)
        {
            var node = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "metrics.json")));
            RemoveTiming(node);
            return node.ToJsonString();
        }

        private static void RemoveTiming(JsonNode node)
        {
            if (node is JsonObject o)
            {
                foreach (string name in o.Select(p => p.Key).Where(TimingFields.Contains).ToList()) o.Remove(name);
                foreach (var p in o) RemoveTiming(p.Value);
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a) RemoveTiming(item);
            }
        }

        /// <summary>metrics.csv without its seconds column.</summary>
        public static string CsvWithoutTiming(string directory)
        {
            var lines = File.ReadAllLines(Path.Combine(directory, "metrics.csv"));
            int column = Array.IndexOf(lines[0].Split(','), "seconds");
            Assert.True(column > 0);
            // Specs containing ',' are quoted, so count columns from the end.
            int fromEnd = lines[0].Split(',').Length - column;
            return string.Join("\n", lines.Select(l =>
            {
                var cells = l.Split(',').ToList();
                cells.RemoveAt(cells.Count - fromEnd);
                return string.Join(",", cells);
            }));
        }

        /// <summary>report.md with the wall time, start time and seconds-per-epoch cells masked.</summary>
        public static string ReportWithoutTiming(string directory)
        {
            string report = File.ReadAllText(Path.Combine(directory, "report.md"));
            report = Regex.Replace(report, @"total wall time [0-9]+ s; started [^.\n]*", "total wall time T s; started T");
            var lines = report.Split('\n').ToList();
            bool inTimedTable = false;
            for (int i = 0; i < lines.Count; i++)
            {
                if (!lines[i].StartsWith("|")) { inTimedTable = false; continue; }
                if (lines[i].Contains("s/epoch")) inTimedTable = true;
                if (inTimedTable)
                    lines[i] = Regex.Replace(lines[i], @"\| [^|]* \|$", "| T |");
            }
            return string.Join("\n", lines);
        }

        /// <summary>Asserts that two results directories hold the same report, apart from timing.</summary>
        public static void AssertSameReport(string expected, string actual)
        {
            Assert.Equal(MetricsWithoutTiming(expected), MetricsWithoutTiming(actual));
            Assert.Equal(CsvWithoutTiming(expected), CsvWithoutTiming(actual));
            Assert.Equal(ReportWithoutTiming(expected), ReportWithoutTiming(actual));
            var plots = Directory.GetFiles(expected, "*.svg").Select(Path.GetFileName).OrderBy(n => n).ToList();
            Assert.NotEmpty(plots);
            Assert.Equal(plots, Directory.GetFiles(actual, "*.svg").Select(Path.GetFileName).OrderBy(n => n));
            foreach (string plot in plots)
                Assert.True(File.ReadAllText(Path.Combine(expected, plot)) == File.ReadAllText(Path.Combine(actual, plot)), plot + " differs");
        }

        /// <summary>Copies a results directory (with its runs/ folder).</summary>
        public static void Copy(string from, string to)
        {
            foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(dir.Replace(from, to));
            Directory.CreateDirectory(to);
            foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
                File.Copy(file, file.Replace(from, to));
        }
    }
}
