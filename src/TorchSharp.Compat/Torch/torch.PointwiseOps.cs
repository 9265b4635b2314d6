namespace TorchSharp
{
    public static partial class torch
    {
        public static Tensor nan_to_num(Tensor input, double nan = 0, double? posinf = null, double? neginf = null) =>
            input.nan_to_num(nan, posinf, neginf);
    }
}
