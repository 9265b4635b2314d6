using System;
using TorchActivations.Internal;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Swish with a (by default learnable) β (Ramachandran, Zoph &amp; Le, 2017, "Searching for Activation Functions").
    /// </summary>
    /// <remarks>
    /// <para>Formula: <c>Swish(x) = x · σ(β·x)</c>, with <c>σ</c> the logistic sigmoid. <c>β = 1</c> is SiLU;
    /// as <c>β → ∞</c> it approaches ReLU, and <c>β = 0</c> gives <c>x/2</c>.</para>
    /// <para>Derivatives, with <c>s = σ(β·x)</c>: <c>∂/∂x = s·(1 + β·x·(1 − s))</c>,
    /// <c>∂/∂β = x²·s·(1 − s)</c>. Second derivatives are available (double backward works).</para>
    /// <para>Defaults: <c>beta = 1</c>, <c>learnable = true</c>, <c>num_parameters = 1</c>. With
    /// <c>num_parameters = C &gt; 1</c> there is one β per channel, channel dimension 1 (as PReLU), so the
    /// input must have at least 2 dimensions and size C in dimension 1.</para>
    /// <para>When learnable, β is a <see cref="TorchSharp.Modules.Parameter"/> named <c>beta</c>: it appears in
    /// <c>parameters()</c> and <c>state_dict()</c> and is trained by the optimizer. When not learnable it is a
    /// buffer of the same name, so it still moves with <c>to(...)</c> and is saved and loaded.</para>
    /// <para>Memory: implemented as a custom autograd function that saves only x and β, not the sigmoid or
    /// the product, for the backward pass.</para>
    /// <para>Shape: input <c>(*)</c> (or <c>(N, C, *)</c> per channel); output has the same shape, dtype and device.</para>
    /// <example><code>
    /// var act = Activations.Swish(beta: 1.0, learnable: true, num_parameters: 16);
    /// var y = act.call(torch.randn(8, 16, 32, 32));   // one learnable β per channel
    /// </code></example>
    /// </remarks>
    public sealed class Swish : nn.Module<Tensor, Tensor>
    {
        private const string BetaName = "beta";

        /// <summary>Creates the layer.</summary>
        /// <param name="beta">Initial β (any finite number).</param>
        /// <param name="learnable">Whether β is a trainable parameter.</param>
        /// <param name="num_parameters">1 for a single β, or the number of channels (dimension 1) for one β per channel.</param>
        /// <param name="device">Device of β (default: the default device).</param>
        /// <param name="dtype">Dtype of β (default: the default dtype).</param>
        public Swish(double beta = 1.0, bool learnable = true, long num_parameters = 1, Device device = null, ScalarType? dtype = null)
            : base(nameof(Swish))
        {
            Guard.Finite(beta, nameof(beta));
            Guard.AtLeast(num_parameters, 1, nameof(num_parameters));
            init = beta;
            this.learnable = learnable;
            this.num_parameters = num_parameters;

            this.beta = full(num_parameters, beta, dtype: dtype ?? get_default_dtype(), device: device);
        }

        /// <summary>The β given at construction.</summary>
        public double init { get; }

        /// <summary>Whether β is a trainable parameter.</summary>
        public bool learnable { get; }

        /// <summary>Number of β values (1, or one per channel).</summary>
        public long num_parameters { get; }

        /// <summary>Current β, shape <c>[num_parameters]</c>: the parameter when learnable, otherwise the buffer.</summary>
        /// <remarks>Setting it replaces the registered tensor under the same name, as the parameter properties of
        /// TorchSharp's own modules do (and as <c>Module.to(...)</c> does when it converts β): the module takes
        /// ownership of the new tensor (it leaves its dispose scope; when learnable it becomes a parameter) and
        /// disposes the old one. The new value must be a floating-point tensor of shape <c>[num_parameters]</c>.</remarks>
        // Looked up by name rather than cached in a field: a field would be picked up a second time by
        // TorchSharp's field registration when the layer becomes a submodule.
        public Tensor beta {
            get => learnable ? get_parameter(BetaName) : get_buffer(BetaName);
            set {
                Guard.NotNull(value, nameof(beta));
                if (!value.is_floating_point() || value.ndim != 1 || value.shape[0] != num_parameters)
                    throw new ArgumentException($"beta must be a floating-point tensor of shape [{num_parameters}], got {value.dtype} of shape [{string.Join(", ", value.shape)}].", nameof(beta));
                var current = beta;
                if (current is not null && !current.IsInvalid && current.Handle == value.Handle) return;
                // The new tensor is in place before the old one goes, so a failure leaves β as it was.
                value.DetachFromDisposeScope();
                if (learnable)
                    ConditionallyRegisterParameter(BetaName, value as TorchSharp.Modules.Parameter ?? nn.Parameter(value, requires_grad: true));
                else
                    ConditionallyRegisterBuffer(BetaName, value);
                current?.Dispose();
            }
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => ActivationFunctions.swish(input, beta);

        /// <inheritdoc/>
        public override string ToString() =>
            $"Swish(num_parameters={num_parameters}, init={Text.Num(init)}, learnable={Text.Bool(learnable)})";
    }

    public static partial class Activations
    {
        /// <summary>Swish <c>x·σ(β·x)</c> with a learnable or fixed β; see <see cref="TorchActivations.Swish"/>.</summary>
        public static Swish Swish(double beta = 1.0, bool learnable = true, long num_parameters = 1, Device device = null, ScalarType? dtype = null)
            => new Swish(beta, learnable, num_parameters, device, dtype);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>
        /// Swish <c>x·σ(β·x)</c> with β a tensor holding one value, or one value per channel (dimension 1 of
        /// <paramref name="input"/>). Gradients flow to β when it requires grad.
        /// </summary>
        public static Tensor swish(Tensor input, Tensor beta)
        {
            Guard.FloatingPoint(input, "swish");
            Guard.NotNull(beta, nameof(beta));
            using var scope = NewDisposeScope();
            var shaped = BroadcastBeta(beta, input);
            if (shaped.dtype != input.dtype)
                shaped = shaped.to(input.dtype); // keep the output in the input's dtype; the cast is differentiable
            return Apply(input, shaped).MoveToOuterDisposeScope();
        }

        /// <summary>Swish <c>x·σ(β·x)</c> with a constant β.</summary>
        public static Tensor swish(Tensor input, double beta = 1.0)
        {
            Guard.Finite(beta, nameof(beta));
            Guard.FloatingPoint(input, "swish");
            using var scope = NewDisposeScope();
            var constant = tensor(beta, dtype: input.dtype, device: input.device);
            return Apply(input, constant).MoveToOuterDisposeScope();
        }

        /// <summary>The fused kernels where they take the input (with no autograd node when nothing needs a
        /// gradient), else the composite function.</summary>
        private static Tensor Apply(Tensor input, Tensor beta)
        {
            if (!ActivationKernels.Fusable(input)) return SwishFunction.Apply(input, beta);
            if (is_grad_enabled() && (input.requires_grad || beta.requires_grad)) return Kernels.FusedSwishFunction.Apply(input, beta);
            return Kernels.FusedSwish.Forward(input, beta);
        }

        /// <summary>Views β so that it broadcasts against the input: a 0-d tensor, or <c>[1, C, 1, ...]</c>.</summary>
        private static Tensor BroadcastBeta(Tensor beta, Tensor input)
        {
            long count = beta.numel();
            if (count == 1)
                return beta.reshape(Array.Empty<long>());
            if (beta.ndim != 1)
                throw new ArgumentException($"beta must hold 1 value or one value per channel (shape [C]), got shape [{string.Join(", ", beta.shape)}].", nameof(beta));
            if (input.ndim < 2 || input.shape[1] != count)
                throw new ArgumentException(
                    $"Swish has {count} per-channel betas, so the input needs at least 2 dimensions and size {count} in dimension 1; got input shape [{string.Join(", ", input.shape)}].",
                    nameof(input));
            var shape = new long[input.ndim];
            for (int d = 0; d < shape.Length; d++) shape[d] = 1;
            shape[1] = count;
            return beta.reshape(shape);
        }
    }
}
