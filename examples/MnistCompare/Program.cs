using System;
using System.IO;
using MnistCompare.Cli;
using MnistCompare.Data;
using MnistCompare.Reporting;
using MnistCompare.Training;
using TorchActivations;

namespace MnistCompare
{
    /// <summary>
    /// Entry point. Failures the user can fix (bad options, missing or corrupt data, an unwritable
    /// output directory) end with one clear message and a non-zero exit code, never a stack trace.
    /// </summary>
    public static class Program
    {
        public const int ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitData = 3;

        public static int Main(string[] args)
        {
            ComparisonOptions options;
            try
            {
                options = new OptionParser(CheckActivationSpec).Parse(args);
            }
            catch (OptionsException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine("Run with --help for the options.");
                return ExitUsage;
            }
            if (options.ShowHelp)
            {
                Console.Out.Write(HelpText.Build());
                return ExitOk;
            }

            try
            {
                // Fail before minutes of training, not after the first run, when the results cannot be written.
                OutputDirectory.EnsureWritable(options.OutputDirectory);
                var data = new DatasetLoader(Console.Out.WriteLine).Load(options.Dataset, options.DataDirectory);
                new Experiment(options, Console.Out, interactive: !Console.IsOutputRedirected).Run(data);
                return ExitOk;
            }
            catch (Exception e) when (e is DataUnavailableException || e is IdxFormatException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitData;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write the results to {options.OutputDirectory}: {e.Message}");
                return ExitFailure;
            }
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
    }
}
