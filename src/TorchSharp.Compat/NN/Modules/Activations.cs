using System;
using TorchSharp.Utils;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TorchSharp.Modules
{
    // libtorch's built-in activations as modules (TorchSharp's classes and properties).

    public class ReLU : ParameterLessModule<Tensor, Tensor>
    {
        internal ReLU(bool inplace) : base(nameof(ReLU)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.relu(tensor, inplace);
    }

    public class ReLU6 : ParameterLessModule<Tensor, Tensor>
    {
        internal ReLU6(bool inplace) : base(nameof(ReLU6)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.relu6(tensor, inplace);
    }

    public class LeakyReLU : ParameterLessModule<Tensor, Tensor>
    {
        internal LeakyReLU(double negative_slope, bool inplace) : base(nameof(LeakyReLU)) { this.negative_slope = negative_slope; this.inplace = inplace; }
        public double negative_slope { get; set; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.leaky_relu(tensor, negative_slope, inplace);
    }

    public class ELU : ParameterLessModule<Tensor, Tensor>
    {
        internal ELU(double alpha, bool inplace) : base(nameof(ELU)) { this.alpha = alpha; this.inplace = inplace; }
        public double alpha { get; set; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.elu(tensor, alpha, inplace);
    }

    public class Sigmoid : ParameterLessModule<Tensor, Tensor>
    {
        internal Sigmoid(bool inplace) : base(nameof(Sigmoid)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.sigmoid(tensor, inplace);
    }

    public class Tanh : ParameterLessModule<Tensor, Tensor>
    {
        internal Tanh(bool inplace) : base(nameof(Tanh)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.tanh(tensor, inplace);
    }

    public class Softplus : ParameterLessModule<Tensor, Tensor>
    {
        internal Softplus(double beta, double threshold) : base(nameof(Softplus)) { this.beta = beta; this.threshold = threshold; }
        public double beta { get; set; }
        public double threshold { get; set; }
        public override Tensor forward(Tensor tensor) => F.softplus(tensor, beta, threshold);
    }

    public class SiLU : ParameterLessModule<Tensor, Tensor>
    {
        internal SiLU(bool inplace) : base(nameof(SiLU)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.silu(tensor, inplace);
    }

    public class GELU : ParameterLessModule<Tensor, Tensor>
    {
        internal GELU(bool inplace) : base(nameof(GELU)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.gelu(tensor, inplace);
    }

    public class Mish : ParameterLessModule<Tensor, Tensor>
    {
        internal Mish(bool inplace) : base(nameof(Mish)) { this.inplace = inplace; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.mish(tensor, inplace);
    }

    public class Hardtanh : ParameterLessModule<Tensor, Tensor>
    {
        internal Hardtanh(double min_val, double max_val, bool inplace) : base(nameof(Hardtanh)) { this.min_val = min_val; this.max_val = max_val; this.inplace = inplace; }
        public double min_val { get; set; }
        public double max_val { get; set; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) => F.hardtanh(tensor, min_val, max_val, inplace);
    }

    /// <summary>Randomized leaky ReLU. In training mode each negative element gets its own slope drawn from
    /// U(lower, upper) (libtorch's rrelu with training = true; TorchSharp 0.106 never sampled); in eval mode
    /// the slope is (lower + upper) / 2.</summary>
    public class RReLU : ParameterLessModule<Tensor, Tensor>
    {
        internal RReLU(double lower, double upper, bool inplace) : base(nameof(RReLU)) { this.lower = lower; this.upper = upper; this.inplace = inplace; }
        public double lower { get; set; }
        public double upper { get; set; }
        public bool inplace { get; set; }
        public override Tensor forward(Tensor tensor) =>
            inplace ? Native.Aten.InPlace("aten::rrelu_", tensor, lower, upper, training)
                    : Native.Aten.Tensor("aten::rrelu", tensor, lower, upper, training);
    }

    /// <summary>PReLU with a learnable slope per channel (or one shared slope).</summary>
    public class PReLU : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "weight")] private Parameter _weight;   // named like the property (see Linear)

        internal PReLU(long num_parameters, double init, Device device, ScalarType? dtype) : base(nameof(PReLU))
        {
            if (num_parameters < 1) throw new ArgumentOutOfRangeException(nameof(num_parameters), num_parameters, "num_parameters must be at least 1.");
            this.num_parameters = num_parameters;
            this.init = init;
            using var w = torch.full(new[] { num_parameters }, init, dtype ?? ScalarType.Float32, device);
            weight = new Parameter(w);
        }

        public long num_parameters { get; }
        public double init { get; }
        public Parameter weight {
            get => _weight;
            set => _weight = SetOwnedParameter(nameof(weight), _weight, value ?? throw new ArgumentNullException(nameof(weight)));
        }

        public override Tensor forward(Tensor tensor) => F.prelu(tensor, _weight);
    }
}
