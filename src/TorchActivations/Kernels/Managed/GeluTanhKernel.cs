using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// GELU, tanh form: y = 0.5·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³), computed as y = x·σ(z) with
    /// z = 2u = x·(A + B·x²), since (1 + tanh u)/2 = σ(2u). dy/dx = s + x·s·(1 − s)·(A + 3B·x²), s = σ(z).
    /// Where σ has saturated (s·(1 − s) = 0 in floating point) the second term is exactly 0 and is not
    /// evaluated, so huge or infinite x give y = x or ±0 and dy/dx = 1 or 0, not 0·∞ = NaN. NaN stays NaN.
    /// </summary>
    internal static class GeluTanhKernel
    {
        public const double A = 1.5957691216057308;   // 2·√(2/π)
        public const double B = A * 0.044715;

        /// <summary>y = GELU_tanh(x). y may be x itself.</summary>
        public static unsafe void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.FloatOrDouble<T>();
            KernelChecks.SameLength(x.Length, y.Length, nameof(y));
            if (x.IsEmpty) return;
            T unused = T.Zero;
            fixed (T* px = x)
            fixed (T* py = y)
                ElementwiseDriver.Map<T, GeluTanhForward<T>>(new ElementwiseArgs<T> { X = px, G = px, P = &unused, Y = py }, x.Length, threads);
        }

        /// <summary>dx = g·GELU_tanh'(x). dx may be x or g itself.</summary>
        public static unsafe void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> dx, int threads)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            KernelChecks.FloatOrDouble<T>();
            KernelChecks.SameLength(x.Length, g.Length, nameof(g));
            KernelChecks.SameLength(x.Length, dx.Length, nameof(dx));
            if (x.IsEmpty) return;
            T unused = T.Zero;
            fixed (T* px = x)
            fixed (T* pg = g)
            fixed (T* pd = dx)
                ElementwiseDriver.Map<T, GeluTanhBackward<T>>(new ElementwiseArgs<T> { X = px, G = pg, P = &unused, Y = pd }, x.Length, threads);
        }
    }

    /// <summary>y = x·σ(x·(A + B·x²)), the plain product: NaN at x = −∞ (∞·0), as libtorch's tanh GELU gives.</summary>
    internal readonly struct GeluTanhForward<T> : IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T g, T p, out T term)
        {
            term = T.Zero;
            return Logistic.Sigmoid((x * x * Scalar.Of<T>(GeluTanhKernel.B) + Scalar.Of<T>(GeluTanhKernel.A)) * x) * x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term)
        {
            term = Vector128<T>.Zero;
            var z = (x * x * Vector128.Create(Scalar.Of<T>(GeluTanhKernel.B)) + Vector128.Create(Scalar.Of<T>(GeluTanhKernel.A))) * x;
            return Logistic.Sigmoid(z) * x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term)
        {
            term = Vector256<T>.Zero;
            var z = (x * x * Vector256.Create(Scalar.Of<T>(GeluTanhKernel.B)) + Vector256.Create(Scalar.Of<T>(GeluTanhKernel.A))) * x;
            return Logistic.Sigmoid(z) * x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term)
        {
            term = Vector512<T>.Zero;
            var z = (x * x * Vector512.Create(Scalar.Of<T>(GeluTanhKernel.B)) + Vector512.Create(Scalar.Of<T>(GeluTanhKernel.A))) * x;
            return Logistic.Sigmoid(z) * x;
        }
    }

    /// <summary>dx = g·(s + xs·q·(A + 3B·xs²)), q = s·(1 − s), xs = x except 0 where q = 0 (saturated σ) and x is
    /// finite: a huge finite x gets the exact limit, 1 or 0, where the plain formula gives ∞·0 = NaN; an infinite
    /// x keeps its NaN, as libtorch's tanh GELU and the composite path give.</summary>
    internal readonly struct GeluTanhBackward<T> : IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T g, T p, out T term)
        {
            term = T.Zero;
            T a = Scalar.Of<T>(GeluTanhKernel.A), b = Scalar.Of<T>(GeluTanhKernel.B), b3 = Scalar.Of<T>(3 * GeluTanhKernel.B);
            T s = Logistic.Sigmoid(x * (x * x * b + a), out T oneMinus);
            T q = s * oneMinus;
            T xs = q == T.Zero && T.IsFinite(x) ? T.Zero : x;
            return g * (s + xs * q * (xs * xs * b3 + a));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term)
        {
            term = Vector128<T>.Zero;
            var a = Vector128.Create(Scalar.Of<T>(GeluTanhKernel.A));
            var s = Logistic.Sigmoid(x * (x * x * Vector128.Create(Scalar.Of<T>(GeluTanhKernel.B)) + a), out var oneMinus);
            var q = s * oneMinus;
            var xs = Vector128.AndNot(x, Vector128.Equals(q, Vector128<T>.Zero) & Finite.Mask(x));
            return g * (s + xs * q * (xs * xs * Vector128.Create(Scalar.Of<T>(3 * GeluTanhKernel.B)) + a));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term)
        {
            term = Vector256<T>.Zero;
            var a = Vector256.Create(Scalar.Of<T>(GeluTanhKernel.A));
            var s = Logistic.Sigmoid(x * (x * x * Vector256.Create(Scalar.Of<T>(GeluTanhKernel.B)) + a), out var oneMinus);
            var q = s * oneMinus;
            var xs = Vector256.AndNot(x, Vector256.Equals(q, Vector256<T>.Zero) & Finite.Mask(x));
            return g * (s + xs * q * (xs * xs * Vector256.Create(Scalar.Of<T>(3 * GeluTanhKernel.B)) + a));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term)
        {
            term = Vector512<T>.Zero;
            var a = Vector512.Create(Scalar.Of<T>(GeluTanhKernel.A));
            var s = Logistic.Sigmoid(x * (x * x * Vector512.Create(Scalar.Of<T>(GeluTanhKernel.B)) + a), out var oneMinus);
            var q = s * oneMinus;
            var xs = Vector512.AndNot(x, Vector512.Equals(q, Vector512<T>.Zero) & Finite.Mask(x));
            return g * (s + xs * q * (xs * xs * Vector512.Create(Scalar.Of<T>(3 * GeluTanhKernel.B)) + a));
        }
    }
}
