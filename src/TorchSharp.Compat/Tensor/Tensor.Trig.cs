using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        public partial class Tensor
        {
            public Tensor sin() => Aten.Tensor("aten::sin", this);
        }
    }
}
