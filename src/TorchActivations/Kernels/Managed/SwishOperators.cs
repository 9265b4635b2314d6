using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>y = x·σ(βx) (β is the operator's parameter p), computed as x / (1 + exp(−βx)): one division
    /// instead of a reciprocal and a product, and one rounding fewer. At x = −∞ it is −∞/∞ = NaN, as PyTorch's
    /// silu and the composite path give (∞·0); at x = +∞ it is +∞.</summary>
    internal readonly struct SwishForward<T> : IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T g, T p, out T term)
        {
            term = T.Zero;
            return x / (T.One + KernelMath.Exp(x * -p));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term)
        {
            term = Vector128<T>.Zero;
            return x / (Vector128.Create(T.One) + KernelMath.Exp(x * -p));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term)
        {
            term = Vector256<T>.Zero;
            return x / (Vector256.Create(T.One) + KernelMath.Exp(x * -p));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term)
        {
            term = Vector512<T>.Zero;
            return x / (Vector512.Create(T.One) + KernelMath.Exp(x * -p));
        }
    }

    /// <summary>
    /// With s = σ(βx): gs = g·s, xt = x·(gs·(1 − s)), dx = gs + β·xt (= g·s·(1 + βx(1 − s))), and the term xt,
    /// which the driver sums times x for dβ (g·x²·s(1 − s)). The products are ordered so that a saturated σ
    /// makes them exact zeros: there s or 1 − s is 0, so gs·(1 − s) is 0 and a huge finite x (1e30) gives
    /// x·0 = 0 rather than overflowing into ∞·0 = NaN. An infinite x keeps its NaN, as in PyTorch and the
    /// composite path.
    /// </summary>
    internal readonly struct SwishBackward<T> : IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T g, T p, out T term)
        {
            T s = Logistic.FromExp(KernelMath.Exp(x * -p), out T oneMinus);
            T gs = g * s;
            T xt = x * (gs * oneMinus);
            term = xt;
            return MulAdd.Of(p, xt, gs);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term)
        {
            var s = Logistic.FromExp(KernelMath.Exp(x * -p), out var oneMinus);
            var gs = g * s;
            var xt = x * (gs * oneMinus);
            term = xt;
            return MulAdd.Of(p, xt, gs);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term)
        {
            var s = Logistic.FromExp(KernelMath.Exp(x * -p), out var oneMinus);
            var gs = g * s;
            var xt = x * (gs * oneMinus);
            term = xt;
            return MulAdd.Of(p, xt, gs);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]

        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term)
        {
            var s = Logistic.FromExp(KernelMath.Exp(x * -p), out var oneMinus);
            var gs = g * s;
            var xt = x * (gs * oneMinus);
            term = xt;
            return MulAdd.Of(p, xt, gs);
        }
    }
}
