using System;
using System.Runtime.Intrinsics;
using TorchActivations.Kernels;
using Xunit;

namespace TorchActivations.Tests
{
    [Collection(ManagedKernelCollection.Name)]
    public class KernelMathTests
    {
        private static long UlpDistance(float a, float b) => Math.Abs((long)BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));
        private static long UlpDistance(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

        [Fact]
        public void Float32ExpIsWithinOneUlpOfTheRoundedTrueValue()
        {
            // Math.Exp in double, rounded to float, is the correctly rounded value but for rare double roundings.
            long worst = 0;
            for (double x = -103.0; x <= 88.7; x += 0.000731)
            {
                float xf = (float)x;
                worst = Math.Max(worst, UlpDistance((float)Math.Exp(xf), KernelMath.Exp(xf)));
            }
            Assert.True(worst <= 1, $"worst {worst} ulps");
        }

        [Fact]
        public void Float64ExpIsWithinTwoUlpsOfMathExp()
        {
            long worst = 0;
            var rng = new Random(5);
            for (int i = 0; i < 400_000; i++)
            {
                double x = -745 + rng.NextDouble() * (709.7 + 745);
                if (Math.Exp(x) < 2.3e-308) continue;   // subnormal results have fewer bits: ulps mean less there
                worst = Math.Max(worst, UlpDistance(Math.Exp(x), KernelMath.Exp(x)));
            }
            Assert.True(worst <= 2, $"worst {worst} ulps");
        }

        [Fact]
        public void ExpSaturatesAndPropagatesNaN()
        {
            Assert.Equal(float.PositiveInfinity, KernelMath.Exp(89f));
            Assert.Equal(float.PositiveInfinity, KernelMath.Exp(float.PositiveInfinity));
            Assert.Equal(0f, KernelMath.Exp(-104f));
            Assert.Equal(0f, KernelMath.Exp(float.NegativeInfinity));
            Assert.True(float.IsNaN(KernelMath.Exp(float.NaN)));
            Assert.Equal(double.PositiveInfinity, KernelMath.Exp(710.0));
            Assert.Equal(0.0, KernelMath.Exp(-746.0));
            Assert.True(double.IsNaN(KernelMath.Exp(double.NaN)));
            Assert.Equal(1f, KernelMath.Exp(0f));
            Assert.Equal(1.0, KernelMath.Exp(0.0));
        }

        [Fact]
        public void VectorExpEqualsScalarExp()
        {
            var rng = new Random(9);
            for (int i = 0; i < 2000; i++)
            {
                float xf = (float)(rng.NextDouble() * 220 - 110);
                double xd = rng.NextDouble() * 1500 - 750;
                Assert.Equal(KernelMath.Exp(xf), KernelMath.Exp(Vector128.Create(xf)).GetElement(1));
                Assert.Equal(KernelMath.Exp(xf), KernelMath.Exp(Vector256.Create(xf)).GetElement(5));
                Assert.Equal(KernelMath.Exp(xf), KernelMath.Exp(Vector512.Create(xf)).GetElement(11));
                Assert.Equal(KernelMath.Exp(xd), KernelMath.Exp(Vector128.Create(xd)).GetElement(1));
                Assert.Equal(KernelMath.Exp(xd), KernelMath.Exp(Vector256.Create(xd)).GetElement(3));
                Assert.Equal(KernelMath.Exp(xd), KernelMath.Exp(Vector512.Create(xd)).GetElement(7));
            }
        }
    }
}
