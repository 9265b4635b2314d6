using System;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Deterministic test inputs drawn from System.Random, independent of libtorch's generator.</summary>
    internal static class Samples
    {
        /// <summary>
        /// Uniform values in [low, high) of the given shape, each at least <paramref name="margin"/> away from
        /// every kink, so central differences with eps = 1e-6 never straddle a kink.
        /// </summary>
        public static Tensor AwayFrom(long[] shape, double[] kinks, double margin = 0.05, double low = -3, double high = 3,
            int seed = 1, ScalarType dtype = ScalarType.Float64, bool requires_grad = true)
        {
            var random = new Random(seed);
            long count = 1;
            foreach (long s in shape) count *= s;
            var values = new double[count];
            for (long i = 0; i < count; i++)
            {
                double v;
                do { v = low + (high - low) * random.NextDouble(); }
                while (Array.Exists(kinks, k => Math.Abs(v - k) < margin));
                values[i] = v;
            }
            var t = tensor(values, dtype: ScalarType.Float64).reshape(shape).to(dtype);
            return requires_grad ? t.requires_grad_(true) : t;
        }

        /// <summary>Uniform values in [low, high) with no kink constraint.</summary>
        public static Tensor Uniform(long[] shape, double low = -3, double high = 3, int seed = 1,
            ScalarType dtype = ScalarType.Float64, bool requires_grad = false) =>
            AwayFrom(shape, Array.Empty<double>(), 0, low, high, seed, dtype, requires_grad);

        public static double[] Values(Tensor t)
        {
            if (t.numel() == 0) return Array.Empty<double>();
            using var flat = t.detach().reshape(-1).to(ScalarType.Float64).cpu().contiguous();
            return flat.data<double>().ToArray();
        }
    }
}
