using System.Collections.Generic;
using System.IO;

namespace MnistCompare.Data
{
    /// <summary>Paths of the four IDX files that make up an MNIST-format data set.</summary>
    public sealed class DatasetFiles
    {
        /// <summary>The base names shared by MNIST and Fashion-MNIST (each may also exist with a .gz suffix).</summary>
        public static readonly IReadOnlyList<string> BaseNames = new[]
        {
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte",
        };

        public DatasetFiles(string trainImages, string trainLabels, string testImages, string testLabels)
        {
            TrainImages = trainImages;
            TrainLabels = trainLabels;
            TestImages = testImages;
            TestLabels = testLabels;
        }

        public string TrainImages { get; }
        public string TrainLabels { get; }
        public string TestImages { get; }
        public string TestLabels { get; }

        /// <summary>
        /// Finds the four files in <paramref name="directory"/>, raw or gzipped (raw preferred).
        /// Returns null and lists the missing names when any is absent; a directory where a file should be
        /// is a <see cref="DataUnavailableException"/> (fetching could not replace it).
        /// </summary>
        public static DatasetFiles TryFind(string directory, out List<string> missing)
        {
            missing = new List<string>();
            var found = new string[BaseNames.Count];
            for (int i = 0; i < BaseNames.Count; i++)
            {
                string raw = Path.Combine(directory, BaseNames[i]);
                string gz = raw + ".gz";
                foreach (string path in new[] { raw, gz })
                    if (Directory.Exists(path))
                        throw new DataUnavailableException($"{path} is a directory, not a data file: remove or rename it");
                if (File.Exists(raw)) found[i] = raw;
                else if (File.Exists(gz)) found[i] = gz;
                else missing.Add(BaseNames[i] + "[.gz]");
            }
            return missing.Count == 0 ? new DatasetFiles(found[0], found[1], found[2], found[3]) : null;
        }
    }
}
