using System;
using System.Collections.Generic;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>The checker itself: it must fail on wrong gradients and say where.</summary>
    public class GradCheckToolTests
    {
        /// <summary>x² with a backward that returns 3x instead of 2x.</summary>
        private sealed class WrongSquare : autograd.SingleTensorFunction<WrongSquare>
        {
            public override string Name => "WrongSquare";

            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
            {
                var x = (Tensor)vars[0];
                ctx.save_for_backward(new List<Tensor> { x });
                return x * x;
            }

            public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
                new List<Tensor> { grad_output * 3 * ctx.get_saved_variables()[0] };
        }

        /// <summary>x³ with the right first derivative, computed from a detached x: second derivatives are lost.</summary>
        private sealed class DetachedCube : autograd.SingleTensorFunction<DetachedCube>
        {
            public override string Name => "DetachedCube";

            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
            {
                var x = (Tensor)vars[0];
                ctx.save_for_backward(new List<Tensor> { x });
                return x.pow(3);
            }

            public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
                new List<Tensor> { grad_output * 3 * ctx.get_saved_variables()[0].detach().square() };
        }

        [Fact]
        public void ACorrectGradientPassesWithTinyErrors()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 3, 4 }, seed: 61, requires_grad: true);
            var result = GradCheck.Check(t => t.sin() * t, x);

            Assert.True(result.Passed, result.ToString());
            Assert.Equal(144, result.ComparedEntries);
            Assert.True(result.MaxAbsoluteError < 1e-8, result.ToString());
        }

        [Fact]
        public void AWrongGradientFailsAndIsLocated()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 0.5, -1.0, 2.0, 0.25 }, dtype: ScalarType.Float64).requires_grad_(true);
            var result = GradCheck.Check(t => WrongSquare.apply(t), x);

            Assert.False(result.Passed);
            // The largest error is at x = 2: analytical 3·2 = 6, numerical 2·2 = 4, on the Jacobian's diagonal.
            var worst = result.WorstAbsolute;
            Assert.Equal(new long[] { 2 }, worst.InputElement);
            Assert.Equal(new long[] { 2 }, worst.OutputElement);
            Assert.Equal(6.0, worst.Analytical, 9);
            Assert.Equal(4.0, worst.Numerical, 6);
            Assert.Equal(2.0, result.MaxAbsoluteError, 6);
            Assert.Equal(0.5, result.MaxRelativeError, 6);
            Assert.Contains("FAILED", result.ToString());
        }

        [Fact]
        public void RaiseExceptionThrowsWithTheDetail()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 0.5, -1.0, 2.0 }, dtype: ScalarType.Float64).requires_grad_(true);
            var error = Assert.Throws<GradCheckException>(() =>
                GradCheck.Check(t => WrongSquare.apply(t), x, new GradCheckOptions { RaiseException = true }));
            Assert.False(error.Result.Passed);
            Assert.Contains("input 0[2]", error.Message);
            Assert.Contains("output 0[2]", error.Message);
        }

        [Fact]
        public void FastModeAlsoCatchesAWrongGradient()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 50 }, low: 0.5, high: 2, seed: 62, requires_grad: true);

            var wrong = GradCheck.Check(t => WrongSquare.apply(t), x, new GradCheckOptions { FastMode = true });
            var right = GradCheck.Check(t => t * t, x, new GradCheckOptions { FastMode = true });

            Assert.False(wrong.Passed, wrong.ToString());
            Assert.Equal(1, wrong.ComparedEntries);
            Assert.Null(wrong.WorstViolation.InputElement);
            Assert.True(right.Passed, right.ToString());
        }

        [Fact]
        public void GradGradCheckCatchesABackwardThatIsNotDifferentiable()
        {
            using var scope = NewDisposeScope();
            var x = Samples.Uniform(new long[] { 5 }, seed: 63, requires_grad: true);

            Assert.True(GradCheck.Check(t => DetachedCube.apply(t), x).Passed);
            var second = GradGradCheck.Check(t => DetachedCube.apply(t), x);
            Assert.False(second.Passed, second.ToString());
            Assert.Equal("input 0", second.WorstViolation.InputName);
            Assert.True(GradGradCheck.Check(t => t.pow(3), x).Passed);
        }

        [Fact]
        public void AWrongParameterGradientIsReportedByName()
        {
            using var scope = NewDisposeScope();
            using var layer = new ScaledByWrongSquare();
            var x = Samples.Uniform(new long[] { 4 }, seed: 64); // input not checked

            var result = GradCheck.Check(layer, x);

            Assert.False(result.Passed);
            Assert.Equal("w", result.WorstViolation.InputName);
        }

        private sealed class ScaledByWrongSquare : nn.Module<Tensor, Tensor>
        {
            public ScaledByWrongSquare() : base(nameof(ScaledByWrongSquare))
            {
                register_parameter("w", nn.Parameter(tensor(new[] { 1.5 }, dtype: ScalarType.Float64)));
            }

            public override Tensor forward(Tensor input) => input * WrongSquare.apply(get_parameter("w"));
        }
    }
}
