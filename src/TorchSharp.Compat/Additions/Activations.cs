using TorchSharp.Native;

// TorchSharp 0.106.0 members that TorchActivations (issue 3) uses and the core binding did not have yet.
// Each mirrors the signature in torchsharp-0.106.0-api.txt exactly.
namespace TorchSharp
{
    public static partial class torch
    {
        /// <summary>The dtype that factories use for floating-point tensors when none is given (read back from libtorch).</summary>
        public static ScalarType get_default_dtype()
        {
            using var probe = Aten.Tensor("aten::empty.memory_format", new long[] { 0 });
            return probe.dtype;
        }

        public partial class Tensor
        {
            public Tensor heaviside(Tensor other) => Aten.Tensor("aten::heaviside", this, other);

            public Tensor dot(Tensor target) => Aten.Tensor("aten::dot", this, target);

            public bool is_floating_point() => Aten.Bool("aten::is_floating_point", this);

            public Tensor sin() => Aten.Tensor("aten::sin", this);

            public long[] stride() => strides();
        }
    }
}
