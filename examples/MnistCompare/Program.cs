using System;
using System.IO;
using MnistCompare.Cli;
using MnistCompare.Data;
using MnistCompare.Reporting;
using MnistCompare.Search;
using MnistCompare.Sharding;
using MnistCompare.Training;
using TorchActivations;

namespace MnistCompare
{
    /// <summary>
    /// Entry point. Failures the user can fix (bad options, an activation that does not fit the network,
    /// missing or corrupt data, an unwritable output directory) end with one clear message and a non-zero
    /// exit code, never a stack trace; anything else ends with its message and exit code 1.
    /// </summary>
    public static class Program
    {
        public const int ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitData = 3;

        /// <summary>Image size of MNIST and Fashion-MNIST, used to try the activations on the network before the data is read.</summary>
        public const int ImageSize = 28;

        public static int Main(string[] args)
        {
            try
            {
                return Run(args);
            }
            catch (Exception e)
            {
                // A last resort: the phases below report what they expect; nothing may end in a stack trace.
                Console.Error.WriteLine("error: " + e.Message);
                return ExitFailure;
            }
        }

        private static int Run(string[] args)
        {
            var invocation = new CommandLineSyntax().Parse(args);
            if (invocation.IsSearch) return RunSearch(invocation.Search);
            return invocation.IsMerge ? RunMerge(invocation) : RunCompare(invocation.Compare);
        }

