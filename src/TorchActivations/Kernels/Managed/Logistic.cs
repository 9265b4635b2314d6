using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// The logistic sigmoid s = σ(z) = 1 / (1 + e), e = exp(−z), with its complement 1 − s returned as e·s:
    /// 1 − s by subtraction loses all relative precision where s is near 1 (z of 10 already costs float32
    /// three digits), and Swish's and GELU's gradients multiply by it. Saturation is clean: z → +∞ gives
    /// e = 0, s = 1, 1 − s = 0; z → −∞ gives e = +∞, s = 0, and 1 − s is set to 1 (e·s would be ∞·0).
    /// </summary>
    internal static class Logistic
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Sigmoid<T>(T z) where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.One / (T.One + KernelMath.Exp(-z));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Sigmoid<T>(T z, out T oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            FromExp(KernelMath.Exp(-z), out oneMinus);

        /// <summary>σ(z) and 1 − σ(z) from e = exp(−z): for callers that form −z themselves (Swish's x·(−β),
        /// with −β negated once rather than once per vector).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T FromExp<T>(T e, out T oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            T s = T.One / (T.One + e);
            oneMinus = s == T.Zero ? T.One : e * s;
            return s;
        }

        /// <summary>σ(z) alone: the same bits as the two-result form, without the complement.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Sigmoid<T>(Vector128<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var one = Vector128.Create(T.One);
            return one / (one + KernelMath.Exp(-z));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Sigmoid<T>(Vector128<T> z, out Vector128<T> oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            FromExp(KernelMath.Exp(-z), out oneMinus);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> FromExp<T>(Vector128<T> e, out Vector128<T> oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var one = Vector128.Create(T.One);
            var s = one / (one + e);
            oneMinus = Vector128.ConditionalSelect(Vector128.Equals(s, Vector128<T>.Zero), one, e * s);
            return s;
        }

        /// <summary>σ(z) alone: the same bits as the two-result form, without the complement.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Sigmoid<T>(Vector256<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var one = Vector256.Create(T.One);
            return one / (one + KernelMath.Exp(-z));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Sigmoid<T>(Vector256<T> z, out Vector256<T> oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            FromExp(KernelMath.Exp(-z), out oneMinus);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> FromExp<T>(Vector256<T> e, out Vector256<T> oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var one = Vector256.Create(T.One);
            var s = one / (one + e);
            oneMinus = Vector256.ConditionalSelect(Vector256.Equals(s, Vector256<T>.Zero), one, e * s);
            return s;
        }

        /// <summary>σ(z) alone: the same bits as the two-result form, without the complement.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Sigmoid<T>(Vector512<T> z) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var one = Vector512.Create(T.One);
            return one / (one + KernelMath.Exp(-z));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Sigmoid<T>(Vector512<T> z, out Vector512<T> oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            FromExp(KernelMath.Exp(-z), out oneMinus);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> FromExp<T>(Vector512<T> e, out Vector512<T> oneMinus) where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            var one = Vector512.Create(T.One);
            var s = one / (one + e);
            oneMinus = Vector512.ConditionalSelect(Vector512.Equals(s, Vector512<T>.Zero), one, e * s);
            return s;
        }
    }
}
