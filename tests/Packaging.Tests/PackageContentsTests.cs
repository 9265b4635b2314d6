using System;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Packaging.Tests
{
    /// <summary>What the package holds and declares: both libraries with their docs, the readme and licence,
    /// the build step for older libstdc++, the dependency on TorchSharp, and no TorchSharp or native code.</summary>
    public class PackageContentsTests
    {
        private readonly PackageFile package = PackageFile.Newest();

        [Fact]
        public void HoldsBothLibrariesWithDocsAndTheReadme()
        {
            var entries = package.Entries();
            foreach (var tfm in new[] { "net8.0", "net10.0" })
            {
                Assert.Contains($"lib/{tfm}/TorchActivations.dll", entries);
                Assert.Contains($"lib/{tfm}/TorchActivations.xml", entries);
            }
            Assert.Contains("README.md", entries);
        }

        [Fact]
        public void CarriesNoTorchSharpAndNoNativeCode()
        {
            var entries = package.Entries();
            Assert.DoesNotContain(entries, e => e.EndsWith("/TorchSharp.dll", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(entries, e => e.StartsWith("runtimes/", StringComparison.Ordinal));
        }

        [Fact]
        public void CarriesTheBuildStepThatMakesLibTorchSharpLoadable()
        {
            var entries = package.Entries();
            // NuGet imports buildTransitive/<id>.targets into every project that references the package.
            Assert.Contains("buildTransitive/TorchActivations.targets", entries);
            Assert.Contains("buildTransitive/MakeLibTorchSharpLoadable.cs", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("build/", StringComparison.Ordinal));
        }

        [Fact]
        public void DependsOnTorchSharpFrom0107ForEachFramework()
        {
            var ns = package.Ns;
            var groups = package.Nuspec.Descendants(ns + "dependencies").Elements(ns + "group").ToArray();
            Assert.Equal(new[] { "net10.0", "net8.0" }, groups.Select(g => (string)g.Attribute("targetFramework")).OrderBy(t => t, StringComparer.Ordinal));
            foreach (var group in groups)
            {
                // TorchSharp itself, never a libtorch bundle: users pick TorchSharp-cpu or a CUDA one.
                var dependency = Assert.Single(group.Elements(ns + "dependency"));
                Assert.Equal("TorchSharp", (string)dependency.Attribute("id"));
                var version = (string)dependency.Attribute("version");
                Assert.True(version == "0.107.0" || version.StartsWith("[0.107.0", StringComparison.Ordinal),
                    $"TorchSharp dependency version is {version}, expected 0.107.0 or a range starting there");
            }
        }

        [Fact]
        public void DeclaresLicenceReadmeAndRepository()
        {
            var metadata = package.Nuspec.Root.Element(package.Ns + "metadata");
            var license = metadata.Element(package.Ns + "license");
            Assert.Equal("expression", (string)license.Attribute("type"));
            Assert.Equal("MIT", license.Value);
            Assert.Equal("README.md", metadata.Element(package.Ns + "readme").Value);
            var repository = metadata.Element(package.Ns + "repository");
            Assert.Equal("git", (string)repository.Attribute("type"));
            Assert.Matches("^[0-9a-f]{40}$", (string)repository.Attribute("commit"));
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(package.Ns + "tags")?.Value), "the package has no tags");
        }
    }
}
