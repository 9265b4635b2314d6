using System;
using TorchActivations.Internal;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>Parametric ReLU (He et al., 2015) with a learnable slope, computed by TorchSharp's <c>functional.prelu</c>.</summary>
    /// <remarks>
    /// <para>Formula: <c>PReLU(x) = x</c> for <c>x &gt; 0</c>, <c>a·x</c> otherwise, with <c>a</c> learnable:
    /// one value, or one per channel (dimension 1) when <c>num_parameters = C</c>.</para>
    /// <para>Derivative: w.r.t. x, 1 for <c>x &gt; 0</c> and <c>a</c> for <c>x &lt;= 0</c> (so <c>a</c> at the kink);
    /// w.r.t. a, <c>x</c> for <c>x &lt;= 0</c> and 0 otherwise, summed over the elements sharing <c>a</c>.</para>
    /// <para>Defaults: <c>num_parameters = 1</c> (must be &gt;= 1), <c>init = 0.25</c> (finite).</para>
    /// <para>The slope is a parameter named <c>weight</c>, as in TorchSharp's and PyTorch's PReLU, so state
    /// dicts are interchangeable with them.</para>
    /// <para>Shape: input <c>(*)</c>, or <c>(N, C, *)</c> per channel; output has the same shape, dtype and device.</para>
    /// <example><code>var act = Activations.PReLU(num_parameters: 64);   // one slope per channel</code></example>
    /// </remarks>
    public sealed class PReLU : nn.Module<Tensor, Tensor>
    {
        private const string WeightName = "weight";

        /// <summary>Creates the layer.</summary>
        /// <param name="num_parameters">1, or the number of channels (dimension 1) for one slope per channel.</param>
        /// <param name="init">Initial slope; must be finite.</param>
        /// <param name="device">Device of the weight.</param>
        /// <param name="dtype">Dtype of the weight.</param>
        public PReLU(long num_parameters = 1, double init = 0.25, Device device = null, ScalarType? dtype = null) : base(nameof(PReLU))
        {
            Guard.AtLeast(num_parameters, 1, nameof(num_parameters));
            Guard.Finite(init, nameof(init));
            this.num_parameters = num_parameters;
            this.init = init;
            weight = nn.Parameter(full(num_parameters, init, dtype: dtype ?? get_default_dtype(), device: device), requires_grad: true);
        }

        /// <summary>Number of slopes.</summary>
        public long num_parameters { get; }

        /// <summary>Initial slope.</summary>
        public double init { get; }

        /// <summary>The learnable slopes, shape <c>[num_parameters]</c>.</summary>
        /// <remarks>Setting it replaces the registered parameter, as TorchSharp's own PReLU does (and as
        /// <c>Module.to(...)</c> does when it converts the slopes): the module takes ownership of the new
        /// parameter (it leaves its dispose scope) and disposes the old one. The new value must be a
        /// floating-point parameter of shape <c>[num_parameters]</c>.</remarks>
        // Looked up by name rather than cached in a field: a field would be picked up a second time by
        // TorchSharp's field registration when the layer becomes a submodule.
        public TorchSharp.Modules.Parameter weight {
            get => get_parameter(WeightName);
            set {
                Guard.NotNull(value, nameof(weight));
                if (!value.is_floating_point() || value.ndim != 1 || value.shape[0] != num_parameters)
                    throw new ArgumentException($"weight must be a floating-point parameter of shape [{num_parameters}], got {value.dtype} of shape [{string.Join(", ", value.shape)}].", nameof(weight));
                var current = weight;
                if (current is not null && !current.IsInvalid && current.Handle == value.Handle) return;
                ConditionallyRegisterParameter(WeightName, value.DetachFromDisposeScope() as TorchSharp.Modules.Parameter);
                current?.Dispose();   // after the new one is in place, so a failure leaves the weight as it was
            }
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.prelu(input, weight);

        /// <inheritdoc/>
        public override string ToString() => $"PReLU(num_parameters={num_parameters}, init={Text.Num(init)})";
    }

    public static partial class Activations
    {
        /// <summary>Parametric ReLU; see <see cref="TorchActivations.PReLU"/>.</summary>
        public static PReLU PReLU(long num_parameters = 1, double init = 0.25, Device device = null, ScalarType? dtype = null)
            => new PReLU(num_parameters, init, device, dtype);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>Parametric ReLU with slopes <paramref name="weight"/>, TorchSharp's built-in.</summary>
        public static Tensor prelu(Tensor input, Tensor weight) => nn.functional.prelu(input, weight);
    }
}
