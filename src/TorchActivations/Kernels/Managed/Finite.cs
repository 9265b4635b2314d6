using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>All-ones lanes where x is finite (neither infinite nor NaN): |x| &lt; ∞ is false for both.</summary>
    internal static class Finite
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Mask<T>(Vector128<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            Vector128.LessThan(Vector128.Abs(x), Vector128.Create(T.PositiveInfinity));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Mask<T>(Vector256<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            Vector256.LessThan(Vector256.Abs(x), Vector256.Create(T.PositiveInfinity));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Mask<T>(Vector512<T> x) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
            Vector512.LessThan(Vector512.Abs(x), Vector512.Create(T.PositiveInfinity));
    }
}
