using System;
using System.Linq;

namespace MnistCompare.Data
{
    /// <summary>An unsigned-byte IDX array: its shape (outermost dimension first) and its elements in row-major order.</summary>
    public sealed class IdxArray
    {
        public IdxArray(int[] shape, byte[] data)
        {
            Shape = shape ?? throw new ArgumentNullException(nameof(shape));
            Data = data ?? throw new ArgumentNullException(nameof(data));
        }

        public int[] Shape { get; }

        public byte[] Data { get; }

        /// <summary>Number of items along the first dimension (images or labels).</summary>
        public int Count => Shape[0];

        /// <summary>Elements per item: 28*28 for MNIST images, 1 for labels.</summary>
        public int ItemSize => Shape.Skip(1).Aggregate(1, (a, b) => a * b);

        public override string ToString() => "IDX ubyte [" + string.Join("x", Shape) + "]";
    }
}
