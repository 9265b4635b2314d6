using System;
using MnistCompare.Data;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>One split as tensors: images flattened to [N, pixels] float32, labels [N] int64.</summary>
    public sealed class TensorSplit : IDisposable
    {
        public TensorSplit(ImageDataset data)
        {
            Count = data.Count;
            // Kept for the whole comparison, so they must not belong to any dispose scope.
            Images = tensor(data.Pixels).reshape(data.Count, data.PixelsPerImage).DetachFromDisposeScope();
            var labels = new long[data.Count];
            for (int i = 0; i < labels.Length; i++) labels[i] = data.Labels[i];
            Labels = tensor(labels).DetachFromDisposeScope();
        }

        public int Count { get; }
        public Tensor Images { get; }
        public Tensor Labels { get; }

        public void Dispose()
        {
            Images.Dispose();
            Labels.Dispose();
        }
    }
}
