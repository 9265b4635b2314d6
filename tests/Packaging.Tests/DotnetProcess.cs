using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace Packaging.Tests
{
    /// <summary>Runs the <c>dotnet</c> CLI in a clean environment with a time limit, keeping its output.</summary>
    internal static class DotnetProcess
    {
        public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

        public static Result Run(string workingDirectory, TimeSpan timeout, IDictionary<string, string> environment, params string[] arguments)
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            var start = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);

            // The test host inherits MSBuild's settings from the `dotnet test` that started it; they would point
            // the consumer's build at this repository's MSBuild session. Drop them.
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                var name = (string)variable.Key;
                if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase))
                    start.Environment.Remove(name);
            }
            // No build servers or reused nodes outliving the command (they would hold its output open).
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["UseSharedCompilation"] = "false";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            foreach (var (name, value) in environment) start.Environment[name] = value;

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit(10_000);
                Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(10));
                Assert.Fail($"`dotnet {string.Join(' ', arguments)}` in {workingDirectory} did not finish within {timeout.TotalSeconds:0} s. Output so far:\n"
                    + Completed(stdout) + Completed(stderr));
            }
            Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(30));
            return new Result(process.ExitCode, Completed(stdout) + Completed(stderr), clock.Elapsed);
        }

        private static string Completed(Task<string> text) => text.IsCompletedSuccessfully ? text.Result : "";
    }
}
