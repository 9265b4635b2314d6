using System;
using System.Collections.Generic;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Every invalid argument is an ArgumentException that names the argument.</summary>
    public class ValidationTests
    {
        public static IEnumerable<object[]> InvalidArguments()
        {
            yield return Case("lower", () => new RReLU(-0.1, 0.3));
            yield return Case("upper", () => new RReLU(0.4, 0.3));
            yield return Case("lower", () => new RReLU(double.NaN, 0.3));
            yield return Case("upper", () => new RReLU(0.1, double.PositiveInfinity));
            yield return Case("upper", () => ActivationFunctions.rrelu(zeros(2), 0.3, 0.1, training: true));
            yield return Case("ceiling", () => new ClippedReLU(0));
            yield return Case("ceiling", () => new ClippedReLU(-6));
            yield return Case("ceiling", () => new ClippedReLU(double.PositiveInfinity));
            yield return Case("ceiling", () => ActivationFunctions.clipped_relu(zeros(2), double.NaN));
            yield return Case("beta", () => new Swish(double.NaN));
            yield return Case("num_parameters", () => new Swish(1.0, num_parameters: 0));
            yield return Case("beta", () => ActivationFunctions.swish(zeros(2), double.PositiveInfinity));
            yield return Case("pieces", () => new Maxout(0));
            yield return Case("pieces", () => ActivationFunctions.maxout(zeros(2, 4), -1));
            yield return Case("dim", () => new Maxout(2, dim: 3).call(zeros(2, 4)));
            yield return Case("in_features", () => new MaxoutLinear(0, 3, 2));
            yield return Case("out_features", () => new MaxoutLinear(3, 0, 2));
            yield return Case("pieces", () => new MaxoutLinear(3, 3, 0));
            yield return Case("approximate", () => new GELU("fast"));
            yield return Case("approximate", () => new GELU(null));
            yield return Case("approximate", () => ActivationFunctions.gelu(zeros(2), "Tanh"));
            yield return Case("negative_slope", () => new LeakyReLU(double.NaN));
            yield return Case("num_parameters", () => new PReLU(0));
            yield return Case("init", () => new PReLU(1, double.NegativeInfinity));
            yield return Case("alpha", () => new ELU(double.NaN));
            yield return Case("beta", () => new Softplus(0));
            yield return Case("threshold", () => new Softplus(1, -1));
            yield return Case("value_at_zero", () => new Step(double.NaN));
        }

        [Theory]
        [MemberData(nameof(InvalidArguments))]
        public void InvalidArgumentIsRejectedByName(string argument, Action create)
        {
            using var scope = NewDisposeScope();
            var error = Assert.ThrowsAny<ArgumentException>(create);
            Assert.Equal(argument, error.ParamName);
            Assert.Contains(argument, error.Message);
        }

        [Fact]
        public void RangeErrorsStateTheAllowedRange()
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RReLU(0.5, 0.2));
            Assert.Contains("lower <= upper", error.Message);
            Assert.Contains("> 0", Assert.Throws<ArgumentOutOfRangeException>(() => new ClippedReLU(0)).Message);
        }

        [Fact]
        public void MaxoutLinearNamesAWrongInputWidthOrDtype()
        {
            using var scope = NewDisposeScope();
            using var unit = new MaxoutLinear(4, 3, 2);
            var width = Assert.Throws<ArgumentException>(() => unit.call(zeros(2, 5)));
            Assert.Contains("in_features = 4", width.Message);
            Assert.Contains("[2, 5]", width.Message);
            var dtype = Assert.Throws<ArgumentException>(() => unit.call(zeros(new long[] { 2, 4 }, dtype: ScalarType.Float64)));
            Assert.Contains("Float64", dtype.Message);
            Assert.Equal(new long[] { 2, 3 }, unit.call(zeros(2, 4)).shape);
        }

        [Fact]
        public void GradCheckRejectsFloat32Inputs()
        {
            using var scope = NewDisposeScope();
            var x = zeros(3).requires_grad_(true);
            var error = Assert.Throws<ArgumentException>(() => GradCheck.Check(t => t * 2, x));
            Assert.Contains("float64", error.Message);
        }

        private static object[] Case(string argument, Func<object> create) => new object[] { argument, (Action)(() => create()) };
    }
}
