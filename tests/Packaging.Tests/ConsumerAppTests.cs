using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Packaging.Tests
{
    /// <summary>
    /// Installs the packed TorchActivations into a fresh console app, the way a user would, and trains a model.
    /// </summary>
    /// <remarks>
    /// Everything happens in a temporary folder outside the repository: a local feed holding the package and a
    /// stand-in TorchSharp 0.106.0 (<see cref="StandInTorchSharp"/>), the app with a nuget.config that takes
    /// TorchActivations and TorchSharp only from that feed (everything else from nuget.org), and a private
    /// global packages folder, so neither package reaches the user's NuGet cache. The folder is deleted
    /// afterwards. The app is RID-less: the native layer in the stand-in's runtimes/linux-x64/native is copied
    /// to the app's output and found there by the runtime, with libtorch from the system.
    /// </remarks>
    public class ConsumerAppTests
    {
        private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

        private readonly ITestOutputHelper log;

        public ConsumerAppTests(ITestOutputHelper log) => this.log = log;

        [Fact]
        public void FreshAppInstallsThePackageAndTrainsAModel()
        {
            var repoRoot = PackageFile.RepoRoot;
            var package = PackageFile.Newest();
            var standIn = StandInTorchSharp.FromThisMachine(repoRoot);
            log.WriteLine($"package: {package.Path} (version {package.Version})");
            log.WriteLine($"TorchSharp stand-in: {standIn.Description}");

            var work = Path.Combine(Path.GetTempPath(), "torchactivations-consumer-" + Guid.NewGuid().ToString("N"));
            Assert.False(IsUnder(work, repoRoot), $"the temporary folder {work} must be outside the repository {repoRoot}");
            try
            {
                var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
                var packages = Path.Combine(work, "packages");
                var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
                File.Copy(package.Path, Path.Combine(feed, Path.GetFileName(package.Path)));
                standIn.WriteTo(feed);
                WriteApp(app, feed, packages, package.Version);

                var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
                var restore = Step(app, "restore", RestoreTimeout, environment, "restore");
                var build = Step(app, "build", BuildTimeout, environment, "build", "--no-restore", "-c", "Release");
                var run = Step(app, "run", RunTimeout, environment, "run", "--no-build", "-c", "Release");
                log.WriteLine($"restore {restore.TotalSeconds:0.0} s, build {build.TotalSeconds:0.0} s, run {run.TotalSeconds:0.0} s");

                // The package and the stand-in came from the local feed into the private packages folder.
                Assert.True(Directory.Exists(Path.Combine(packages, "torchactivations", package.Version)), "TorchActivations was not restored into the private packages folder");
                Assert.True(Directory.Exists(Path.Combine(packages, "torchsharp", StandInTorchSharp.Version)), "TorchSharp was not restored into the private packages folder");
            }
            finally
            {
                try { Directory.Delete(work, recursive: true); }
                catch (Exception e) { log.WriteLine($"could not delete {work}: {e.Message}"); }
            }
        }

        private TimeSpan Step(string app, string name, TimeSpan timeout, IDictionary<string, string> environment, params string[] arguments)
        {
            var result = DotnetProcess.Run(app, timeout, environment, arguments);
            log.WriteLine($"--- dotnet {string.Join(' ', arguments)} (exit {result.ExitCode}, {result.Elapsed.TotalSeconds:0.0} s)");
            log.WriteLine(result.Output);
            Assert.True(result.ExitCode == 0, $"`dotnet {string.Join(' ', arguments)}` of the consumer app failed with exit code {result.ExitCode}:\n{result.Output}");
            if (name == "run") CheckTraining(result.Output, app);
            return result.Elapsed;
        }

        private static void CheckTraining(string output, string app)
        {
            double Value(string key)
            {
                var match = Regex.Match(output, "^" + key + "=(\\S+)$", RegexOptions.Multiline);
                Assert.True(match.Success, $"the consumer app printed no {key}. Output:\n{output}");
                return double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            var initial = Value("initial_loss");
            var final = Value("final_loss");
            Assert.True(double.IsFinite(initial) && double.IsFinite(final), $"the loss is not finite. Output:\n{output}");
            Assert.True(final < initial * 0.5, $"the loss did not go down enough: {initial} -> {final}. Output:\n{output}");

            // The native layer was taken from the package, copied into the app's output.
            var native = Regex.Matches(output, "^native: (.*(LibTorchSharp|TorchActivationsNative).*)$", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value.Trim()).ToArray();
            Assert.True(native.Length > 0 && native.All(p => IsUnder(p, app)),
                $"the TorchSharp native layer was not loaded from the app's output ({app}). Output:\n{output}");

            // The package's fused kernels loaded from the app's output too: the stand-in TorchSharp runs the
            // libtorch they were built against, so the layers took the fused path.
            Assert.Matches("(?m)^kernels: fused kernels loaded", output);
            var kernels = Regex.Matches(output, "^native: (.*TorchActivationsKernels.*)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToArray();
            Assert.True(kernels.Length == 1 && IsUnder(kernels[0], app), $"the fused kernels were not loaded from the app's output ({app}). Output:\n{output}");
        }

        private static void WriteApp(string app, string feed, string packages, string version)
        {
            // Shield the app from any Directory.Build.* above the temporary folder.
            File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />\n");

            new XDocument(new XElement("configuration",
                new XElement("config",
                    new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packages))),
                new XElement("packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", "local"), new XAttribute("value", feed)),
                    new XElement("add", new XAttribute("key", "nuget.org"), new XAttribute("value", "https://api.nuget.org/v3/index.json"))),
                new XElement("packageSourceMapping",
                    new XElement("packageSource", new XAttribute("key", "local"),
                        new XElement("package", new XAttribute("pattern", "TorchActivations")),
                        new XElement("package", new XAttribute("pattern", "TorchSharp"))),
                    new XElement("packageSource", new XAttribute("key", "nuget.org"),
                        new XElement("package", new XAttribute("pattern", "*"))))))
                .Save(Path.Combine(app, "nuget.config"));

            new XDocument(new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
                new XElement("PropertyGroup",
                    new XElement("OutputType", "Exe"),
                    new XElement("TargetFramework", "net10.0"),
                    new XElement("Nullable", "disable"),
                    new XElement("ImplicitUsings", "disable")),
                new XElement("ItemGroup",
                    new XElement("PackageReference", new XAttribute("Include", "TorchActivations"), new XAttribute("Version", $"[{version}]")))))
                .Save(Path.Combine(app, "Consumer.csproj"));

            File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(app, "Program.cs"));
        }

        private static bool IsUnder(string path, string folder)
        {
            var full = Path.GetFullPath(path);
            var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return full.StartsWith(root, StringComparison.Ordinal);
        }
    }
}
