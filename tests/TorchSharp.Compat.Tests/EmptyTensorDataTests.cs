using System;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Element access to tensors without elements: libtorch gives them no data pointer.</summary>
    [Collection("native-handle-counts")]
    public class EmptyTensorDataTests
    {
        [Fact]
        public void EmptyTensorGivesAnEmptyAccessorAndLeaksNoHandle()
        {
            long before = Tensor.TotalCount;
            using (var empty = zeros(0)) {
                using var accessor = empty.data<float>();
                Assert.Equal(0, accessor.Count);
                Assert.Empty(accessor.ToArray());
                Assert.Empty(accessor);
                Assert.Throws<IndexOutOfRangeException>(() => accessor[0]);
            }
            Assert.Equal(before, Tensor.TotalCount);
        }

        [Fact]
        public void EmptySelectionGivesAnEmptyArray()
        {
            long before = Tensor.TotalCount;
            using (var scope = NewDisposeScope()) {
                var x = arange(10, dtype: ScalarType.Float32);
                var selected = x[x > 100];
                Assert.Equal(new long[] { 0 }, selected.shape);
                using (var values = selected.data<float>()) Assert.Empty(values.ToArray());
                var empty2d = zeros(3, 0, dtype: ScalarType.Float64);
                using var accessor = empty2d.data<double>();
                Assert.Equal(0, accessor.Count);
            }
            Assert.Equal(before, Tensor.TotalCount);
        }
    }
}
