using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>Elementwise activations on inputs of many dimensions (libtorch's gelu kernel takes at most 12).</summary>
    public class HighRankTests
    {
        [Theory]
        [InlineData(13, ScalarType.Float32)]
        [InlineData(16, ScalarType.Float32)]
        [InlineData(40, ScalarType.Float32)]
        [InlineData(13, ScalarType.Float64)]
        public void ExactGeluWorksAboveTwelveDimensions(int rank, ScalarType dtype)
        {
            using var scope = NewDisposeScope();
            var shape = Enumerable.Repeat(1L, rank).ToArray();
            shape[0] = 3;
            shape[rank - 1] = 2;
            var x = randn(shape, dtype: dtype).requires_grad_();
            var y = ActivationFunctions.gelu(x);
            Assert.Equal(shape, y.shape);
            // Same values as on the flat input, which libtorch computes directly.
            var expected = nn.functional.gelu(x.detach().reshape(-1)).reshape(shape);
            Assert.True(y.detach().allclose(expected));
            y.sum().backward();
            Assert.Equal(shape, x.grad.shape);
            Assert.Equal(shape, Activations.GELU().call(x).shape);
            Assert.Equal(shape, Activations.GELU("tanh").call(x).shape);
        }

        [Fact]
        public void ExactGeluWorksOnNonContiguousHighRankInput()
        {
            using var scope = NewDisposeScope();
            // Thirteen dimensions of size 2 with reversed strides: nothing can be merged.
            var shape = Enumerable.Repeat(2L, 13).ToArray();
            var x = randn(shape).permute(Enumerable.Range(0, 13).Reverse().Select(d => (long)d).ToArray()).requires_grad_();
            var y = ActivationFunctions.gelu(x);
            Assert.Equal(x.shape, y.shape);
            // Against libtorch's float64 kernel (its float32 one is less accurate in the lower tail than ours).
            var expected = nn.functional.gelu(x.detach().to(ScalarType.Float64).contiguous().reshape(-1)).reshape(x.shape);
            Assert.True(y.detach().to(ScalarType.Float64).allclose(expected, rtol: 1e-6, atol: 1e-7));
            y.sum().backward();
            Assert.Equal(x.shape, x.grad.shape);
        }
    }
}