        /// <summary>search --out DIR [options]: searches for activation functions and writes the leaderboard.</summary>
        private static int RunSearch(ParsedOptions commandLine)
        {
            SearchOptions options;
            try
            {
                options = SearchOptions.Parse(commandLine);
            }
            catch (OptionsException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine("Run search --help for the options.");
                return ExitUsage;
            }
            if (options.ShowHelp)
            {
                Console.Out.Write(SearchOptions.Help);
                return ExitOk;
            }
            try
            {
                OutputDirectory.EnsureWritable(options.OutputDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write the results to {options.OutputDirectory}: {e.Message}");
                return ExitFailure;
            }
            // Every process of a search trains with the same number of libtorch threads, whatever the machine:
            // the scores depend on it.
            TorchSharp.torch.set_num_threads(options.Threads);
            // The data is loaded when the first training needs it: a shard that finds every training done by
            // others (it started late) only reads their results and the report.
            CandidateTrainer trainer = null;
            UnitOutcome Train(SearchUnit unit)
            {
                if (trainer == null)
                {
                    LoadedData data;
                    try
                    {
                        data = new DatasetLoader(Console.Out.WriteLine).Load(DatasetKind.Mnist, options.DataDirectory);
                    }
                    catch (Exception e) when (e is DataUnavailableException || e is IdxFormatException || e is IOException || e is UnauthorizedAccessException)
                    {
                        throw new DataLoadException(e.Message, e);
                    }
                    trainer = new CandidateTrainer(options, data);
                }
                return trainer.Train(unit);
            }
            try
            {
                var claims = options.Shard == null ? null
                    : new WorkClaims(options.OutputDirectory, TimeSpan.FromSeconds(options.ClaimTimeoutSeconds), $"shard {options.Shard}");
                var runner = new SearchUnitRunner(new[] { options.OutputDirectory }, options.Identity(), options.Shard, claims, Train, Console.Out);
                var result = new ActivationSearch(options, Console.Out).Run(runner);
                bool wrote = true;
                if (claims == null) SearchReport.Write(options.OutputDirectory, result);
                else wrote = SearchReport.WriteOnce(options.OutputDirectory, result, claims);
                string taken = runner.TakenOver > 0 ? $" ({runner.TakenOver} taken over)" : "";
                string waited = claims != null ? $"; waited {runner.Waited.TotalSeconds:F0} s for trainings of other processes" : "";
                Console.Out.WriteLine($"{runner.Trained} training{(runner.Trained == 1 ? "" : "s")} run here{taken}, {runner.Read} read from {Path.Combine(options.OutputDirectory, SearchUnitFile.Folder)}{waited}.");
                Console.Out.WriteLine(SearchReport.Verdict(result));
                foreach (var entry in result.Leaderboard)
                    Console.Out.WriteLine($"  {entry.Spec}");
                string report = Path.Combine(Path.GetFullPath(options.OutputDirectory), SearchReport.ReportFile);
                Console.Out.WriteLine(wrote ? $"Report: {report} ({result.Seconds:F0} s)" : $"Report: {report}, written by another process ({result.Seconds:F0} s)");
                return ExitOk;
            }
            catch (DataLoadException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitData;
            }
            catch (ShardMismatchException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitUsage;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write the results to {options.OutputDirectory}: {e.Message}");
                return ExitFailure;
            }
            finally
            {
                trainer?.Dispose();
            }
        }

        /// <summary>The search's data could not be loaded (the message says why).</summary>
        private sealed class DataLoadException : Exception
        {
            public DataLoadException(string message, Exception inner) : base(message, inner) { }
        }

        /// <summary>merge --out DIR SHARD_DIR...: the report of the whole comparison from its shards' results.</summary>
        private static int RunMerge(CommandLineSyntax.Invocation invocation)
        {
            if (invocation.HelpRequested)
                return invocation.ShowHelp();
            if (invocation.Errors.Count > 0)
            {
                foreach (string message in invocation.Errors)
                    Console.Error.WriteLine("error: merge: " + message);
                Console.Error.WriteLine("Usage: merge --out DIR SHARD_DIR... (see merge --help)");
                return ExitUsage;
            }
            if (invocation.MergeOutput.Trim().Length == 0)
            {
                Console.Error.WriteLine("error: merge: --out needs a value, got an empty one");
                return ExitUsage;
            }

            var directories = invocation.ShardDirectories;
            bool search;
            try
            {
                search = SearchMerger.HoldsSearchResults(directories);
            }
            catch (Exception e) when (e is ShardMismatchException || e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: merge: " + e.Message);
                return ExitData;
            }
            string plural = directories.Count == 1 ? "directory" : "directories";
            if (search)
                return Merge(invocation.MergeOutput, () => SearchMerger.Merge(directories), SearchReport.Write, merged =>
                {
                    Console.Out.WriteLine($"Merged the search's {merged.Trainings} trainings from {directories.Count} {plural}.");
                    Console.Out.WriteLine(SearchReport.Verdict(merged));
                    Console.Out.WriteLine($"Report: {Path.Combine(Path.GetFullPath(invocation.MergeOutput), SearchReport.ReportFile)}");
                });
            return Merge(invocation.MergeOutput, () => ShardMerger.Merge(directories), ResultsWriter.Write, merged =>
            {
                var summaries = ActivationSummary.Summarise(merged.Runs, merged.Config.TargetAccuracy);
                Console.Out.WriteLine($"Merged {merged.Runs.Count} runs from {directories.Count} shard {plural}.");
                Console.Out.Write(new SummaryTable(summaries, merged.Config.TargetAccuracy, showLearningRate: merged.Config.LearningRateSweep).ToText());
                Console.Out.WriteLine($"Report: {Path.Combine(Path.GetFullPath(invocation.MergeOutput), ResultsWriter.ReportFile)}");
            });
        }

        /// <summary>merge's steps for either kind of results: combine (exit 3 on mismatched inputs), write (exit 1), report.</summary>
        private static int Merge<T>(string output, Func<T> combine, Action<string, T> write, Action<T> report)
        {
            T merged;
            try
            {
                merged = combine();
            }
            catch (Exception e) when (e is ShardMismatchException || e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: merge: " + e.Message);
                return ExitData;
            }
            try
            {
                write(output, merged);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write the results to {output}: {e.Message}");
                return ExitFailure;
            }
            report(merged);
            return ExitOk;
        }

        private static int RunCompare(ParsedOptions commandLine)
        {
            ComparisonOptions options;
            try
            {
                options = new OptionParser(CheckActivationSpec).Parse(commandLine);
                if (options.ShowHelp)
                {
                    Console.Out.Write(HelpText.Build());
                    return ExitOk;
                }
                CheckActivationsFitTheModel(options);
            }
            catch (OptionsException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine("Run with --help for the options.");
                return ExitUsage;
            }

            // Fail before minutes of training, not after the first run, when the results cannot be written.
            try
            {
                OutputDirectory.EnsureWritable(options.OutputDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return CannotWrite(options, e);
            }

            LoadedData data;
            try
            {
                data = new DatasetLoader(Console.Out.WriteLine).Load(options.Dataset, options.DataDirectory);
            }
            catch (Exception e) when (e is DataUnavailableException || e is IdxFormatException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitData;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                string directory = Path.GetFullPath(options.DataDirectory ?? DatasetLoader.DefaultDirectory(options.Dataset));
                Console.Error.WriteLine($"error: cannot load the data from {directory}: {e.Message}");
                return ExitData;
            }

            try
            {
                new Experiment(options, Console.Out, interactive: !Console.IsOutputRedirected).Run(data);
                return ExitOk;
            }
            catch (ShardMismatchException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitUsage;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return CannotWrite(options, e);
            }
        }

        private static int CannotWrite(ComparisonOptions options, Exception e)
        {
            Console.Error.WriteLine($"error: cannot write the results to {options.OutputDirectory}: {e.Message}");
            return ExitFailure;
        }

        /// <summary>Builds the activation once so that unknown names, keys and out-of-range values are reported up front.</summary>
        private static string CheckActivationSpec(string spec)
        {
            try
            {
                ActivationRegistry.Create(spec).Dispose();
                return null;
            }
            catch (ArgumentException e)
            {
                // The registry's messages are written for users; drop .NET's "(Parameter 'spec')" suffix.
                return e.ParamName == null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            }
        }

        /// <summary>
        /// Tries every activation in the network it will be trained in (a forward and backward on a dummy
        /// batch), so that a spec the registry accepts but the network cannot use is a usage error now,
        /// not a failure after the data has been loaded.
        /// </summary>
        private static void CheckActivationsFitTheModel(ComparisonOptions options)
        {
            var baseline = Architecture.Create(options.Model, options.Hidden, ImageSize, ImageSize, DatasetLoader.ClassCount);
            foreach (string spec in options.Activations)
            {
                string problem = ModelBuilder.CheckFits(spec, baseline);
                if (problem != null)
                    throw new OptionsException($"--activations: '{spec}': {problem}");
            }
        }
    }
}
