using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>y = x·σ(βx) (β is the operator's parameter p), the plain product: at an infinite x where σ is 0
    /// it is ∞·0 = NaN, as in PyTorch's silu and the composite path.</summary>
    internal readonly struct SwishForward<T> : IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T g, T p, out T term)
        {
            term = T.Zero;
            return Logistic.Sigmoid(p * x) * x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term)
        {
            term = Vector128<T>.Zero;
            return Logistic.Sigmoid(p * x) * x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term)
        {
            term = Vector256<T>.Zero;
            return Logistic.Sigmoid(p * x) * x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term)
        {
            term = Vector512<T>.Zero;
            return Logistic.Sigmoid(p * x) * x;
        }
    }

    /// <summary>
    /// With s = σ(βx): gs = g·s, xt = x·gs·(1 − s), dx = gs + β·xt (= g·s·(1 + βx(1 − s))), and the dβ term
    /// xt·x (= g·x²·s(1 − s)). Where s·(1 − s) = 0 (σ saturated) a finite x is replaced by 0 in those products:
    /// the exact terms are 0 there, and a huge x (1e30) would otherwise overflow them to ∞·0 = NaN. An infinite
    /// x keeps its NaN, as in PyTorch and the composite path.
    /// </summary>
    internal readonly struct SwishBackward<T> : IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T g, T p, out T term)
        {
            T s = Logistic.Sigmoid(p * x, out T oneMinus);
            T gs = g * s;
            T xs = s * oneMinus == T.Zero && T.IsFinite(x) ? T.Zero : x;
            T xt = xs * (gs * oneMinus);
            term = xt * xs;
            return gs + p * xt;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term)
        {
            var s = Logistic.Sigmoid(p * x, out var oneMinus);
            var gs = g * s;
            var xs = Vector128.AndNot(x, Vector128.Equals(s * oneMinus, Vector128<T>.Zero) & Finite.Mask(x));
            var xt = xs * (gs * oneMinus);
            term = xt * xs;
            return gs + p * xt;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term)
        {
            var s = Logistic.Sigmoid(p * x, out var oneMinus);
            var gs = g * s;
            var xs = Vector256.AndNot(x, Vector256.Equals(s * oneMinus, Vector256<T>.Zero) & Finite.Mask(x));
            var xt = xs * (gs * oneMinus);
            term = xt * xs;
            return gs + p * xt;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term)
        {
            var s = Logistic.Sigmoid(p * x, out var oneMinus);
            var gs = g * s;
            var xs = Vector512.AndNot(x, Vector512.Equals(s * oneMinus, Vector512<T>.Zero) & Finite.Mask(x));
            var xt = xs * (gs * oneMinus);
            term = xt * xs;
            return gs + p * xt;
        }
    }
}
