using System.Collections.Generic;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Heaviside step: the threshold unit of the perceptron. A teaching and reference function: its gradient
    /// is zero everywhere, so layers before it receive no learning signal through it.
    /// </summary>
    /// <remarks>
    /// <para>Formula: <c>Step(x) = 0</c> for <c>x &lt; 0</c>, <c>value_at_zero</c> for <c>x = 0</c>, 1 for
    /// <c>x &gt; 0</c> (as <c>torch.heaviside(x, value_at_zero)</c>). NaN inputs give NaN (unlike
    /// <c>heaviside</c>, which maps NaN to 0), so a NaN is not silently hidden.</para>
    /// <para>Derivative: 0 everywhere, including at <c>x = 0</c> where the true derivative does not exist.
    /// Autograd returns that zero gradient (a built-in <c>heaviside</c> has no backward at all), so a model
    /// containing Step still runs <c>backward()</c>; it simply learns nothing through it.</para>
    /// <para>Defaults: <c>value_at_zero = 0</c> (any finite number is allowed; 0.5 is also common).</para>
    /// <para>Shape: input <c>(*)</c>; output has the same shape, dtype and device.</para>
    /// <example><code>
    /// var y = Activations.Step().call(torch.tensor(new[] { -1.0, 0.0, 2.0 }));   // [0, 0, 1]
    /// </code></example>
    /// </remarks>
    public sealed class Step : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="value_at_zero">Output at exactly <c>x = 0</c>; must be finite.</param>
        public Step(double value_at_zero = 0) : base(nameof(Step))
        {
            Guard.Finite(value_at_zero, nameof(value_at_zero));
            this.value_at_zero = value_at_zero;
        }

        /// <summary>Output at exactly <c>x = 0</c>.</summary>
        public double value_at_zero { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => ActivationFunctions.step(input, value_at_zero);

        /// <inheritdoc/>
        public override string ToString() => $"Step(value_at_zero={Text.Num(value_at_zero)})";
    }

    public static partial class Activations
    {
        /// <summary>Heaviside step with zero gradient; see <see cref="TorchActivations.Step"/>.</summary>
        public static Step Step(double value_at_zero = 0) => new Step(value_at_zero);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>Heaviside step with zero gradient; see <see cref="TorchActivations.Step"/>.</summary>
        public static Tensor step(Tensor input, double value_at_zero = 0)
        {
            Guard.Finite(value_at_zero, nameof(value_at_zero));
            Guard.NotNull(input, nameof(input));
            using var scope = NewDisposeScope();
            // The value at zero travels as a tensor: custom functions then take only tensor arguments,
            // whose gradient list has the same length under every TorchSharp implementation.
            var valueAtZero = tensor(value_at_zero, dtype: input.dtype, device: input.device);
            return StepFunction.Apply(input, valueAtZero).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Heaviside forward with an explicit all-zero backward.</summary>
    internal sealed class StepFunction : GuardedFunction<StepFunction>
    {
        public override string Name => "StepBackward";
        protected override string Layer => "Step";

        /// <summary>vars: [0] input, [1] value at zero (0-d tensor of the input's dtype).</summary>
        protected override Tensor Forward(autograd.AutogradContext ctx, object[] vars)
        {
            var x = (Tensor)vars[0];
            var valueAtZero = (Tensor)vars[1];
            using var scope = NewDisposeScope();
            var steps = x.heaviside(valueAtZero);
            // heaviside maps NaN to 0; put NaN back, paying for the select only when there is one.
            var nan = x.isnan();
            return (nan.any().item<bool>() ? where(nan, x, steps) : steps).MoveToOuterDisposeScope();
        }

        protected override List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            // Zero for the input, nothing for the constant value at zero.
            return new List<Tensor> { zeros_like(grad_output), null };
        }
    }
}
