using System.Linq;
using System.Runtime.InteropServices;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Parity.Tests
{
    /// <summary>torch.autograd.grad's defaults as TorchSharp 0.106.0 has them.</summary>
    public class GradDefaultsTests
    {
        [Fact]
        public void GradWithCreateGraphStillFreesTheGraphUnlessRetainGraphIsSet()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 1.0, 2.0 }, requires_grad: true);
            var y = (x * x).sum();
            var g = autograd.grad(new[] { y }, new[] { x }, create_graph: true);
            Assert.Equal(new[] { 2.0, 4.0 }, g[0].data<double>().ToArray());
            // The graph of y was freed: a second backward through it fails (TorchSharp's default
            // retain_graph is false whatever create_graph is).
            Assert.Throws<ExternalException>(() => y.backward());
        }

        [Fact]
        public void AnUnusedInputGetsAnInvalidTensorNotNull()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 1.0 }, requires_grad: true);
            var unused = tensor(new[] { 1.0 }, requires_grad: true);
            var g = autograd.grad(new[] { (x * 2).sum() }, new[] { x, unused }, allow_unused: true);
            Assert.Equal(2, g.Count);
            Assert.NotNull(g[1]);
            Assert.True(g[1].IsInvalid);
        }

        [Fact]
        public void BackwardWithCreateGraphKeepsTheGraphOnlyWhenAsked()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { 3.0 }, requires_grad: true);
            var y = (x * x).sum();
            y.backward(retain_graph: true);
            y.backward();
            using var grad = x.grad;
            Assert.Equal(new[] { 12.0 }, grad.data<double>().ToArray());
        }
    }
}
