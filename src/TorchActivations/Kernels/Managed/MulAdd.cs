using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// a·b + c for the kernels' polynomials, at every width alike: one fused multiply-add (a single rounding)
    /// where the runtime offers vector FMA (.NET 9 and later), a multiply and an add otherwise. Scalar and vector
    /// bodies make the same choice, so a value is bit-identical in a vector and in a scalar tail either way.
    /// </summary>
    internal static class MulAdd
    {
#if NET9_0_OR_GREATER
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Of(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Of(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Of(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Of(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Of(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Of(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Of(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Of(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
#else
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Of(float a, float b, float c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Of(double a, double b, double c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Of(Vector128<float> a, Vector128<float> b, Vector128<float> c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Of(Vector128<double> a, Vector128<double> b, Vector128<double> c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Of(Vector256<float> a, Vector256<float> b, Vector256<float> c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Of(Vector256<double> a, Vector256<double> b, Vector256<double> c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Of(Vector512<float> a, Vector512<float> b, Vector512<float> c) => a * b + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Of(Vector512<double> a, Vector512<double> b, Vector512<double> c) => a * b + c;
#endif

        // Generic over float and double for the operators (the typeof tests are resolved when the JIT specialises).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Of<T>(T a, T b, T c) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) { float f = Of(Unsafe.As<T, float>(ref a), Unsafe.As<T, float>(ref b), Unsafe.As<T, float>(ref c)); return Unsafe.As<float, T>(ref f); }
            double d = Of(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b), Unsafe.As<T, double>(ref c));
            return Unsafe.As<double, T>(ref d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Of<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged =>
            typeof(T) == typeof(float) ? Of(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>() : Of(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Of<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged =>
            typeof(T) == typeof(float) ? Of(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>() : Of(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Of<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged =>
            typeof(T) == typeof(float) ? Of(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>() : Of(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    }
}
