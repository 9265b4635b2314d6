using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// GELU, exact form, float32: y = x·Φ(x), dy/dx = Φ(x) + x·φ(x) with φ(x) = exp(−x²/2)/√(2π)
    /// (<see cref="NormalCdf"/>). At +∞ y is +∞, where libtorch's float32 kernel gives NaN; at −∞ y is NaN
    /// (∞·0), as in PyTorch. The gradient is NaN at ±∞ (∞·0 again, as PyTorch's formula gives) and exactly 1
    /// or 0 at huge finite inputs. float64 stays with libtorch's kernel, which is exact there.
    /// </summary>
    internal static class GeluExactKernel
    {
        /// <summary>y = GELU(x). y may be x itself.</summary>
        public static unsafe void Forward(ReadOnlySpan<float> x, Span<float> y, int threads)
        {
            KernelChecks.SameLength(x.Length, y.Length, nameof(y));
            if (x.IsEmpty) return;
            float unused = 0f;
            fixed (float* px = x)
            fixed (float* py = y)
                ElementwiseDriver.Map<float, GeluExactForward>(new ElementwiseArgs<float> { X = px, G = px, P = &unused, Y = py }, x.Length, threads);
        }

        /// <summary>dx = g·GELU'(x). dx may be x or g itself.</summary>
        public static unsafe void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx, int threads)
        {
            KernelChecks.SameLength(x.Length, g.Length, nameof(g));
            KernelChecks.SameLength(x.Length, dx.Length, nameof(dx));
            if (x.IsEmpty) return;
            float unused = 0f;
            fixed (float* px = x)
            fixed (float* pg = g)
            fixed (float* pd = dx)
                ElementwiseDriver.Map<float, GeluExactBackward>(new ElementwiseArgs<float> { X = px, G = pg, P = &unused, Y = pd }, x.Length, threads);
        }

        /// <summary>1/√(2π): φ(x) = E/√(2π).</summary>
        internal const float InvSqrt2Pi = 0.39894228040143268f;
    }

    /// <summary>y = x·Φ(x).</summary>
    internal readonly struct GeluExactForward : IElementwiseOperator<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float g, float p, out float term)
        {
            term = 0f;
            return x * NormalCdf.Phi(x, out _);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> g, Vector128<float> p, out Vector128<float> term)
        {
            term = Vector128<float>.Zero;
            return x * NormalCdf.Phi(x, out _);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> g, Vector256<float> p, out Vector256<float> term)
        {
            term = Vector256<float>.Zero;
            return x * NormalCdf.Phi(x, out _);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> g, Vector512<float> p, out Vector512<float> term)
        {
            term = Vector512<float>.Zero;
            return x * NormalCdf.Phi(x, out _);
        }
    }

    /// <summary>dx = g·(Φ(x) + (x·E)/√(2π)), E = exp(−x²/2).</summary>
    internal readonly struct GeluExactBackward : IElementwiseOperator<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x, float g, float p, out float term)
        {
            term = 0f;
            float phi = NormalCdf.Phi(x, out float e);
            return g * MulAdd.Of(x * e, GeluExactKernel.InvSqrt2Pi, phi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> g, Vector128<float> p, out Vector128<float> term)
        {
            term = Vector128<float>.Zero;
            var phi = NormalCdf.Phi(x, out var e);
            return g * MulAdd.Of(x * e, Vector128.Create(GeluExactKernel.InvSqrt2Pi), phi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> g, Vector256<float> p, out Vector256<float> term)
        {
            term = Vector256<float>.Zero;
            var phi = NormalCdf.Phi(x, out var e);
            return g * MulAdd.Of(x * e, Vector256.Create(GeluExactKernel.InvSqrt2Pi), phi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> g, Vector512<float> p, out Vector512<float> term)
        {
            term = Vector512<float>.Zero;
            var phi = NormalCdf.Phi(x, out var e);
            return g * MulAdd.Of(x * e, Vector512.Create(GeluExactKernel.InvSqrt2Pi), phi);
        }
    }
}
