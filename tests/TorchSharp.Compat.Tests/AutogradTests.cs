using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    public class AutogradTests
    {
        [Fact]
        public void BackwardAccumulatesAnalyticGradient()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new double[] { -1, 0.5, 2 }, requires_grad: true);
            var y = x.pow(3).sum();          // dy/dx = 3x^2
            y.backward();
            Assert.Equal(new double[] { 3, 0.75, 12 }, x.grad.data<double>().ToArray());
            x.pow(3).sum().backward();       // accumulates
            Assert.Equal(new double[] { 6, 1.5, 24 }, x.grad.data<double>().ToArray());
        }

        [Fact]
        public void AutogradGradWithCreateGraphGivesSecondDerivative()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new double[] { 1, 2 }, requires_grad: true);
            var y = x.pow(3).sum();
            var dx = autograd.grad(new[] { y }, new[] { x }, create_graph: true)[0];   // 3x^2
            Assert.True(dx.requires_grad);
            var d2x = autograd.grad(new[] { dx.sum() }, new[] { x })[0];               // 6x
            Assert.Equal(new double[] { 6, 12 }, d2x.data<double>().ToArray());
        }

        [Fact]
        public void NoGradStopsRecording()
        {
            using var scope = NewDisposeScope();
            var x = ones(3, requires_grad: true);
            using (no_grad()) {
                Assert.False(is_grad_enabled());
                Assert.False((x * 2).requires_grad);
            }
            Assert.True(is_grad_enabled());
            Assert.True((x * 2).requires_grad);
            Assert.False((x * 2).detach().requires_grad);
        }

        // f(x) = x^3 with a hand-written backward, to check the callback path.
        private sealed class Cube : autograd.SingleTensorFunction<Cube>
        {
            public override string Name => "Cube";

            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
            {
                var x = (Tensor)vars[0];
                ctx.save_for_backward(new List<Tensor> { x });
                ctx.save_data("scale", 3.0);
                return x.pow(3);
            }

            public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
            {
                var x = ctx.get_saved_variables()[0];
                var scale = (double)ctx.get_data("scale");
                return new List<Tensor> { grad_output * x.pow(2) * scale };
            }
        }

        [Fact]
        public void CustomFunctionRunsManagedForwardAndBackward()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new double[] { -2, 1, 3 }, requires_grad: true);
            var y = Cube.apply(x);
            Assert.Equal(new double[] { -8, 1, 27 }, y.data<double>().ToArray());
            y.sum().backward();
            Assert.Equal(new double[] { 12, 3, 27 }, x.grad.data<double>().ToArray());
        }

        [Fact]
        public void CustomFunctionSupportsDoubleBackward()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new double[] { 2 }, requires_grad: true);
            var y = Cube.apply(x);
            var dx = autograd.grad(new[] { y.sum() }, new[] { x }, create_graph: true)[0];     // 3x^2 = 12
            Assert.Equal(12.0, dx.item<double>(), 12);
            var d2x = autograd.grad(new[] { dx.sum() }, new[] { x })[0];                       // 6x = 12
            Assert.Equal(12.0, d2x.item<double>(), 12);
        }

        private sealed class FailingBackward : autograd.SingleTensorFunction<FailingBackward>
        {
            public override string Name => "FailingBackward";
            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).mul(2);
            public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
                throw new InvalidTimeZoneException("thrown inside a managed backward");
        }

        [Fact]
        public void ExceptionInManagedBackwardReachesTheCallerUnchanged()
        {
            using var scope = NewDisposeScope();
            var x = ones(2, requires_grad: true);
            var y = FailingBackward.apply(x).sum();
            var e = Assert.Throws<InvalidTimeZoneException>(() => y.backward());
            Assert.Equal("thrown inside a managed backward", e.Message);
            // The process and libtorch are still usable afterwards.
            var z = (x * 3).sum();
            z.backward();
            Assert.Equal(new float[] { 3, 3 }, x.grad.data<float>().ToArray());
        }

        private sealed class NullForward : autograd.SingleTensorFunction<NullForward>
        {
            public override string Name => "NullForward";
            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => null;
            public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) => new List<Tensor> { grad_output };
        }

        private sealed class NullListForward : autograd.MultiTensorFunction<NullListForward>
        {
            public override string Name => "NullListForward";
            public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars) => null;
            public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs) => grad_outputs;
        }

        [Fact]
        public void ForwardReturningNullIsAClearErrorNamingTheFunction()
        {
            using var scope = NewDisposeScope();
            var x = ones(2, requires_grad: true);
            int before = Native.ManagedFunctions.LiveCalls;
            var single = Assert.Throws<InvalidOperationException>(() => NullForward.apply(x));
            Assert.Contains("NullForward", single.Message);
            Assert.Contains("returned null", single.Message);
            var multi = Assert.Throws<InvalidOperationException>(() => NullListForward.apply(x));
            Assert.Contains("NullListForward", multi.Message);
            // Nothing is left behind and autograd still works.
            Assert.Equal(before, Native.ManagedFunctions.LiveCalls);
            var z = (x * 3).sum();
            z.backward();
            Assert.Equal(new float[] { 3, 3 }, x.grad.data<float>().ToArray());
        }

        [Fact]
        public void AnErrorInsideAutogradGradIsAnExceptionNotAnAbort()
        {
            // TorchSharp 0.106.0 lets this libtorch error escape its native layer, which ends the process.
            using var scope = NewDisposeScope();
            var x = ones(2, requires_grad: true);
            var unused = ones(2, requires_grad: true);
            var y = (x * x).sum();
            var e = Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => autograd.grad(new[] { y }, new[] { unused }));
            Assert.Contains("appears to not have been used in the graph", e.Message);
            autograd.grad(new[] { y }, new[] { x });
            Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => autograd.grad(new[] { y }, new[] { x }));   // graph freed
        }

        [Fact]
        public void RReLUModuleSamplesItsSlopesInTraining()
        {
            // TorchSharp 0.106.0's nn.RReLU always uses the evaluation slope.
            using var scope = NewDisposeScope();
            random.manual_seed(5);
            var rrelu = nn.RReLU(0.1, 0.3);
            var y = rrelu.call(full(1000, -1.0f));
            var slopes = (-y).data<float>().ToArray();
            Assert.All(slopes, s => Assert.InRange(s, 0.1f, 0.3f));
            Assert.True(slopes.Distinct().Count() > 900);
            rrelu.eval();
            Assert.All(rrelu.call(full(10, -1.0f)).data<float>().ToArray(), v => Assert.Equal(-0.2f, v, 6));
        }

        [Fact]
        public void CustomFunctionStateIsReleasedWithTheGraph()
        {
            int before = Native.ManagedFunctions.LiveCalls;
            using (var scope = NewDisposeScope()) {
                var x = ones(4, requires_grad: true);
                for (int i = 0; i < 10; ++i) Cube.apply(x).sum().backward();
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Equal(before, Native.ManagedFunctions.LiveCalls);
        }
    }
}

