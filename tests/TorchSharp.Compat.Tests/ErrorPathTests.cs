using System;
using System.Runtime.InteropServices;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Bad input raises a .NET exception with libtorch's message; the process lives on.</summary>
    public class ErrorPathTests
    {
        [Fact]
        public void ShapeMismatchRaisesWithLibtorchMessage()
        {
            using var scope = NewDisposeScope();
            var e = Assert.Throws<ExternalException>(() => randn(2, 3).matmul(randn(4, 5)));
            Assert.Contains("cannot be multiplied", e.Message);
            var e2 = Assert.Throws<ExternalException>(() => ones(3) + ones(4));
            Assert.Contains("size of tensor a (3) must match the size of tensor b (4)", e2.Message);
            Assert.Equal(5f, (ones(5) * 1).sum().item<float>());   // still working
        }

        [Fact]
        public void DtypeMismatchRaises()
        {
            using var scope = NewDisposeScope();
            var e = Assert.Throws<ExternalException>(() => ones(2, 2, ScalarType.Float64).mm(ones(2, 2, ScalarType.Float32)));
            Assert.Contains("expected scalar type", e.Message);
            Assert.Throws<ArgumentException>(() => ones(2).data<double>());
        }

        [Fact]
        public void UnknownDeviceRaisesArgumentException()
        {
            var e = Assert.Throws<ArgumentException>(() => new Device("tpu:0"));
            Assert.Contains("tpu", e.Message);
            if (!cuda.is_available()) {
                using var t = ones(2);
                Assert.Throws<InvalidOperationException>(() => t.to(CUDA));
            }
        }

        [Fact]
        public void UseAfterDisposeRaisesInvalidOperationException()
        {
            var t = ones(3);
            t.Dispose();
            Assert.Throws<InvalidOperationException>(() => t.sum());
            Assert.Throws<InvalidOperationException>(() => _ = t.shape);
            t.Dispose();   // a second Dispose is harmless
        }

        [Fact]
        public void BadOperatorNameRaisesArgumentException()
        {
            var e = Assert.Throws<ArgumentException>(() => Native.Aten.Tensor("aten::no_such_operator", ones(1)));
            Assert.Contains("aten::no_such_operator", e.Message);
        }

        [Fact]
        public void BadArgumentsToOperatorsRaise()
        {
            using var scope = NewDisposeScope();
            Assert.Throws<ExternalException>(() => ones(6).view(4, 2));
            Assert.Throws<ExternalException>(() => nn.functional.cross_entropy(randn(3, 4), tensor(new long[] { 0, 9, 1 })));
            Assert.Throws<ExternalException>(() => ones(3).select(0, 7));
            Assert.Throws<InvalidOperationException>(() => ones(2, 3).item<float>());
            Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
        }
    }
}
