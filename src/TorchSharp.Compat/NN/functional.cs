using System;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            public enum Reduction : long   // TorchSharp's underlying type
            {
                None = 0,
                Mean = 1,
                Sum = 2,
            }

            /// <summary>Stateless forms of layers, losses and activations.</summary>
            public static partial class functional
            {
                // ---- Activations ----
                public static Tensor relu(Tensor x, bool inplace = false) => inplace ? x.relu_() : x.relu();
                public static Tensor relu6(Tensor x, bool inplace = false) => inplace ? Aten.InPlace("aten::hardtanh_", x, 0.0, 6.0) : Aten.Tensor("aten::hardtanh", x, 0.0, 6.0);
                public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01, bool inplace = false) =>
                    inplace ? Aten.InPlace("aten::leaky_relu_", input, negative_slope) : Aten.Tensor("aten::leaky_relu", input, negative_slope);
                public static Tensor prelu(Tensor input, Tensor weight) => Aten.Tensor("aten::prelu", input, weight);
                public static Tensor elu(Tensor x, double alpha, bool inplace = false) =>
                    inplace ? Aten.InPlace("aten::elu_", x, alpha) : Aten.Tensor("aten::elu", x, alpha);
                public static Tensor celu(Tensor x, double alpha, bool inplace = false) =>
                    inplace ? Aten.InPlace("aten::celu_", x, alpha) : Aten.Tensor("aten::celu", x, alpha);
                public static Tensor selu(Tensor x, bool inplace = false) => inplace ? Aten.InPlace("aten::selu_", x) : Aten.Tensor("aten::selu", x);
                public static Tensor sigmoid(Tensor x) => x.sigmoid();
                public static Tensor sigmoid(Tensor x, bool inplace) => inplace ? x.sigmoid_() : x.sigmoid();
                public static Tensor tanh(Tensor x, bool inplace = false) => inplace ? x.tanh_() : x.tanh();
                public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20) => Aten.Tensor("aten::softplus", x, beta, threshold);
                public static Tensor silu(Tensor x, bool inplace = false) => inplace ? Aten.InPlace("aten::silu_", x) : Aten.Tensor("aten::silu", x);
                public static Tensor mish(Tensor x, bool inplace = false) => inplace ? Aten.InPlace("aten::mish_", x) : Aten.Tensor("aten::mish", x);
                public static Tensor hardswish(Tensor input, bool inplace = false) => inplace ? Aten.InPlace("aten::hardswish_", input) : Aten.Tensor("aten::hardswish", input);
                /// <summary>The exact (erf) GELU; TorchSharp 0.106 has no tanh-approximation option here.</summary>
                public static Tensor gelu(Tensor x) => Aten.Tensor("aten::gelu", x);
                public static Tensor gelu(Tensor x, bool inplace) => inplace ? Aten.InPlace("aten::gelu_", x) : Aten.Tensor("aten::gelu", x);
                /// <summary>Clamps to [min_val, max_val]. (Unlike TorchSharp 0.106, the non-inplace form really clamps.)</summary>
                public static Tensor hardtanh(Tensor x, double min_val = -1, double max_val = 1, bool inplace = false) =>
                    inplace ? Aten.InPlace("aten::hardtanh_", x, min_val, max_val) : Aten.Tensor("aten::hardtanh", x, min_val, max_val);
                public static Tensor threshold(Tensor x, double threshold, double value, bool inplace = false) =>
                    inplace ? Aten.InPlace("aten::threshold_", x, threshold, value) : Aten.Tensor("aten::threshold", x, threshold, value);
                /// <summary>RReLU with the fixed evaluation slope (lower + upper) / 2: this signature has no
                /// training flag. The nn.RReLU module samples slopes in training mode.</summary>
                public static Tensor rrelu(Tensor x, double lower = 0.125, double upper = 0.3333333333333333, bool inplace = false) =>
                    inplace ? Aten.InPlace("aten::rrelu_", x, lower, upper, false) : Aten.Tensor("aten::rrelu", x, lower, upper, false);
                public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
                public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);

                // ---- Layers ----
                public static Tensor linear(Tensor input, Tensor weights, Tensor bias = null) => Aten.Tensor("aten::linear", input, weights, bias);
                public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias = null, long[] strides = null, long[] padding = null, long[] dilation = null, long groups = 1) =>
                    Aten.Tensor("aten::conv2d", input, weight, bias, strides ?? new long[] { 1 }, padding ?? new long[] { 0 }, dilation ?? new long[] { 1 }, groups);
                public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[] strides = null, long[] padding = null, long[] dilation = null, bool ceil_mode = false) =>
                    Aten.Tensor("aten::max_pool2d", input, kernel_size, strides ?? kernel_size, padding ?? new long[] { 0 }, dilation ?? new long[] { 1 }, ceil_mode);
                public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
                    max_pool2d(input, new[] { kernel_size, kernel_size }, new[] { stride ?? kernel_size, stride ?? kernel_size }, new[] { padding ?? 0, padding ?? 0 }, new[] { dilation ?? 1, dilation ?? 1 }, ceil_mode);
                public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false)
                {
                    if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be in [0, 1].");
                    return inplace ? Aten.InPlace("aten::dropout_", input, p, training) : Aten.Tensor("aten::dropout", input, p, training);
                }
                public static Tensor one_hot(Tensor x, long num_classes = -1) => Aten.Tensor("aten::one_hot", x, num_classes);

                // ---- Losses ----
                public static Tensor cross_entropy(Tensor input, Tensor target, Tensor weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                    Aten.Tensor("aten::cross_entropy_loss", input, target, weight, (long)reduction, ignore_index, label_smoothing);
                public static Tensor nll_loss(Tensor input, Tensor target, Tensor weight = null, Reduction reduction = Reduction.Mean) =>
                    Aten.Tensor("aten::nll_loss", input, target, weight, (long)reduction);
                public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                    Aten.Tensor("aten::mse_loss", input, target, (long)reduction);
            }
        }
    }
}