namespace TorchSharp.Compat.Tests
{
    public class CustomFunctionArgumentTests
    {
        // A non-tensor argument, with gradients returned in TorchSharp's form (one per argument).
        private sealed class Scale : autograd.SingleTensorFunction<Scale>
        {
            public override string Name => "Scale";
            public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
            {
                ctx.save_data("factor", (double)vars[1]);
                return ((Tensor)vars[0]) * (double)vars[1];
            }
            public override System.Collections.Generic.List<Tensor> backward(autograd.AutogradContext ctx, Tensor g) =>
                new System.Collections.Generic.List<Tensor> { g * (double)ctx.get_data("factor"), null };
        }

        [Fact]
        public void GradientsMayBeGivenPerArgumentWithNullForNonTensors()
        {
            using var scope = NewDisposeScope();
            var x = ones(3, requires_grad: true);
            Scale.apply(x, 2.5).sum().backward();
            Assert.Equal(new float[] { 2.5f, 2.5f, 2.5f }, x.grad.data<float>().ToArray());
        }

        [Fact]
        public void PrivateGeneratorsAreRefusedNotIgnored()
        {
            Assert.Throws<System.NotSupportedException>(() => rand(new long[] { 2 }, generator: new Generator()));
            using var t = rand(new long[] { 2 }, generator: random.manual_seed(1));   // the default generator is fine
            Assert.True(zeros(3).is_contiguous());
            using var tt = ones(2, 3).t();
            Assert.False(tt.is_contiguous());
        }
    }
}
