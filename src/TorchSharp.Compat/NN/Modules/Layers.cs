using System;
using System.Linq;
using TorchSharp.Utils;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TorchSharp.Modules
{
    /// <summary>y = x W^T + b, initialised as PyTorch does (uniform in +-1/sqrt(in_features)).</summary>
    public class Linear : nn.Module<Tensor, Tensor>
    {
        // Named like the properties, so field registration does not register them a second time.
        [ComponentName(Name = "weight")] private Parameter _weight;
        [ComponentName(Name = "bias")] private Parameter _bias;

        internal Linear(long inputSize, long outputSize, bool hasBias, Device device, ScalarType? dtype) : base(nameof(Linear))
        {
            if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "in_features must be positive.");
            if (outputSize <= 0) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "out_features must be positive.");
            in_features = inputSize;
            out_features = outputSize;
            double bound = 1.0 / Math.Sqrt(inputSize);
            using (var w = torch.empty(new[] { outputSize, inputSize }, dtype, device)) {
                using (torch.no_grad()) w.uniform_(-bound, bound);
                weight = new Parameter(w);
            }
            if (hasBias) {
                using var b = torch.empty(new[] { outputSize }, dtype, device);
                using (torch.no_grad()) b.uniform_(-bound, bound);
                bias = new Parameter(b);
            }
        }

        internal Linear(Parameter weight, Parameter bias) : base(nameof(Linear))
        {
            this.weight = weight;
            this.bias = bias;
            out_features = weight.shape[0];
            in_features = weight.shape[1];
        }

        public long in_features { get; set; }
        public long out_features { get; set; }

        public Parameter weight {
            get => _weight;
            set => _weight = SetOwnedParameter(nameof(weight), _weight, value ?? throw new ArgumentNullException(nameof(weight)));
        }

        public Parameter bias {
            get => _bias;
            set => _bias = SetOwnedParameter(nameof(bias), _bias, value);
        }

        public override Tensor forward(Tensor tensor) => F.linear(tensor, _weight, _bias);
    }

    /// <summary>Base of the convolutions: weight, bias and the geometry.</summary>
    public abstract class Convolution : nn.Module<Tensor, Tensor>
    {
        private protected readonly long[] stride, padding, dilation;
        private protected readonly long groups;

        private protected Convolution(long in_channels, long out_channels, long[] kernel_size, long[] stride, long[] padding, long[] dilation, long groups, bool bias, Device device, ScalarType? dtype, string name) : base(name)
        {
            if (in_channels <= 0 || out_channels <= 0) throw new ArgumentException($"Conv2d needs positive channel counts, got in={in_channels}, out={out_channels}.");
            if (in_channels % groups != 0 || out_channels % groups != 0) throw new ArgumentException($"Conv2d: channels ({in_channels}, {out_channels}) must be divisible by groups ({groups}).");
            this.stride = stride; this.padding = padding; this.dilation = dilation; this.groups = groups;
            long fanIn = in_channels / groups * kernel_size[0] * kernel_size[1];
            double bound = 1.0 / Math.Sqrt(fanIn);
            using (var w = torch.empty(new[] { out_channels, in_channels / groups, kernel_size[0], kernel_size[1] }, dtype, device)) {
                using (torch.no_grad()) w.uniform_(-bound, bound);
                weight = new Parameter(w);
            }
            if (bias) {
                using var b = torch.empty(new[] { out_channels }, dtype, device);
                using (torch.no_grad()) b.uniform_(-bound, bound);
                this.bias = new Parameter(b);
            }
        }

        // Named like the properties, so field registration does not register them a second time.
        [ComponentName(Name = "weight")] private Parameter _weight;
        [ComponentName(Name = "bias")] private Parameter _bias;

        public Parameter weight {
            get => _weight;
            set => _weight = SetOwnedParameter(nameof(weight), _weight, value ?? throw new ArgumentNullException(nameof(weight)));
        }

        public Parameter bias {
            get => _bias;
            set => _bias = SetOwnedParameter(nameof(bias), _bias, value);
        }
    }

    /// <summary>2-D convolution over (N, C, H, W) input.</summary>
    public class Conv2d : Convolution
    {
        internal Conv2d(long in_channels, long out_channels, long[] kernel_size, long[] stride, long[] padding, long[] dilation, long groups, bool bias, Device device, ScalarType? dtype)
            : base(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, device, dtype, nameof(Conv2d)) { }

        public override Tensor forward(Tensor input) => F.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    public class MaxPool2d : ParameterLessModule<Tensor, Tensor>
    {
        private readonly long[] kernel, stride, padding, dilation;
        private readonly bool ceil;

        internal MaxPool2d(long[] kernel_size, long[] stride, long[] padding, long[] dilation, bool ceil_mode) : base(nameof(MaxPool2d))
        {
            kernel = kernel_size; this.stride = stride ?? kernel_size; this.padding = padding ?? new long[] { 0, 0 }; this.dilation = dilation ?? new long[] { 1, 1 }; ceil = ceil_mode;
        }

        public override Tensor forward(Tensor tensor) => F.max_pool2d(tensor, kernel, stride, padding, dilation, ceil);
    }

    public class Flatten : ParameterLessModule<Tensor, Tensor>
    {
        internal Flatten(long start_dim, long end_dim) : base(nameof(Flatten)) { this.start_dim = start_dim; this.end_dim = end_dim; }
        public long start_dim { get; set; }
        public long end_dim { get; set; }
        public override Tensor forward(Tensor tensor) => tensor.flatten(start_dim, end_dim);
    }

    public class Unflatten : ParameterLessModule<Tensor, Tensor>
    {
        private readonly long dim;
        private readonly long[] sizes;
        internal Unflatten(long dim, long[] unflattened_size) : base(nameof(Unflatten)) { this.dim = dim; sizes = unflattened_size; }
        public override Tensor forward(Tensor tensor) => tensor.unflatten(dim, sizes);
    }

    /// <summary>Zeroes elements with probability p in training mode (scaling the rest by 1/(1-p)).</summary>
    public class Dropout : ParameterLessModule<Tensor, Tensor>
    {
        internal Dropout(double p, bool inplace) : base(nameof(Dropout))
        {
            if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be in [0, 1].");
            this.p = p; this.inplace = inplace;
        }
        public double p { get; set; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.dropout(tensor, p, training, inplace);
    }

    public class Identity : ParameterLessModule<Tensor, Tensor>
    {
        internal Identity() : base(nameof(Identity)) { }
        public override Tensor forward(Tensor tensor) => tensor.alias();
    }
}
