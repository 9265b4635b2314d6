using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// Our autograd functions applied straight to a leaf (an input that requires a gradient): the gradient their
    /// backward returns becomes the leaf's <c>.grad</c> as it is, not a copy of it (a full extra pass over memory
    /// per backward), and an in-place change to the leaf after the forward is still refused.
    /// </summary>
    public class LeafGradientTests
    {
        /// <summary>y = 2x, whose backward keeps a handle on the gradient it returns.</summary>
        private sealed class Doubling : GuardedFunction<Doubling>
        {
            public static Tensor LastGradient;

            public override string Name => "DoublingBackward";
            protected override string Layer => "Doubling";

            protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars) => ((Tensor)vars[0]).detach() * 2;

            protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
            {
                var dx = grad_output * 2;
                LastGradient?.Dispose();
                LastGradient = dx.alias().DetachFromDisposeScope();
                return new List<Tensor> { dx };
            }
        }

        /// <summary>Whether writing to the leaf's gradient shows in the tensor the backward returned.</summary>
        private static bool GradientIsTheReturnedTensor(Tensor leaf)
        {
            using (no_grad()) leaf.grad.fill_(7);
            return Doubling.LastGradient.eq(7).all().item<bool>();
        }

        [Fact]
        public void ALeafAdoptsTheReturnedGradientWithoutACopy()
        {
            using var scope = NewDisposeScope();
            var x = randn(1000).requires_grad_(true);
            Doubling.Apply(x).backward(new[] { ones(1000) });
            Assert.True(x.grad.allclose(full(1000, 2.0f)));
            Assert.True(GradientIsTheReturnedTensor(x));

            // TorchSharp's own apply leaves the returned gradient shared, and libtorch copies it.
            x.grad = null;
            Doubling.apply(x).backward(new[] { ones(1000) });
            Assert.True(x.grad.allclose(full(1000, 2.0f)));
            Assert.False(GradientIsTheReturnedTensor(x));
        }

        [Fact]
        public void ALeafThatDoesNotRequireAGradientIsPassedAsItIs()
        {
            using var scope = NewDisposeScope();
            var x = randn(10);
            var y = Doubling.Apply(x);
            Assert.False(y.requires_grad);
            Assert.True(y.allclose(x * 2));
        }

        [Theory]
        [InlineData("swish", "Swish")]
        [InlineData("clipped_relu:ceiling=6", "ClippedReLU")]
        [InlineData("gelu:approximate=tanh", "GELU (tanh)")]
        [InlineData("gelu", "GELU")]
        [InlineData("rrelu", "RReLU")]
        public void ChangingALeafInPlaceAfterTheForwardIsStillRefused(string spec, string layerName)
        {
            using var scope = NewDisposeScope();
            using var layer = ActivationRegistry.Create(spec);
            BackwardFailures.Clear();
            var x = randn(64, 128).requires_grad_(true);   // large enough for the fused kernels
            var y = layer.call(x);
            using (no_grad()) x.add_(1);
            Assert.ThrowsAny<ExternalException>(() => y.sum().backward());
            Assert.StartsWith(layerName + ":", BackwardFailures.Last);
            Assert.Contains("modified by an inplace operation", BackwardFailures.Last);
        }
    }
}
