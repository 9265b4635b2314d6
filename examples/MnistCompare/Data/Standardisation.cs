using System;

namespace MnistCompare.Data
{
    /// <summary>Mean and standard deviation used to standardise pixels after scaling them to [0, 1].</summary>
    public sealed class Standardisation
    {
        /// <summary>The customary MNIST statistics (training set, pixels in [0, 1]).</summary>
        public static readonly Standardisation Mnist = new Standardisation(0.1307, 0.3081, "MNIST training-set constants");

        public Standardisation(double mean, double std, string source)
        {
            if (!(std > 0)) throw new ArgumentException($"standard deviation must be positive, got {std}", nameof(std));
            Mean = mean;
            Std = std;
            Source = source;
        }

        public double Mean { get; }
        public double Std { get; }

        /// <summary>Where the numbers come from, for the report.</summary>
        public string Source { get; }

        /// <summary>Computes the statistics of raw bytes scaled to [0, 1] (population std, over every pixel).</summary>
        public static Standardisation Compute(byte[] rawPixels, string source)
        {
            if (rawPixels.Length == 0) throw new ArgumentException("no pixels to compute statistics from", nameof(rawPixels));
            // Integer histogram first: exact and much faster than summing 47 million doubles.
            var histogram = new long[256];
            foreach (byte b in rawPixels) histogram[b]++;
            double n = rawPixels.Length, sum = 0, sumSquares = 0;
            for (int v = 0; v < 256; v++)
            {
                double x = v / 255.0;
                sum += histogram[v] * x;
                sumSquares += histogram[v] * x * x;
            }
            double mean = sum / n;
            double variance = Math.Max(0, sumSquares / n - mean * mean);
            return new Standardisation(mean, Math.Sqrt(variance), source);
        }

        /// <summary>Scales bytes to [0, 1] and standardises them.</summary>
        public float[] Apply(byte[] rawPixels)
        {
            // One lookup per possible byte value keeps the conversion exact and cheap.
            var table = new float[256];
            for (int v = 0; v < 256; v++) table[v] = (float)((v / 255.0 - Mean) / Std);
            var result = new float[rawPixels.Length];
            for (int i = 0; i < rawPixels.Length; i++) result[i] = table[rawPixels[i]];
            return result;
        }
    }
}
