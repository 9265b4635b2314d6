using System;
using System.IO;
using System.Linq;
using MnistCompare.Data;
using Xunit;

namespace MnistCompare.Tests.Data
{
    public sealed class DatasetLoaderTests : IDisposable
    {
        private readonly IdxTestFiles _files = new IdxTestFiles();

        public void Dispose() => _files.Dispose();

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void LoadsRawOrGzippedSetAndStandardisesWithMnistConstants(bool gzip)
        {
            _files.WriteDataset(train: 20, test: 7, size: 4, gzip: gzip);

            var data = new DatasetLoader(null).Load(DatasetKind.Mnist, _files.Directory);

            Assert.Equal(20, data.Train.Count);
            Assert.Equal(7, data.Test.Count);
            Assert.Equal(16, data.Train.PixelsPerImage);
            Assert.Equal(0.1307, data.Standardisation.Mean);
            Assert.Equal(0.3081, data.Standardisation.Std);
            // Pixel 1 of the pattern is byte 37.
            Assert.Equal((37 / 255.0 - 0.1307) / 0.3081, data.Train.Pixels[1], 5);
            Assert.Equal(Enumerable.Range(0, 7).Select(i => (byte)(i % 10)), data.Test.Labels);
        }

        [Fact]
        public void FashionStatisticsAreComputedFromTrainingImages()
        {
            _files.WriteDataset(train: 30, test: 5, size: 4, gzip: true);

            var data = new DatasetLoader(null).Load(DatasetKind.Fashion, _files.Directory);

            var raw = Enumerable.Range(0, 30 * 16).Select(i => (i * 37 % 256) / 255.0).ToArray();
            double mean = raw.Average();
            double std = Math.Sqrt(raw.Select(x => (x - mean) * (x - mean)).Average());
            Assert.Equal(mean, data.Standardisation.Mean, 10);
            Assert.Equal(std, data.Standardisation.Std, 10);
            // Standardised training pixels have mean 0 and std 1.
            Assert.Equal(0, data.Train.Pixels.Average(p => (double)p), 4);
        }

        [Fact]
        public void LabelCountMismatchNamesTheLabelFile()
        {
            _files.WriteDataset(train: 20, test: 7, size: 4, gzip: false);
            string labels = _files.Write("t10k-labels-idx1-ubyte", IdxTestFiles.Encode(new[] { 6 }, new byte[6]));

            var e = Assert.Throws<IdxFormatException>(() => new DatasetLoader(null).Load(DatasetKind.Mnist, _files.Directory));

            Assert.Equal(labels, e.FilePath);
            Assert.Contains("6 labels for 7 images", e.Message);
        }

        [Fact]
        public void LabelOutOfRangeIsReported()
        {
            _files.WriteDataset(train: 20, test: 3, size: 4, gzip: false);
            _files.Write("t10k-labels-idx1-ubyte", IdxTestFiles.Encode(new[] { 3 }, new byte[] { 1, 12, 3 }));
            var e = Assert.Throws<IdxFormatException>(() => new DatasetLoader(null).Load(DatasetKind.Mnist, _files.Directory));
            Assert.Contains("label 12 at index 1", e.Message);
        }

        [Fact]
        public void ImagesWithWrongRankAreReported()
        {
            _files.WriteDataset(train: 20, test: 3, size: 4, gzip: false);
            _files.Write("train-images-idx3-ubyte", IdxTestFiles.Encode(new[] { 20, 16 }, new byte[320]));
            var e = Assert.Throws<IdxFormatException>(() => new DatasetLoader(null).Load(DatasetKind.Mnist, _files.Directory));
            Assert.Contains("3 dimensions", e.Message);
        }

        [Fact]
        public void MissingFashionFilesGiveInstructions()
        {
            string empty = Path.Combine(_files.Directory, "nothing-here");
            Directory.CreateDirectory(empty);

            var e = Assert.Throws<DataUnavailableException>(() => new DatasetLoader(null).Load(DatasetKind.Fashion, empty));

            Assert.Contains(empty, e.Message);
            Assert.Contains("dataset-fashion-mnist", e.Message);
            Assert.Contains("train-images-idx3-ubyte", e.Message);
        }

        [Fact]
        public void TakeKeepsTheFirstImages()
        {
            _files.WriteDataset(train: 20, test: 7, size: 4, gzip: false);
            var data = new DatasetLoader(null).Load(DatasetKind.Mnist, _files.Directory);

            var subset = data.Train.Take(5);

            Assert.Equal(5, subset.Count);
            Assert.Equal(data.Train.Pixels.Take(80), subset.Pixels);
            Assert.Same(data.Train, data.Train.Take(100));
        }
    }
}
