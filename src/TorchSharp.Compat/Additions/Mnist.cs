using TorchSharp.Native;

// Members of TorchSharp 0.106.0's public API that the MNIST comparison and the activation monitor
// need and the core binding did not have yet (helper "mnist"; see .notes/CONTRACT.md).
namespace TorchSharp
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Replaces NaN, +inf and -inf (null: the dtype's largest/smallest finite value), as torch.nan_to_num.</summary>
            public Tensor nan_to_num(double nan = 0, double? posinf = null, double? neginf = null) =>
                Aten.Tensor("aten::nan_to_num", this, (double?)nan, posinf, neginf);
        }

        public static Tensor nan_to_num(Tensor input, double nan = 0, double? posinf = null, double? neginf = null) =>
            input.nan_to_num(nan, posinf, neginf);
    }
}
