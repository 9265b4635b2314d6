using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace Packaging.Tests
{
    /// <summary>The newest <c>artifacts/TorchActivations.*.nupkg</c> and what its nuspec says.</summary>
    internal sealed class PackageFile
    {
        private PackageFile(string path, XDocument nuspec)
        {
            Path = path;
            Nuspec = nuspec;
            Ns = nuspec.Root.Name.Namespace;
            Version = nuspec.Root.Element(Ns + "metadata").Element(Ns + "version").Value;
        }

        public string Path { get; }
        public XDocument Nuspec { get; }
        public XNamespace Ns { get; }
        public string Version { get; }

        /// <summary>The repository root (where TorchActivations.sln is), as the build saw it.</summary>
        public static string RepoRoot
        {
            get
            {
                var root = typeof(PackageFile).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "RepoRoot").Value;
                return System.IO.Path.GetFullPath(root);
            }
        }

        /// <summary>The most recently written package; fails with a clear message when there is none.</summary>
        public static PackageFile Newest()
        {
            var artifacts = System.IO.Path.Combine(RepoRoot, "artifacts");
            var newest = Directory.Exists(artifacts)
                ? new DirectoryInfo(artifacts).GetFiles("TorchActivations.*.nupkg")
                    .Where(f => f.Name.EndsWith(".nupkg", StringComparison.Ordinal))
                    .OrderByDescending(f => f.LastWriteTimeUtc)
                    .FirstOrDefault()
                : null;
            if (newest == null)
                Assert.Fail($"No TorchActivations.*.nupkg in {artifacts}: run ./build.sh pack first (./build.sh test runs it before the tests).");

            using var zip = ZipFile.OpenRead(newest.FullName);
            var entry = zip.Entries.SingleOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            Assert.True(entry != null, $"{newest.FullName} has no nuspec at its root");
            using var stream = entry.Open();
            return new PackageFile(newest.FullName, XDocument.Load(stream));
        }

        public string[] Entries()
        {
            using var zip = ZipFile.OpenRead(Path);
            return zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        }
    }
}
