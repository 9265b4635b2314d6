using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Packaging.Tests
{
    /// <summary>
    /// A <c>TorchSharp</c> 0.106.0 package for the consumer test's local feed only, standing in for the official
    /// one that this machine's feed does not serve. It is made from the official TorchSharp built for Debian's
    /// libtorch when <c>../shared/torchsharp-official</c> exists beside the repository, otherwise from this
    /// repository's binding (same assembly identity, TorchSharp 0.106.0.0). Either way libtorch itself comes
    /// from the system (Debian's libtorch-dev), as TorchSharp-cpu's libtorch packages would bring it.
    /// </summary>
    internal sealed class StandInTorchSharp
    {
        public const string Version = "0.106.0";

        /// <summary>Set to <c>official</c> or <c>binding</c> to choose the source instead of looking for the official build.</summary>
        public const string SourceVariable = "PACKAGING_TEST_TORCHSHARP";

        private readonly List<(string packagePath, string file)> files = new();
        private readonly List<(string id, string version)> dependencies = new();

        public string Description { get; private set; }

        public static StandInTorchSharp FromThisMachine(string repoRoot)
        {
            var official = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "torchsharp-official"));
            var choice = Environment.GetEnvironmentVariable(SourceVariable);
            if (string.IsNullOrEmpty(choice)) choice = Directory.Exists(official) ? "official" : "binding";

            var standIn = new StandInTorchSharp();
            switch (choice)
            {
                case "official":
                    standIn.Description = $"official TorchSharp 0.106.0 built for Debian's libtorch ({official})";
                    standIn.Add("lib/net8.0/TorchSharp.dll", Path.Combine(official, "TorchSharp.dll"));
                    standIn.Add("lib/net8.0/TorchSharp.xml", Path.Combine(official, "TorchSharp.xml"));
                    standIn.Add("runtimes/linux-x64/native/libLibTorchSharp.so", Path.Combine(official, "libLibTorchSharp.so"));
                    // As the official package declares them.
                    standIn.dependencies.Add(("Google.Protobuf", "3.21.9"));
                    standIn.dependencies.Add(("SharpZipLib", "1.4.1"));
                    standIn.dependencies.Add(("SkiaSharp", "2.88.9"));
                    break;
                case "binding":
                    standIn.Description = "this repository's binding (src/TorchSharp.Compat, Release build)";
                    standIn.Add("lib/net8.0/TorchSharp.dll", Path.Combine(repoRoot, "src", "TorchSharp.Compat", "bin", "Release", "net8.0", "TorchSharp.dll"));
                    standIn.Add("runtimes/linux-x64/native/libTorchActivationsNative.so", Path.Combine(repoRoot, "native", "build", "libTorchActivationsNative.so"));
                    break;
                default:
                    throw new InvalidOperationException($"{SourceVariable}={choice}: expected 'official' or 'binding'");
            }
            return standIn;
        }

        private void Add(string packagePath, string file)
        {
            Assert.True(File.Exists(file), $"the stand-in TorchSharp package needs {file}, which is missing (build first: ./build.sh test builds everything)");
            files.Add((packagePath, file));
        }

        /// <summary>Writes <c>TorchSharp.0.106.0.nupkg</c> into <paramref name="feed"/>.</summary>
        public string WriteTo(string feed)
        {
            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            var nuspec = new XDocument(new XElement(ns + "package",
                new XElement(ns + "metadata",
                    new XElement(ns + "id", "TorchSharp"),
                    new XElement(ns + "version", Version),
                    new XElement(ns + "authors", "TorchActivations tests"),
                    new XElement(ns + "description", $"Stand-in for TorchSharp {Version}, for tests only: {Description}."),
                    new XElement(ns + "dependencies",
                        new XElement(ns + "group", new XAttribute("targetFramework", "net8.0"),
                            dependencies.Select(d => new XElement(ns + "dependency",
                                new XAttribute("id", d.id), new XAttribute("version", d.version),
                                new XAttribute("exclude", "Build,Analyzers"))))))));

            var path = Path.Combine(feed, $"TorchSharp.{Version}.nupkg");
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var writer = new StreamWriter(zip.CreateEntry("TorchSharp.nuspec").Open()))
                nuspec.Save(writer);
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
                writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"nuspec\" ContentType=\"application/octet\" /><Default Extension=\"dll\" ContentType=\"application/octet\" />"
                    + "<Default Extension=\"xml\" ContentType=\"application/octet\" /><Default Extension=\"so\" ContentType=\"application/octet\" /></Types>");
            foreach (var (packagePath, file) in files)
                zip.CreateEntryFromFile(file, packagePath, CompressionLevel.Fastest);
            return path;
        }
    }
}
