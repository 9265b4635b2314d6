using System;
using TorchActivations.Internal;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// The maxout unit of Goodfellow et al. (2013): an affine map to <c>out_features · pieces</c> features
    /// followed by the maximum over each group of <c>pieces</c>.
    /// </summary>
    /// <remarks>
    /// <para>Formula: <c>z = x·Wᵀ + b</c> with <c>W</c> of shape <c>[out_features·k, in_features]</c>; then
    /// <c>h_i = max over j &lt; k of z[i·k + j]</c> (groups of k consecutive features, as <see cref="Maxout"/>
    /// with <c>dim = -1</c>).</para>
    /// <para>Derivative: the gradient of <c>h_i</c> flows only through the winning piece <c>z[i·k + j*]</c>,
    /// i.e. to row <c>i·k + j*</c> of <c>W</c>, entry <c>i·k + j*</c> of <c>b</c>, and to <c>x</c> through that row.</para>
    /// <para>Parameters: <c>linear.weight</c> and <c>linear.bias</c> (initialised as <c>nn.Linear</c> does).</para>
    /// <para>Shape: input <c>(*, in_features)</c>; output <c>(*, out_features)</c>.</para>
    /// <example><code>
    /// var unit = Activations.MaxoutLinear(in_features: 784, out_features: 240, pieces: 5);
    /// var h = unit.call(torch.randn(32, 784));   // shape [32, 240]
    /// </code></example>
    /// </remarks>
    public sealed class MaxoutLinear : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear linear;

        /// <summary>Creates the unit.</summary>
        /// <param name="in_features">Size of each input sample, &gt;= 1.</param>
        /// <param name="out_features">Number of maxout units, &gt;= 1.</param>
        /// <param name="pieces">Affine pieces per unit (k), &gt;= 1.</param>
        /// <param name="hasBias">Whether the affine map has a bias.</param>
        /// <param name="device">Device of the parameters.</param>
        /// <param name="dtype">Dtype of the parameters.</param>
        public MaxoutLinear(long in_features, long out_features, long pieces, bool hasBias = true, Device device = null, ScalarType? dtype = null)
            : base(nameof(MaxoutLinear))
        {
            Guard.AtLeast(in_features, 1, nameof(in_features));
            Guard.AtLeast(out_features, 1, nameof(out_features));
            Guard.AtLeast(pieces, 1, nameof(pieces));
            this.in_features = in_features;
            this.out_features = out_features;
            this.pieces = pieces;
            linear = nn.Linear(in_features, out_features * pieces, hasBias, device, dtype);
            register_module(nameof(linear), linear);
        }

        /// <summary>Size of each input sample.</summary>
        public long in_features { get; }

        /// <summary>Number of maxout units (output features).</summary>
        public long out_features { get; }

        /// <summary>Affine pieces per unit.</summary>
        public long pieces { get; }

        /// <summary>Weight of the affine map, shape <c>[out_features·pieces, in_features]</c>.</summary>
        public TorchSharp.Modules.Parameter weight => linear.weight;

        /// <summary>Bias of the affine map, shape <c>[out_features·pieces]</c>, or null.</summary>
        public TorchSharp.Modules.Parameter bias => linear.bias;

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            Guard.NotNull(input, nameof(input));
            long features = input.ndim == 0 ? 0 : input.shape[input.ndim - 1];
            if (input.ndim == 0 || features != in_features)
                throw new ArgumentException(
                    $"MaxoutLinear expects inputs whose last dimension is in_features = {in_features}; got shape [{string.Join(", ", input.shape)}].", nameof(input));
            if (input.dtype != linear.weight.dtype)
                throw new ArgumentException(
                    $"MaxoutLinear's weights are {linear.weight.dtype} but the input is {input.dtype}; convert one of them (module.to(...) or input.to(...)).", nameof(input));
            using var scope = NewDisposeScope();
            return ActivationFunctions.maxout(linear.forward(input), pieces, -1).MoveToOuterDisposeScope();
        }

        /// <inheritdoc/>
        public override string ToString() =>
            $"MaxoutLinear(in_features={in_features}, out_features={out_features}, pieces={pieces}, bias={Text.Bool(linear.bias is not null)})";

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing) linear.Dispose();
            base.Dispose(disposing);
        }
    }

    public static partial class Activations
    {
        /// <summary>The maxout unit (affine map, then max over pieces); see <see cref="TorchActivations.MaxoutLinear"/>.</summary>
        public static MaxoutLinear MaxoutLinear(long in_features, long out_features, long pieces, bool hasBias = true, Device device = null, ScalarType? dtype = null)
            => new MaxoutLinear(in_features, out_features, pieces, hasBias, device, dtype);
    }
}
