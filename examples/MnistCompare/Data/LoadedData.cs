namespace MnistCompare.Data
{
    /// <summary>Both splits of a data set, ready for training, with where they came from.</summary>
    public sealed class LoadedData
    {
        public LoadedData(DatasetKind kind, string directory, ImageDataset train, ImageDataset test, Standardisation standardisation, int classes)
        {
            Kind = kind;
            Directory = directory;
            Train = train;
            Test = test;
            Standardisation = standardisation;
            Classes = classes;
        }

        public DatasetKind Kind { get; }
        public string Directory { get; }
        public ImageDataset Train { get; }
        public ImageDataset Test { get; }
        public Standardisation Standardisation { get; }
        public int Classes { get; }
    }
}
