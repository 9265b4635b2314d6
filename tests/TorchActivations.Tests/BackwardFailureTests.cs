using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// User mistakes that would end the process inside TorchSharp give .NET exceptions instead: a layer's saved
    /// input modified in place before <c>backward()</c> (an exception escaping a custom function's backward
    /// aborts the process), and gradient checks whose autograd calls fail (TorchSharp's <c>autograd.grad</c>
    /// aborts on any libtorch error). A regression here crashes the test run instead of failing one test.
    /// </summary>
    public abstract class BackwardFailureTests : KernelPathSetting
    {
        protected BackwardFailureTests(bool composite) : base(composite) { }

        public static IEnumerable<object[]> LayersThatSaveTheirInput()
        {
            // spec, the name in the failure, whether only the fused path saves the input (the composite path
            // of the others is libtorch's own ops, whose errors TorchSharp already turns into exceptions)
            yield return new object[] { "swish", "Swish", false };
            yield return new object[] { "swish:learnable=false", "Swish", false };
            yield return new object[] { "clipped_relu:ceiling=6", "ClippedReLU", false };
            yield return new object[] { "gelu:approximate=tanh", "GELU (tanh)", true };
            yield return new object[] { "gelu", "GELU", true };
            yield return new object[] { "rrelu", "RReLU", true };
        }

        [Theory]
        [MemberData(nameof(LayersThatSaveTheirInput))]
        public void ModifyingASavedInputInPlaceGivesAnExceptionNamingTheLayer(string spec, string layerName, bool fusedOnly)
        {
            using var scope = NewDisposeScope();
            if (ActivationKernels.ForceComposite && fusedOnly) return;   // libtorch's own ops: nothing of ours runs
            using var layer = ActivationRegistry.Create(spec);
            BackwardFailures.Clear();
            var x = randn(64, 128).requires_grad_(true);
            var h = x * 1;                 // not a leaf, so it may be modified in place
            var y = layer.call(h);
            h.add_(1);                     // the mistake: the layer saved h for its backward
            var e = Assert.ThrowsAny<ExternalException>(() => y.sum().backward());
            Assert.Contains("invalid gradient", e.Message);
            Assert.NotNull(BackwardFailures.Last);
            Assert.StartsWith(layerName + ":", BackwardFailures.Last);
            Assert.Contains("modified by an inplace operation", BackwardFailures.Last);

            // The process goes on, and the same layer trains normally afterwards.
            var x2 = randn(64, 128).requires_grad_(true);
            layer.call(x2).sum().backward();
            Assert.Equal(x2.shape, x2.grad.shape);
        }

        [Fact]
        public void FusedTrainingLayersThatNeedNoInputKeepWorkingAfterAnInPlaceChange()
        {
            // Maxout keeps only the winners' positions, like libtorch's max: changing its input afterwards does
            // not change the gradient, so there is nothing to refuse.
            using var scope = NewDisposeScope();
            var x = randn(8, 64).requires_grad_(true);
            var h = x * 1;
            var y = new Maxout(2).call(h);
            h.add_(1);
            y.sum().backward();
            Assert.Equal(x.shape, x.grad.shape);
        }

        [Fact]
        public void GradCheckOfAFunctionThatBreaksItsOwnGraphThrows()
        {
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 3, 4 }, dtype: ScalarType.Float64).requires_grad_(true);
            using var swish = new Swish(1.2, dtype: ScalarType.Float64);
            Func<Tensor, Tensor> broken = t => {
                var h = t * 1;
                var y = swish.call(h);
                h.mul_(2);
                return y;
            };
            Assert.ThrowsAny<ExternalException>(() => GradCheck.Check(broken, x));
            Assert.ThrowsAny<ExternalException>(() => GradGradCheck.Check(broken, x));
        }

        [Fact]
        public void GradCheckOfAnOutputWithoutAGraphReportsZeroGradients()
        {
            // autograd.grad would end the process here ("element 0 of tensors does not require grad").
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 3 }, dtype: ScalarType.Float64).requires_grad_(true);
            var result = GradCheck.Check(t => t.detach() * 2, x);
            Assert.False(result.Passed);
        }
    }

    public sealed class BackwardFailureTestsOnFusedKernels : BackwardFailureTests
    {
        public BackwardFailureTestsOnFusedKernels() : base(composite: false) { }
    }

    public sealed class BackwardFailureTestsOnCompositePath : BackwardFailureTests
    {
        public BackwardFailureTestsOnCompositePath() : base(composite: true) { }
    }
}
