using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchActivations.Internal;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// An activation given by a formula (see <see cref="TorchActivations.Formula"/>), e.g. <c>x * sigmoid(beta * x)</c>.
    /// </summary>
    /// <remarks>
    /// <para>Every identifier other than <c>x</c>, <c>eps</c> and the function names is a learnable scalar
    /// <see cref="TorchSharp.Modules.Parameter"/> registered under its own name (so it appears in
    /// <c>named_parameters()</c> and <c>state_dict()</c>, moves with <c>to(...)</c> and is saved and loaded).
    /// Initial values default to 1. <c>eps</c> is the constant 1e-6 unless an initial value is given for it,
    /// which makes it a parameter too.</para>
    /// <para>With <c>num_parameters = C &gt; 1</c> each parameter holds one value per channel (dimension 1 of
    /// the input, as Swish and PReLU).</para>
    /// <para>The forward pass is built from TorchSharp operations, so gradients and second derivatives flow
    /// through it. Read a parameter with <see cref="parameter"/> (or <c>get_parameter(name)</c>).</para>
    /// <para>Unless <c>check</c> is false, the constructor runs <see cref="FormulaCheck"/> with the initial values
    /// and throws an <see cref="ArgumentException"/> with its reasons when the formula fails it.</para>
    /// </remarks>
    public sealed class FormulaActivation : nn.Module<Tensor, Tensor>
    {
        private readonly string[] names;

        /// <summary>Creates the layer.</summary>
        /// <param name="formula">The formula, e.g. <c>"x * sigmoid(beta * x)"</c>.</param>
        /// <param name="initial">Initial parameter values (1 for each one not given); a value for <c>eps</c> makes it a parameter.</param>
        /// <param name="num_parameters">1 for scalar parameters, or the number of channels (dimension 1) for one value per channel.</param>
        /// <param name="check">Whether to run the acceptance check (<see cref="FormulaCheck"/>) and refuse a formula that fails it.</param>
        /// <param name="device">Device of the parameters (default: the default device).</param>
        /// <param name="dtype">Dtype of the parameters (default: the default dtype).</param>
        /// <exception cref="FormulaException">The formula does not parse.</exception>
        /// <exception cref="ArgumentException">An initial value names no parameter, a parameter name is reserved, or the check fails.</exception>
        public FormulaActivation(string formula, IDictionary<string, double> initial = null, long num_parameters = 1, bool check = true,
            Device device = null, ScalarType? dtype = null)
            : this(Formula.Parse(formula ?? throw new ArgumentNullException(nameof(formula))), initial, num_parameters, check, device, dtype)
        {
        }

        /// <summary>Creates the layer from a parsed formula; see the other constructor.</summary>
        public FormulaActivation(Formula formula, IDictionary<string, double> initial = null, long num_parameters = 1, bool check = true,
            Device device = null, ScalarType? dtype = null)
            : base(nameof(FormulaActivation))
        {
            Guard.NotNull(formula, nameof(formula));
            Guard.AtLeast(num_parameters, 1, nameof(num_parameters));
            expression = formula;
            this.num_parameters = num_parameters;

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var name in formula.Parameters) values[name] = 1.0;
            if (initial is not null)
            {
                foreach (var pair in initial)
                {
                    if (pair.Key != "eps" && !values.ContainsKey(pair.Key))
                        throw new ArgumentException(
                            $"Formula \"{formula}\" has no parameter \"{pair.Key}\"; its parameters: {(formula.Parameters.Count == 0 ? "none" : string.Join(", ", formula.Parameters))}.",
                            nameof(initial));
                    Guard.Finite(pair.Value, pair.Key);
                    values[pair.Key] = pair.Value;
                }
            }
            foreach (var name in values.Keys)
            {
                // Module.to(...) assigns moved parameters to public properties of the same name.
                if (typeof(FormulaActivation).GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is not null)
                    throw new ArgumentException($"Formula parameter name \"{name}\" is reserved (a property of the layer); rename it.", nameof(formula));
            }
            names = values.Keys.ToArray();
            initial_values = new Dictionary<string, double>(values, StringComparer.Ordinal);

            if (check)
                FormulaCheck.Run(formula, values).ThrowIfFailed();

            foreach (var pair in values)
            {
                var value = full(num_parameters, pair.Value, dtype: dtype ?? get_default_dtype(), device: device);
                register_parameter(pair.Key, nn.Parameter(value, requires_grad: true));
            }
        }

        /// <summary>The formula.</summary>
        public Formula expression { get; }

        /// <summary>Number of values per parameter (1, or one per channel).</summary>
        public long num_parameters { get; }

        /// <summary>The names of the parameters, in order of first appearance (<c>eps</c> last when it is one).</summary>
        public IReadOnlyList<string> parameter_names => Array.AsReadOnly(names);

        /// <summary>The initial parameter values.</summary>
        public IReadOnlyDictionary<string, double> initial_values { get; }

        /// <summary>The current value of parameter <paramref name="name"/>, shape <c>[num_parameters]</c>.</summary>
        /// <exception cref="ArgumentException">No parameter of that name.</exception>
        public TorchSharp.Modules.Parameter parameter(string name)
        {
            if (name is null || !names.Contains(name))
                throw new ArgumentException($"\"{name}\" is not a parameter of \"{expression}\"; its parameters: {(names.Length == 0 ? "none" : string.Join(", ", names))}.", nameof(name));
            return get_parameter(name);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            Guard.FloatingPoint(input, "formula");
            using var scope = NewDisposeScope();
            var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in names) values[name] = ActivationFunctions.FormulaValue(get_parameter(name), input, name);
            return expression.Evaluate(input, values).MoveToOuterDisposeScope();
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            string init = string.Join(", ", initial_values.Select(p => $"{p.Key}={Text.Num(p.Value)}"));
            return $"FormulaActivation(\"{expression}\", num_parameters={num_parameters}{(init.Length > 0 ? ", " + init : "")})";
        }
    }

    public static partial class Activations
    {
        /// <summary>An activation given by a formula with learnable parameters; see <see cref="FormulaActivation"/>.</summary>
        public static FormulaActivation Formula(string formula, IDictionary<string, double> initial = null, long num_parameters = 1, bool check = true,
            Device device = null, ScalarType? dtype = null)
            => new FormulaActivation(formula, initial, num_parameters, check, device, dtype);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>
        /// Applies a formula (see <see cref="TorchActivations.Formula"/>) with constant parameter values;
        /// every parameter needs a value. No acceptance check is run.
        /// </summary>
        public static Tensor formula(Tensor input, string formula, IReadOnlyDictionary<string, double> values = null)
        {
            Guard.FloatingPoint(input, "formula");
            return TorchActivations.Formula.Parse(formula).Evaluate(input, values ?? new Dictionary<string, double>());
        }

        /// <summary>
        /// Applies a formula with tensor parameter values: each holds one value, or one value per channel
        /// (dimension 1 of <paramref name="input"/>). Gradients flow to values that require grad.
        /// </summary>
        public static Tensor formula(Tensor input, Formula formula, IReadOnlyDictionary<string, Tensor> values)
        {
            Guard.FloatingPoint(input, "formula");
            Guard.NotNull(formula, nameof(formula));
            using var scope = NewDisposeScope();
            var shaped = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            if (values is not null)
                foreach (var pair in values) shaped[pair.Key] = FormulaValue(pair.Value, input, pair.Key);
            return formula.Evaluate(input, shaped).MoveToOuterDisposeScope();
        }

        /// <summary>A parameter viewed so that it broadcasts against the input (0-d, or <c>[1, C, 1, ...]</c>) in the input's dtype.</summary>
        internal static Tensor FormulaValue(Tensor value, Tensor input, string name)
        {
            Guard.NotNull(value, name);
            long count = value.numel();
            Tensor shaped;
            if (count == 1)
            {
                shaped = value.reshape(Array.Empty<long>());
            }
            else
            {
                if (value.ndim != 1)
                    throw new ArgumentException($"{name} must hold 1 value or one value per channel (shape [C]), got shape [{string.Join(", ", value.shape)}].", name);
                if (input.ndim < 2 || input.shape[1] != count)
                    throw new ArgumentException(
                        $"The formula has {count} per-channel values of {name}, so the input needs at least 2 dimensions and size {count} in dimension 1; got input shape [{string.Join(", ", input.shape)}].",
                        nameof(input));
                var shape = new long[input.ndim];
                for (int d = 0; d < shape.Length; d++) shape[d] = 1;
                shape[1] = count;
                shaped = value.reshape(shape);
            }
            return shaped.dtype == input.dtype ? shaped : shaped.to(input.dtype);
        }
    }
}
