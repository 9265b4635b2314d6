using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TorchActivations.Kernels
{
    /// <summary>
    /// exp and the logistic sigmoid for the managed kernels, scalar and at every vector width. net8.0 has no
    /// vector exp, so this is our own: exp(x) = 2^k · e^r with k = round(x / ln 2) and |r| ≤ ln 2 / 2
    /// (Cody–Waite: ln 2 split in a short high part, so k · high is exact, and a low part), and e^r a
    /// polynomial whose own error is far below half an ulp, evaluated by Horner's rule with
    /// <see cref="MulAdd"/>: for float32 a degree-6 minimax fit of e^r's relative error on [−ln 2/2, ln 2/2]
    /// (1.9e-9; the Taylor polynomial needs degree 7 for that, and the sigmoid kernels are bound by these
    /// operations), for float64 the Taylor polynomial of degree 13. Every body does the same IEEE operations
    /// in the same order, so a value is bit-identical whether it lands in a vector or in a scalar tail.
    /// </summary>
    internal static class KernelMath
    {
        // k = round(x·log2 e) by adding 1.5·2^23 (2^52): the sum's low mantissa bits are k in two's complement.
        private const float FLog2E = 1.44269504088896341f, FShift = 12582912f;
        private const float FLn2Hi = 0.693145751953125f, FLn2Lo = 1.42860676533018704e-6f;
        // Clamps: e^89 overflows to +inf and e^-104 rounds to 0, and k stays within [-150, 128], whose halves
        // are normal powers of two (the scale is applied in two halves so gradual underflow rounds once).
        private const float FMax = 89f, FMin = -104f;
        private const int FShiftBits = 0x4B400000;

        private const double DLog2E = 1.4426950408889634, DShift = 6755399441055744.0;
        private const double DLn2Hi = 6.93147180369123816490e-01, DLn2Lo = 1.90821492927058770002e-10;
        private const double DMax = 710.0, DMin = -746.0;
        private const long DShiftBits = 0x4338000000000000;

        // 1/n!, for the float64 polynomial.
        private const double D2 = 1.0 / 2, D3 = 1.0 / 6, D4 = 1.0 / 24, D5 = 1.0 / 120, D6 = 1.0 / 720, D7 = 1.0 / 5040,
            D8 = 1.0 / 40320, D9 = 1.0 / 362880, D10 = 1.0 / 3628800, D11 = 1.0 / 39916800, D12 = 1.0 / 479001600,
            D13 = 1.0 / 6227020800;
        // The float64 polynomial's coefficients after 1/13!, highest first, for Horner's rule.
        private static readonly double[] DCoefficients = { D12, D11, D10, D9, D8, D7, D6, D5, D4, D3, D2, 1.0, 1.0 };
        // The float32 polynomial's coefficients of r^2 to r^6 (those of 1 and r are 1), from a Remez fit in
        // float64 rounded to float32: worst relative error 7e-8 with float32 evaluation, below one ulp.
        private const float F2 = 0.49999991059303284f, F3 = 0.16666419804096222f, F4 = 0.04166822507977486f,
            F5 = 0.008374815806746483f, F6 = 0.0013836845755577087f;

        // ---- scalar ----

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x)
        {
            x = x > FMax ? FMax : x;   // NaN fails both tests and stays NaN
            x = x < FMin ? FMin : x;
            float t = MulAdd.Of(x, FLog2E, FShift);
            float kf = t - FShift;
            int k = BitConverter.SingleToInt32Bits(t) - FShiftBits;
            float r = MulAdd.Of(kf, -FLn2Lo, MulAdd.Of(kf, -FLn2Hi, x));
            float p = MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(MulAdd.Of(F6, r, F5), r, F4), r, F3), r, F2), r, 1f), r, 1f);
            int k1 = k >> 1, k2 = k - k1;
            return p * BitConverter.Int32BitsToSingle((k1 + 127) << 23) * BitConverter.Int32BitsToSingle((k2 + 127) << 23);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Exp(double x)
        {
            x = x > DMax ? DMax : x;
            x = x < DMin ? DMin : x;
            double t = MulAdd.Of(x, DLog2E, DShift);
            double kf = t - DShift;
            long k = BitConverter.DoubleToInt64Bits(t) - DShiftBits;
            double r = MulAdd.Of(kf, -DLn2Lo, MulAdd.Of(kf, -DLn2Hi, x));
            double p = D13;
            foreach (double c in DCoefficients) p = MulAdd.Of(p, r, c);
            long k1 = k >> 1, k2 = k - k1;
            return p * BitConverter.Int64BitsToDouble((k1 + 1023) << 52) * BitConverter.Int64BitsToDouble((k2 + 1023) << 52);
        }

        // ---- Vector128 ----

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Exp(Vector128<float> x)
        {
            x = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(FMax)), Vector128.Create(FMax), x);
            x = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(FMin)), Vector128.Create(FMin), x);
            var t = MulAdd.Of(x, Vector128.Create(FLog2E), Vector128.Create(FShift));
            var kf = t - Vector128.Create(FShift);
            var k = t.AsInt32() - Vector128.Create(FShiftBits);
            var r = MulAdd.Of(kf, Vector128.Create(-FLn2Lo), MulAdd.Of(kf, Vector128.Create(-FLn2Hi), x));
            var p = MulAdd.Of(Vector128.Create(F6), r, Vector128.Create(F5));
            p = MulAdd.Of(p, r, Vector128.Create(F4));
            p = MulAdd.Of(p, r, Vector128.Create(F3));
            p = MulAdd.Of(p, r, Vector128.Create(F2));
            p = MulAdd.Of(p, r, Vector128.Create(1f));
            p = MulAdd.Of(p, r, Vector128.Create(1f));
            var k1 = Vector128.ShiftRightArithmetic(k, 1);
            var k2 = k - k1;
            var bias = Vector128.Create(127);
            return p * Vector128.ShiftLeft(k1 + bias, 23).AsSingle() * Vector128.ShiftLeft(k2 + bias, 23).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Exp(Vector128<double> x)
        {
            x = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(DMax)), Vector128.Create(DMax), x);
            x = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(DMin)), Vector128.Create(DMin), x);
            var t = MulAdd.Of(x, Vector128.Create(DLog2E), Vector128.Create(DShift));
            var kf = t - Vector128.Create(DShift);
            var k = t.AsInt64() - Vector128.Create(DShiftBits);
            var r = MulAdd.Of(kf, Vector128.Create(-DLn2Lo), MulAdd.Of(kf, Vector128.Create(-DLn2Hi), x));
            var p = Vector128.Create(D13);
            foreach (double c in DCoefficients) p = MulAdd.Of(p, r, Vector128.Create(c));
            var k1 = Vector128.ShiftRightArithmetic(k, 1);
            var k2 = k - k1;
            var bias = Vector128.Create(1023L);
            return p * Vector128.ShiftLeft(k1 + bias, 52).AsDouble() * Vector128.ShiftLeft(k2 + bias, 52).AsDouble();
        }

        // ---- Vector256 ----

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Exp(Vector256<float> x)
        {
            x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(FMax)), Vector256.Create(FMax), x);
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(FMin)), Vector256.Create(FMin), x);
            var t = MulAdd.Of(x, Vector256.Create(FLog2E), Vector256.Create(FShift));
            var kf = t - Vector256.Create(FShift);
            var k = t.AsInt32() - Vector256.Create(FShiftBits);
            var r = MulAdd.Of(kf, Vector256.Create(-FLn2Lo), MulAdd.Of(kf, Vector256.Create(-FLn2Hi), x));
            var p = MulAdd.Of(Vector256.Create(F6), r, Vector256.Create(F5));
            p = MulAdd.Of(p, r, Vector256.Create(F4));
            p = MulAdd.Of(p, r, Vector256.Create(F3));
            p = MulAdd.Of(p, r, Vector256.Create(F2));
            p = MulAdd.Of(p, r, Vector256.Create(1f));
            p = MulAdd.Of(p, r, Vector256.Create(1f));
            var k1 = Vector256.ShiftRightArithmetic(k, 1);
            var k2 = k - k1;
            var bias = Vector256.Create(127);
            return p * Vector256.ShiftLeft(k1 + bias, 23).AsSingle() * Vector256.ShiftLeft(k2 + bias, 23).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Exp(Vector256<double> x)
        {
            x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(DMax)), Vector256.Create(DMax), x);
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(DMin)), Vector256.Create(DMin), x);
            var t = MulAdd.Of(x, Vector256.Create(DLog2E), Vector256.Create(DShift));
            var kf = t - Vector256.Create(DShift);
            var k = t.AsInt64() - Vector256.Create(DShiftBits);
            var r = MulAdd.Of(kf, Vector256.Create(-DLn2Lo), MulAdd.Of(kf, Vector256.Create(-DLn2Hi), x));
            var p = Vector256.Create(D13);
            foreach (double c in DCoefficients) p = MulAdd.Of(p, r, Vector256.Create(c));
            var k1 = Vector256.ShiftRightArithmetic(k, 1);
            var k2 = k - k1;
            var bias = Vector256.Create(1023L);
            return p * Vector256.ShiftLeft(k1 + bias, 52).AsDouble() * Vector256.ShiftLeft(k2 + bias, 52).AsDouble();
        }

        // ---- Vector512 ----

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Exp(Vector512<float> x)
        {
            if (Avx512F.IsSupported)
            {
                // vmin/vmax return their second operand when either is NaN: the same clamps as below, one op each.
                x = Avx512F.Max(Vector512.Create(FMin), Avx512F.Min(Vector512.Create(FMax), x));
            }
            else
            {
                x = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(FMax)), Vector512.Create(FMax), x);
                x = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(FMin)), Vector512.Create(FMin), x);
            }
            var t = MulAdd.Of(x, Vector512.Create(FLog2E), Vector512.Create(FShift));
            var kf = t - Vector512.Create(FShift);
            var k = t.AsInt32() - Vector512.Create(FShiftBits);
            var r = MulAdd.Of(kf, Vector512.Create(-FLn2Lo), MulAdd.Of(kf, Vector512.Create(-FLn2Hi), x));
            var p = MulAdd.Of(Vector512.Create(F6), r, Vector512.Create(F5));
            p = MulAdd.Of(p, r, Vector512.Create(F4));
            p = MulAdd.Of(p, r, Vector512.Create(F3));
            p = MulAdd.Of(p, r, Vector512.Create(F2));
            p = MulAdd.Of(p, r, Vector512.Create(1f));
            p = MulAdd.Of(p, r, Vector512.Create(1f));
            // vscalefps: p·2^k with one rounding, the same bits as the two half-scale multiplies below.
            if (Avx512F.IsSupported) return Avx512F.Scale(p, kf);
            var k1 = Vector512.ShiftRightArithmetic(k, 1);
            var k2 = k - k1;
            var bias = Vector512.Create(127);
            return p * Vector512.ShiftLeft(k1 + bias, 23).AsSingle() * Vector512.ShiftLeft(k2 + bias, 23).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Exp(Vector512<double> x)
        {
            if (Avx512F.IsSupported)
            {
                // vmin/vmax return their second operand when either is NaN: the same clamps as below, one op each.
                x = Avx512F.Max(Vector512.Create(DMin), Avx512F.Min(Vector512.Create(DMax), x));
            }
            else
            {
                x = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(DMax)), Vector512.Create(DMax), x);
                x = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(DMin)), Vector512.Create(DMin), x);
            }
            var t = MulAdd.Of(x, Vector512.Create(DLog2E), Vector512.Create(DShift));
            var kf = t - Vector512.Create(DShift);
            var k = t.AsInt64() - Vector512.Create(DShiftBits);
            var r = MulAdd.Of(kf, Vector512.Create(-DLn2Lo), MulAdd.Of(kf, Vector512.Create(-DLn2Hi), x));
            var p = Vector512.Create(D13);
            foreach (double c in DCoefficients) p = MulAdd.Of(p, r, Vector512.Create(c));
            if (Avx512F.IsSupported) return Avx512F.Scale(p, kf);
            var k1 = Vector512.ShiftRightArithmetic(k, 1);
            var k2 = k - k1;
            var bias = Vector512.Create(1023L);
            return p * Vector512.ShiftLeft(k1 + bias, 52).AsDouble() * Vector512.ShiftLeft(k2 + bias, 52).AsDouble();
        }

        // ---- generic over float and double (the typeof tests are resolved when the JIT specialises) ----

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Exp<T>(T x) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) { float r = Exp(Unsafe.As<T, float>(ref x)); return Unsafe.As<float, T>(ref r); }
            double d = Exp(Unsafe.As<T, double>(ref x));
            return Unsafe.As<double, T>(ref d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> Exp<T>(Vector128<T> x) where T : unmanaged =>
            typeof(T) == typeof(float) ? Exp(x.AsSingle()).As<float, T>() : Exp(x.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged =>
            typeof(T) == typeof(float) ? Exp(x.AsSingle()).As<float, T>() : Exp(x.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged =>
            typeof(T) == typeof(float) ? Exp(x.AsSingle()).As<float, T>() : Exp(x.AsDouble()).As<double, T>();
    }
}
