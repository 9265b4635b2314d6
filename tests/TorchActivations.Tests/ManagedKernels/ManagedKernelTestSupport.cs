using System;
using System.Collections.Generic;
using System.Numerics;
using TorchActivations.Kernels;
using Xunit;

namespace TorchActivations.Tests
{
    /// <summary>The managed kernel tests change the process-wide vector width: they run one at a time.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public class ManagedKernelCollection
    {
        public const string Name = "Managed kernels";
    }

    internal static class ManagedKernelTestSupport
    {
        /// <summary>Empty, one, odd, around every vector's lane count and a 64-element mask line, and a few
        /// blocks; <see cref="Large"/> passes the threading threshold.</summary>
        public static readonly int[] Lengths = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 161, 1000, 16385, 40001 };
        public const int Large = 200_003;

        public static IEnumerable<object[]> LengthData()
        {
            foreach (int n in Lengths) yield return new object[] { n };
        }

        /// <summary>Runs body at every vector width this machine has, then restores the width.</summary>
        public static void AtEachWidth(Action<VectorWidth> body)
        {
            VectorWidth saved = ManagedKernelWidth.Current;
            try
            {
                foreach (VectorWidth w in ManagedKernelWidth.Available)
                {
                    ManagedKernelWidth.Current = w;
                    body(w);
                }
            }
            finally
            {
                ManagedKernelWidth.Current = saved;
            }
        }

        /// <summary>n values, mostly normal with the given scale, with specials (non-finite, zeros of both
        /// signs, huge and tiny) sprinkled in when asked.</summary>
        public static T[] Sample<T>(int n, int seed, double scale = 4, bool specials = true) where T : IBinaryFloatingPointIeee754<T>
        {
            var rng = new Random(seed);
            double huge = typeof(T) == typeof(float) ? 1e30 : 1e300;
            double[] special = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, huge, -huge, 1e-30, -1e-30, 30, -30, 100, -100 };
            var v = new T[n];
            for (int i = 0; i < n; i++)
            {
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                double x = scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                if (specials && rng.Next(16) == 0) x = special[rng.Next(special.Length)];
                v[i] = T.CreateTruncating(x);
            }
            return v;
        }

        public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-6 : 1e-12;

        /// <summary>|actual − expected| ≤ tol·max(1, |expected|); NaN only for NaN, infinities exactly.</summary>
        // Messages are built only on failure: these checks run for millions of elements.
        public static void Close(double expected, double actual, double tol, Func<string> what)
        {
            if (double.IsNaN(expected) || double.IsNaN(actual) || double.IsInfinity(expected) || double.IsInfinity(actual))
            {
                if (!expected.Equals(actual)) Assert.Fail($"{what()}: expected {expected}, got {actual}");
                return;
            }
            if (!(Math.Abs(actual - expected) <= tol * Math.Max(1, Math.Abs(expected))))
                Assert.Fail($"{what()}: expected {expected:R}, got {actual:R}");
        }

        /// <summary>Same bits (NaNs of any payload count as equal).</summary>
        public static void Identical<T>(T[] expected, T[] actual, string what) where T : IBinaryFloatingPointIeee754<T>
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                if (!(expected[i].Equals(actual[i]) && T.IsNegative(expected[i]) == T.IsNegative(actual[i])
                      || T.IsNaN(expected[i]) && T.IsNaN(actual[i])))
                    Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
        }

        public static double D<T>(T v) where T : IBinaryFloatingPointIeee754<T> => double.CreateTruncating(v);
    }
}
