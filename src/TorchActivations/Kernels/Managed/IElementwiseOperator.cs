using System.Numerics;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// One elementwise function, y = f(x, g, p), with a scalar body and a body per vector width that all
    /// give the same bits. x is the input, g the incoming gradient (one-input operators ignore it; the
    /// driver then passes x again), p a parameter that is either one value or one per element (Swish's β).
    /// term is a second per-element result that the driver can sum, multiplied by x (Swish's dβ terms are
    /// (x·g·s(1 − s))·x, so the operator returns x·g·s(1 − s) and the driver's fused multiply-add does the
    /// rest); operators without one set it to anything cheap, and the JIT drops it when no sums are asked for.
    /// </summary>
    internal interface IElementwiseOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static abstract T Invoke(T x, T g, T p, out T term);
        static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> g, Vector128<T> p, out Vector128<T> term);
        static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> g, Vector256<T> p, out Vector256<T> term);
        static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> g, Vector512<T> p, out Vector512<T> term);
    }
}
