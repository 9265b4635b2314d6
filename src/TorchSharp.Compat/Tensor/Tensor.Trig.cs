using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        public partial class Tensor
        {
            public Tensor sin() => Aten.Tensor("aten::sin", this);
            public Tensor cos() => Aten.Tensor("aten::cos", this);
            public Tensor sinh() => Aten.Tensor("aten::sinh", this);
            public Tensor cosh() => Aten.Tensor("aten::cosh", this);
            public Tensor asinh() => Aten.Tensor("aten::asinh", this);
            public Tensor atan() => Aten.Tensor("aten::atan", this);
        }
    }
}
