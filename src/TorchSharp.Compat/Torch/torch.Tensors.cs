using TorchSharp.Native;

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
    }
}
