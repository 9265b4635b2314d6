using System;
using System.IO;

namespace MnistCompare.Data
{
    /// <summary>
    /// Locates (fetching MNIST when needed), reads and validates an MNIST-format data set:
    /// images must be 3-D with equal sizes in both splits, labels 1-D, one label per image,
    /// every label below the class count.
    /// </summary>
    public sealed class DatasetLoader
    {
        public const string FashionDirectory = "/usr/share/datasets/fashion-mnist";
        public const int ClassCount = 10;

        private readonly Action<string> _log;

        public DatasetLoader(Action<string> log)
        {
            _log = log ?? (_ => { });
        }

        /// <summary>Where the data set is looked for when no --data-dir is given.</summary>
        public static string DefaultDirectory(DatasetKind kind) =>
            kind == DatasetKind.Mnist ? MnistFetcher.DefaultCacheDirectory() : FashionDirectory;

        public LoadedData Load(DatasetKind kind, string dataDirectory)
        {
            string directory = Path.GetFullPath(dataDirectory ?? DefaultDirectory(kind));
            DatasetFiles files = kind == DatasetKind.Mnist
                ? new MnistFetcher(_log).EnsureAvailable(directory)
                : FindFashion(directory);
            return Load(kind, directory, files);
        }

        /// <summary>Reads the given files; statistics are the MNIST constants for MNIST and computed from the training images otherwise.</summary>
        public static LoadedData Load(DatasetKind kind, string directory, DatasetFiles files)
        {
            IdxArray trainImages = IdxReader.Read(files.TrainImages);
            IdxArray trainLabels = IdxReader.Read(files.TrainLabels);
            IdxArray testImages = IdxReader.Read(files.TestImages);
            IdxArray testLabels = IdxReader.Read(files.TestLabels);

            CheckImages(files.TrainImages, trainImages);
            CheckImages(files.TestImages, testImages);
            if (testImages.Shape[1] != trainImages.Shape[1] || testImages.Shape[2] != trainImages.Shape[2])
                throw new IdxFormatException(files.TestImages,
                    $"images are {testImages.Shape[1]}x{testImages.Shape[2]} but the training images are {trainImages.Shape[1]}x{trainImages.Shape[2]}");
            CheckLabels(files.TrainLabels, trainLabels, trainImages.Count);
            CheckLabels(files.TestLabels, testLabels, testImages.Count);

            Standardisation standardisation = kind == DatasetKind.Mnist
                ? Standardisation.Mnist
                : Standardisation.Compute(trainImages.Data, "computed from the training images");
            int height = trainImages.Shape[1], width = trainImages.Shape[2];
            var train = new ImageDataset(standardisation.Apply(trainImages.Data), trainLabels.Data, height, width);
            var test = new ImageDataset(standardisation.Apply(testImages.Data), testLabels.Data, height, width);
            return new LoadedData(kind, directory, train, test, standardisation, ClassCount);
        }

        private static DatasetFiles FindFashion(string directory)
        {
            var files = DatasetFiles.TryFind(directory, out var missing);
            if (files == null)
                throw new DataUnavailableException(
                    $"Fashion-MNIST not found in {directory} (missing {string.Join(", ", missing)}). " +
                    "Install Debian's package (apt-get install dataset-fashion-mnist) or pass --data-dir DIR with those files.");
            return files;
        }

        private static void CheckImages(string path, IdxArray images)
        {
            if (images.Shape.Length != 3)
                throw new IdxFormatException(path, $"expected images (3 dimensions: count x rows x columns), found {images.Shape.Length} dimensions [{string.Join("x", images.Shape)}]");
        }

        private static void CheckLabels(string path, IdxArray labels, int imageCount)
        {
            if (labels.Shape.Length != 1)
                throw new IdxFormatException(path, $"expected labels (1 dimension), found {labels.Shape.Length} dimensions [{string.Join("x", labels.Shape)}]");
            if (labels.Count != imageCount)
                throw new IdxFormatException(path, $"{labels.Count} labels for {imageCount} images");
            for (int i = 0; i < labels.Data.Length; i++)
                if (labels.Data[i] >= ClassCount)
                    throw new IdxFormatException(path, $"label {labels.Data[i]} at index {i} is outside 0..{ClassCount - 1}");
        }
    }
}
