using System;

namespace MnistCompare.Data
{
    /// <summary>
    /// One split (training or test) in memory: standardised pixels, row-major, one image after another,
    /// and the class label of each image.
    /// </summary>
    public sealed class ImageDataset
    {
        public ImageDataset(float[] pixels, byte[] labels, int height, int width)
        {
            if (pixels.Length != (long)labels.Length * height * width)
                throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {height}x{width}");
            Pixels = pixels;
            Labels = labels;
            Height = height;
            Width = width;
        }

        public float[] Pixels { get; }
        public byte[] Labels { get; }
        public int Height { get; }
        public int Width { get; }
        public int Count => Labels.Length;
        public int PixelsPerImage => Height * Width;

        /// <summary>The first <paramref name="count"/> images; the set itself when it has no more than that.</summary>
        public ImageDataset Take(int count)
        {
            if (count >= Count) return this;
            var pixels = new float[(long)count * PixelsPerImage];
            Array.Copy(Pixels, pixels, pixels.Length);
            var labels = new byte[count];
            Array.Copy(Labels, labels, count);
            return new ImageDataset(pixels, labels, Height, Width);
        }
    }
}
