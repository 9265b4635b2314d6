using System;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>In-place parameter initialisers (run without recording gradients).</summary>
            public static class init
            {
                public enum FanInOut { FanIn, FanOut }
                public enum NonlinearityType { Linear, Conv1D, Conv2D, Conv3D, ConvTranspose1D, ConvTranspose2D, ConvTranspose3D, Sigmoid, Tanh, ReLU, LeakyReLU }

                public static double calculate_gain(NonlinearityType nonlinearity, double param = 0) => nonlinearity switch {
                    NonlinearityType.Tanh => 5.0 / 3,
                    NonlinearityType.ReLU => Math.Sqrt(2.0),
                    NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + param * param)),
                    _ => 1.0,
                };

                public static (long fanIn, long fanOut) CalculateFanInAndFanOut(Tensor tensor)
                {
                    var s = tensor.shape;
                    if (s.Length < 2) throw new ArgumentException("Fan in and fan out need a tensor with at least 2 dimensions.", nameof(tensor));
                    long receptive = 1;
                    for (int d = 2; d < s.Length; ++d) receptive *= s[d];
                    return (s[1] * receptive, s[0] * receptive);
                }

                public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1, Generator generator = null) { using (no_grad()) return tensor.uniform_(low, high); }
                public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator generator = null) { using (no_grad()) return tensor.normal_(mean, std); }
                public static Tensor constant_(Tensor tensor, Scalar val) { using (no_grad()) return tensor.fill_(val); }
                public static Tensor zeros_(Tensor tensor) { using (no_grad()) return tensor.zero_(); }
                public static Tensor ones_(Tensor tensor) { using (no_grad()) return tensor.fill_(1); }

                public static Tensor xavier_uniform_(Tensor tensor, double gain = 1)
                {
                    var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                    double a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
                    return uniform_(tensor, -a, a);
                }

                public static Tensor xavier_normal_(Tensor tensor, double gain = 1)
                {
                    var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                    return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
                }

                public static Tensor glorot_uniform_(Tensor tensor, double gain = 1) => xavier_uniform_(tensor, gain);
                public static Tensor glorot_normal_(Tensor tensor, double gain = 1) => xavier_normal_(tensor, gain);

                public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
                {
                    var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                    double std = calculate_gain(nonlinearity, a) / Math.Sqrt(mode == FanInOut.FanIn ? fanIn : fanOut);
                    double bound = Math.Sqrt(3.0) * std;
                    return uniform_(tensor, -bound, bound);
                }

                public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU)
                {
                    var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                    return normal_(tensor, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(mode == FanInOut.FanIn ? fanIn : fanOut));
                }
            }
        }
    }
}
