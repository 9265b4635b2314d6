using System;
using System.Runtime.CompilerServices;

namespace TorchActivations.Kernels
{
    /// <summary>A double or small integer as float or double: a plain cast once the JIT specialises T
    /// (T.CreateTruncating goes through generic-math conversion layers that hot loops should not pay for).</summary>
    internal static class Scalar
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Of<T>(double v) => typeof(T) == typeof(float) ? (T)(object)(float)v : (T)(object)v;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ToDouble<T>(T v) => typeof(T) == typeof(float) ? (float)(object)v : (double)(object)v;
    }

    /// <summary>Argument checks shared by the kernels' entry points.</summary>
    internal static class KernelChecks
    {
        public static void FloatOrDouble<T>()
        {
            if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
                throw new NotSupportedException($"the managed kernels take float or double, not {typeof(T).Name}");
        }

        public static void SameLength(int expected, int actual, string name)
        {
            if (actual != expected)
                throw new ArgumentException($"{name} has {actual} elements where {expected} are needed", name);
        }
    }
}
