using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Modules.Parameter Parameter(Tensor data, bool requires_grad = true) => new Modules.Parameter(data, requires_grad);

            public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device device = null, ScalarType? dtype = null) => new Modules.Linear(inputSize, outputSize, hasBias, device, dtype);
            public static Modules.Linear Linear(Modules.Parameter weight, Modules.Parameter bias = null) => new Modules.Linear(weight, bias);

            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device device = null, ScalarType? dtype = null)
            {
                if (padding_mode != PaddingModes.Zeros) throw new NotSupportedException("Only zero padding is supported by this binding's Conv2d.");
                return new Modules.Conv2d(in_channels, out_channels, new[] { kernel_size, kernel_size }, new[] { stride, stride }, new[] { padding, padding }, new[] { dilation, dilation }, groups, bias, device, dtype);
            }

            public static Modules.MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
                new Modules.MaxPool2d(new[] { kernel_size, kernel_size }, new[] { stride ?? kernel_size, stride ?? kernel_size }, new[] { padding ?? 0, padding ?? 0 }, new[] { dilation ?? 1, dilation ?? 1 }, ceil_mode);
            public static Modules.MaxPool2d MaxPool2d(long[] kernel_size, long[] stride = null, long[] padding = null, long[] dilation = null, bool ceil_mode = false) => new Modules.MaxPool2d(kernel_size, stride, padding, dilation, ceil_mode);

            public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new Modules.Flatten(start_dim, end_dim);
            public static Modules.Unflatten Unflatten(long dim, long[] unflattened_size) => new Modules.Unflatten(dim, unflattened_size);
            public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false) => new Modules.Dropout(p, inplace);
            public static Modules.Identity Identity() => new Modules.Identity();

            public static Modules.ReLU ReLU(bool inplace = false) => new Modules.ReLU(inplace);
            public static Modules.ReLU6 ReLU6(bool inplace = false) => new Modules.ReLU6(inplace);
            public static Modules.LeakyReLU LeakyReLU(double negative_slope = 0.01, bool inplace = false) => new Modules.LeakyReLU(negative_slope, inplace);
            public static Modules.PReLU PReLU(long num_parameters, double init = 0.25, Device device = null, ScalarType? dtype = null) => new Modules.PReLU(num_parameters, init, device, dtype);
            public static Modules.RReLU RReLU(double lower = 0.125, double upper = 0.3333333333333333, bool inplace = false)
            {
                if (!(lower >= 0 && lower <= upper)) throw new ArgumentException($"RReLU needs 0 <= lower <= upper, got lower={lower}, upper={upper}.", nameof(lower));
                return new Modules.RReLU(lower, upper, inplace);
            }
            public static Modules.ELU ELU(double alpha = 1, bool inplace = false) => new Modules.ELU(alpha, inplace);
            public static Modules.Sigmoid Sigmoid() => new Modules.Sigmoid(false);
            public static Modules.Sigmoid Sigmoid(bool inplace) => new Modules.Sigmoid(inplace);
            public static Modules.Tanh Tanh() => new Modules.Tanh(false);
            public static Modules.Tanh Tanh(bool inplace = false) => new Modules.Tanh(inplace);
            public static Modules.Softplus Softplus(double beta = 1, double threshold = 20) => new Modules.Softplus(beta, threshold);
            public static Modules.SiLU SiLU() => new Modules.SiLU(false);
            public static Modules.SiLU SiLU(bool inplace) => new Modules.SiLU(inplace);
            public static Modules.GELU GELU() => new Modules.GELU(false);
            public static Modules.GELU GELU(bool inplace) => new Modules.GELU(inplace);
            public static Modules.Mish Mish() => new Modules.Mish(false);
            public static Modules.Hardtanh Hardtanh(double min_val = -1, double max_val = 1, bool inplace = false) => new Modules.Hardtanh(min_val, max_val, inplace);

            public static Modules.Sequential Sequential() => new Modules.Sequential(Array.Empty<Module<Tensor, Tensor>>());
            public static Modules.Sequential Sequential(params (string, Module<Tensor, Tensor>)[] modules) => new Modules.Sequential(modules);
            public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new Modules.Sequential(modules);
            public static Modules.Sequential Sequential(params Tuple<string, Module<Tensor, Tensor>>[] modules) => new Modules.Sequential(modules.Select(t => (t.Item1, t.Item2)).ToArray());
            public static Modules.Sequential Sequential(IEnumerable<(string, Module<Tensor, Tensor>)> modules) => new Modules.Sequential(modules.ToArray());
            public static Modules.Sequential Sequential(IEnumerable<Module<Tensor, Tensor>> modules) => new Modules.Sequential(modules.ToArray());
        }
    }

    public enum PaddingModes
    {
        Zeros,
        Reflect,
        Replicate,
        Circular,
        Constant,
    }
}
