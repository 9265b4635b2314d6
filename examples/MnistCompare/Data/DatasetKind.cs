namespace MnistCompare.Data
{
    /// <summary>The data sets the comparison can train on; both use the MNIST IDX layout (28x28 grey images, 10 classes).</summary>
    public enum DatasetKind
    {
        Mnist,
        Fashion,
    }
}
