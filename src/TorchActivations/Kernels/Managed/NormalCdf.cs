using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// The standard normal CDF Φ(x) in float32 for the exact GELU kernel, with E = exp(−x²/2) (the normal
    /// density is E/√(2π)). With t = |x|/√2 and u = 1/(1 + t/2): erfc(t) = u·exp(−t²)·H(u), H a degree-8
    /// polynomial fitted (Remez, relative error 4e-8) to erfc(t)·exp(t²)/u on u ∈ [0.15, 1], i.e. t ≤ 11.3.
    /// Then Φ(x) = erfc(t)/2 for x &lt; 0 and 1 − erfc(t)/2 otherwise: the lower tail keeps its relative
    /// precision (1 + erf(x/√2) would lose it all by x = −5), and erfc(t) is within 3e-7 of the true value,
    /// relative, for every t. The exponent t² = x²/2 is taken from |x| itself, split exactly into hi + lo with a
    /// fused multiply-add: rounding t = |x|/√2 first and squaring it would cost exp(−t²) 1e-6 of relative
    /// precision by x = −6 and 7e-6 by x = −12. |x| is capped at 10.5·√2, past which erfc(t) and E are 0 in
    /// float32: +∞ gives Φ = 1 (y = +∞, not libtorch's NaN), −∞ gives Φ = 0, NaN stays NaN.
    /// </summary>
    internal static class NormalCdf
    {
        private const float InvSqrt2 = 0.70710678118654752f, ACap = 14.849242f;   // 10.5·√2
        private const float C0 = 0.28208476305007935f, C1 = 0.28240421414375305f, C2 = 0.24289312958717346f,
            C3 = 0.20352087914943695f, C4 = -0.02859717607498169f, C5 = 0.2809285819530487f, C6 = -0.4897000193595886f,
            C7 = 0.28578171133995056f, C8 = -0.059316132217645645f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Phi(float x, out float e)
        {
            float a = MathF.Abs(x);
            a = a > ACap ? ACap : a;   // NaN fails the test and stays NaN
            float u = 1f / MulAdd.Of(a * InvSqrt2, 0.5f, 1f);
            float h = MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(C8, u, C7), u, C6), u, C5), u, C4), u, C3), u, C2), u, C1), u, C0);
            float sq = a * a, lo = MulAdd.Of(a, a, -sq) * 0.5f;
            e = KernelMath.Exp(sq * -0.5f);
            e = MulAdd.Of(-e, lo, e);
            float half = 0.5f * u * h * e;
            return x < 0f ? half : 1f - half;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Phi(Vector128<float> x, out Vector128<float> e)
        {
            var a = Vector128.Abs(x);
            var cap = Vector128.Create(ACap);
            a = Vector128.ConditionalSelect(Vector128.GreaterThan(a, cap), cap, a);
            var u = Vector128.Create(1f) / MulAdd.Of(a * Vector128.Create(InvSqrt2), Vector128.Create(0.5f), Vector128.Create(1f));
            var h = MulAdd.Of(Vector128.Create(C8), u, Vector128.Create(C7));
            h = MulAdd.Of(h, u, Vector128.Create(C6));
            h = MulAdd.Of(h, u, Vector128.Create(C5));
            h = MulAdd.Of(h, u, Vector128.Create(C4));
            h = MulAdd.Of(h, u, Vector128.Create(C3));
            h = MulAdd.Of(h, u, Vector128.Create(C2));
            h = MulAdd.Of(h, u, Vector128.Create(C1));
            h = MulAdd.Of(h, u, Vector128.Create(C0));
            var sq = a * a;
            var lo = MulAdd.Of(a, a, -sq) * Vector128.Create(0.5f);
            e = KernelMath.Exp(sq * Vector128.Create(-0.5f));
            e = MulAdd.Of(-e, lo, e);
            var half = Vector128.Create(0.5f) * u * h * e;
            return Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), half, Vector128.Create(1f) - half);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Phi(Vector256<float> x, out Vector256<float> e)
        {
            var a = Vector256.Abs(x);
            var cap = Vector256.Create(ACap);
            a = Vector256.ConditionalSelect(Vector256.GreaterThan(a, cap), cap, a);
            var u = Vector256.Create(1f) / MulAdd.Of(a * Vector256.Create(InvSqrt2), Vector256.Create(0.5f), Vector256.Create(1f));
            var h = MulAdd.Of(Vector256.Create(C8), u, Vector256.Create(C7));
            h = MulAdd.Of(h, u, Vector256.Create(C6));
            h = MulAdd.Of(h, u, Vector256.Create(C5));
            h = MulAdd.Of(h, u, Vector256.Create(C4));
            h = MulAdd.Of(h, u, Vector256.Create(C3));
            h = MulAdd.Of(h, u, Vector256.Create(C2));
            h = MulAdd.Of(h, u, Vector256.Create(C1));
            h = MulAdd.Of(h, u, Vector256.Create(C0));
            var sq = a * a;
            var lo = MulAdd.Of(a, a, -sq) * Vector256.Create(0.5f);
            e = KernelMath.Exp(sq * Vector256.Create(-0.5f));
            e = MulAdd.Of(-e, lo, e);
            var half = Vector256.Create(0.5f) * u * h * e;
            return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), half, Vector256.Create(1f) - half);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Phi(Vector512<float> x, out Vector512<float> e)
        {
            var a = Vector512.Abs(x);
            var cap = Vector512.Create(ACap);
            a = Vector512.ConditionalSelect(Vector512.GreaterThan(a, cap), cap, a);
            var u = Vector512.Create(1f) / MulAdd.Of(a * Vector512.Create(InvSqrt2), Vector512.Create(0.5f), Vector512.Create(1f));
            var h = MulAdd.Of(Vector512.Create(C8), u, Vector512.Create(C7));
            h = MulAdd.Of(h, u, Vector512.Create(C6));
            h = MulAdd.Of(h, u, Vector512.Create(C5));
            h = MulAdd.Of(h, u, Vector512.Create(C4));
            h = MulAdd.Of(h, u, Vector512.Create(C3));
            h = MulAdd.Of(h, u, Vector512.Create(C2));
            h = MulAdd.Of(h, u, Vector512.Create(C1));
            h = MulAdd.Of(h, u, Vector512.Create(C0));
            var sq = a * a;
            var lo = MulAdd.Of(a, a, -sq) * Vector512.Create(0.5f);
            e = KernelMath.Exp(sq * Vector512.Create(-0.5f));
            e = MulAdd.Of(-e, lo, e);
            var half = Vector512.Create(0.5f) * u * h * e;
            return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), half, Vector512.Create(1f) - half);
        }
    }
}
