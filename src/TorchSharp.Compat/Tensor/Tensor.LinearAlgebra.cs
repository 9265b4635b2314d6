using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        public partial class Tensor
        {
            public Tensor dot(Tensor target) => Aten.Tensor("aten::dot", this, target);
        }
    }
}
