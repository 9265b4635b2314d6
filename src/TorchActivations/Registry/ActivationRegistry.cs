using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Creates activation layers from text, for configuration files and command lines.
    /// </summary>
    /// <remarks>
    /// <para>A spec is <c>name</c> or <c>name:key=value,key=value</c>; keys are the layer's constructor
    /// arguments, numbers use '.' as the decimal separator and booleans are <c>true</c>/<c>false</c>; names,
    /// keys and word values (booleans, GELU's <c>approximate</c>) are case-insensitive:</para>
    /// <list type="table">
    /// <item><term>step</term><description>value_at_zero (0)</description></item>
    /// <item><term>sigmoid, tanh, relu, silu</term><description>no keys</description></item>
    /// <item><term>leaky_relu</term><description>negative_slope (0.01)</description></item>
    /// <item><term>prelu</term><description>num_parameters (1), init (0.25)</description></item>
    /// <item><term>rrelu</term><description>lower (1/8), upper (1/3)</description></item>
    /// <item><term>clipped_relu</term><description>ceiling (required)</description></item>
    /// <item><term>elu</term><description>alpha (1)</description></item>
    /// <item><term>softplus</term><description>beta (1), threshold (20)</description></item>
    /// <item><term>swish</term><description>beta (1), learnable (true), num_parameters (1)</description></item>
    /// <item><term>gelu</term><description>approximate (none | tanh)</description></item>
    /// <item><term>gelu_tanh</term><description>no keys; same as gelu:approximate=tanh</description></item>
    /// <item><term>maxout</term><description>pieces (required), dim (1)</description></item>
    /// </list>
    /// <para><c>formula:EXPRESSION</c> creates a <see cref="FormulaActivation"/>: everything after <c>formula:</c>
    /// is the expression, optionally followed by initial parameter values, each after a <c>|</c>:
    /// <c>formula:x*sigmoid(beta*x)|beta=1.5</c> (no <c>,</c> or <c>;</c>, so the spec fits in a list of specs).</para>
    /// <para>Users add their own names with <see cref="Register(string, string, IDictionary{string, double})"/> or
    /// <see cref="Register(string, Func{ActivationSpec, nn.Module{Tensor, Tensor}}, string[])"/>.</para>
    /// <para>Examples: <c>rrelu:lower=0.125,upper=0.3333</c>, <c>clipped_relu:ceiling=6</c>,
    /// <c>swish:beta=1.5,learnable=false</c>, <c>maxout:pieces=2</c>, <c>gelu:approximate=tanh</c>.</para>
    /// <para>An unknown name or key, a missing required key or a malformed value is an
    /// <see cref="ArgumentException"/> whose message lists what is valid. Out-of-range values raise the
    /// layer's own <see cref="ArgumentOutOfRangeException"/>.</para>
    /// </remarks>
    public static class ActivationRegistry
    {
        private sealed class Entry
        {
            public Entry(string[] keys, Func<ActivationSpec, nn.Module<Tensor, Tensor>> create)
            {
                Keys = keys;
                Create = create;
            }

            public string[] Keys { get; }
            public Func<ActivationSpec, nn.Module<Tensor, Tensor>> Create { get; }
        }

        private static readonly string[] NoKeys = Array.Empty<string>();

        // Insertion order is the order of Names.
        private static readonly (string Name, Entry Entry)[] Table =
        {
            ("step", new Entry(new[] { "value_at_zero" }, s => new Step(s.Double("value_at_zero", 0)))),
            ("sigmoid", new Entry(NoKeys, s => new Sigmoid())),
            ("tanh", new Entry(NoKeys, s => new Tanh())),
            ("relu", new Entry(NoKeys, s => new ReLU())),
            ("leaky_relu", new Entry(new[] { "negative_slope" }, s => new LeakyReLU(s.Double("negative_slope", 0.01)))),
            ("prelu", new Entry(new[] { "num_parameters", "init" }, s => new PReLU(s.Long("num_parameters", 1), s.Double("init", 0.25)))),
            ("rrelu", new Entry(new[] { "lower", "upper" }, s => new RReLU(s.Double("lower", 1.0 / 8), s.Double("upper", 1.0 / 3)))),
            ("clipped_relu", new Entry(new[] { "ceiling" }, s => new ClippedReLU(s.RequiredDouble("ceiling")))),
            ("elu", new Entry(new[] { "alpha" }, s => new ELU(s.Double("alpha", 1.0)))),
            ("softplus", new Entry(new[] { "beta", "threshold" }, s => new Softplus(s.Double("beta", 1.0), s.Double("threshold", 20.0)))),
            ("silu", new Entry(NoKeys, s => new SiLU())),
            ("swish", new Entry(new[] { "beta", "learnable", "num_parameters" },
                s => new Swish(s.Double("beta", 1.0), s.Bool("learnable", true), s.Long("num_parameters", 1)))),
            ("gelu", new Entry(new[] { "approximate" }, s => new GELU(s.Word("approximate", "none")))),
            ("gelu_tanh", new Entry(NoKeys, s => new GELU("tanh"))),
            ("maxout", new Entry(new[] { "pieces", "dim" }, s => new Maxout(s.RequiredLong("pieces"), s.Long("dim", 1)))),
        };

        private static readonly Dictionary<string, Entry> ByName = Table.ToDictionary(t => t.Name, t => t.Entry, StringComparer.Ordinal);

        /// <summary>The prefix of a formula spec, <c>formula:EXPRESSION|name=value|...</c>.</summary>
        public const string FormulaName = "formula";

        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Entry> UserEntries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private static readonly List<string> UserNames = new List<string>();

        /// <summary>The built-in activation names <see cref="Create"/> accepts, in a fixed order (besides <c>formula:</c> and registered names).</summary>
        public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Table.Select(t => t.Name).ToArray());

        /// <summary>The keys <paramref name="name"/> accepts (empty when it takes none).</summary>
        /// <exception cref="ArgumentException">Unknown name.</exception>
        public static IReadOnlyList<string> KeysOf(string name) => Array.AsReadOnly(Lookup(name?.Trim().ToLowerInvariant(), name).Keys);

        /// <summary>Creates the layer described by <paramref name="spec"/>, e.g. <c>"rrelu:lower=0.1,upper=0.3"</c>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
        /// <exception cref="ArgumentException">Unknown name or key, missing required key, or a value that does not parse.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A value outside the layer's allowed range.</exception>
        public static nn.Module<Tensor, Tensor> Create(string spec)
        {
            if (spec is not null && IsFormulaSpec(spec)) return CreateFormula(spec);
            var parsed = ActivationSpec.Parse(spec);
            var entry = Lookup(parsed.Name, spec);
            parsed.CheckKeys(entry.Keys);
            return entry.Create(parsed);
        }

        /// <summary>The names added with <c>Register</c>, in the order they were added.</summary>
        public static IReadOnlyList<string> RegisteredNames
        {
            get { lock (Gate) return UserNames.ToArray(); }
        }

        /// <summary>
        /// Adds <paramref name="name"/>, created by <paramref name="factory"/> from the parsed spec; the spec may
        /// give the <paramref name="keys"/> (read them with <see cref="ActivationSpec.Double"/> and its siblings).
        /// </summary>
        /// <exception cref="ArgumentException">The name is empty, contains a separator (<c>: , ; | =</c>) or white space,
        /// is a built-in name or <c>formula</c>, or is registered already.</exception>
        public static void Register(string name, Func<ActivationSpec, nn.Module<Tensor, Tensor>> factory, params string[] keys)
        {
            Guard.NotNull(factory, nameof(factory));
            var normalized = CheckNewName(name);
            var entry = new Entry((keys ?? NoKeys).Select(k => k.Trim().ToLowerInvariant()).ToArray(), factory);
            lock (Gate)
            {
                if (UserEntries.ContainsKey(normalized))
                    throw new ArgumentException($"Activation \"{normalized}\" is registered already.", nameof(name));
                UserEntries.Add(normalized, entry);
                UserNames.Add(normalized);
            }
        }

        /// <summary>
        /// Adds <paramref name="name"/> as a <see cref="FormulaActivation"/> of <paramref name="formula"/>. Its spec
        /// takes the parameters as keys, <c>name:beta=1.5</c>, with <paramref name="initial"/> (or 1) as defaults.
        /// The formula must pass the acceptance check (<see cref="FormulaCheck"/>) with the default values.
        /// </summary>
        /// <exception cref="FormulaException">The formula does not parse.</exception>
        /// <exception cref="ArgumentException">The name is taken or malformed (see the other overload), or the formula fails the check.</exception>
        public static void Register(string name, string formula, IDictionary<string, double> initial = null)
        {
            if (formula is null) throw new ArgumentNullException(nameof(formula));
            var parsed = Formula.Parse(formula);
            var defaults = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in parsed.Parameters) defaults[p] = 1.0;
            if (initial is not null) foreach (var pair in initial) defaults[pair.Key] = pair.Value;
            // Validates the names and runs the acceptance check once, here.
            using (new FormulaActivation(parsed, defaults)) { }
            var keys = defaults.Keys.Select(k => k.ToLowerInvariant()).ToArray();
            Register(name, s =>
            {
                var values = defaults.ToDictionary(p => p.Key, p => s.Double(p.Key.ToLowerInvariant(), p.Value), StringComparer.Ordinal);
                return new FormulaActivation(parsed, values, check: false);
            }, keys);
        }

        private static string CheckNewName(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            var normalized = name.Trim().ToLowerInvariant();
            if (normalized.Length == 0 || normalized.Any(c => char.IsWhiteSpace(c) || ":,;|=".IndexOf(c) >= 0))
                throw new ArgumentException($"Activation name \"{ActivationSpec.Echo(name)}\" must be non-empty without white space or any of : , ; | =.", nameof(name));
            if (ByName.ContainsKey(normalized) || normalized == FormulaName)
                throw new ArgumentException($"Activation name \"{normalized}\" is built in and cannot be registered again.", nameof(name));
            return normalized;
        }

        private static bool IsFormulaSpec(string spec)
        {
            int colon = spec.IndexOf(':');
            return colon >= 0 && spec.Substring(0, colon).Trim().ToLowerInvariant() == FormulaName;
        }

        private static nn.Module<Tensor, Tensor> CreateFormula(string spec)
        {
            var parts = spec.Substring(spec.IndexOf(':') + 1).Split('|');
            var initial = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 1; i < parts.Length; i++)
            {
                string pair = parts[i];
                int eq = pair.IndexOf('=');
                string key = eq < 0 ? "" : pair.Substring(0, eq).Trim();
                string value = eq < 0 ? "" : pair.Substring(eq + 1).Trim();
                if (key.Length == 0 || value.Length == 0)
                    throw new ArgumentException($"Activation spec \"{ActivationSpec.Echo(spec)}\": \"{ActivationSpec.Echo(pair.Trim())}\" is not of the form name=value (write e.g. formula:x*sigmoid(beta*x)|beta=1.5).", nameof(spec));
                if (initial.ContainsKey(key))
                    throw new ArgumentException($"Activation spec \"{ActivationSpec.Echo(spec)}\" gives \"{ActivationSpec.Echo(key)}\" more than once.", nameof(spec));
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                    throw new ArgumentException($"Activation spec \"{ActivationSpec.Echo(spec)}\": {ActivationSpec.Echo(key)} = \"{ActivationSpec.Echo(value)}\" is not a number.", nameof(spec));
                initial[key] = number;
            }
            if (parts[0].Trim().Length == 0)
                throw new ArgumentException($"Activation spec \"{ActivationSpec.Echo(spec)}\" has no expression after \"formula:\".", nameof(spec));
            return new FormulaActivation(parts[0], initial);
        }

        private static Entry Lookup(string name, string spec)
        {
            if (name is not null && ByName.TryGetValue(name, out var entry)) return entry;
            lock (Gate)
            {
                if (name is not null && UserEntries.TryGetValue(name, out var user)) return user;
                var valid = Names.Concat(new[] { FormulaName + ":<expression>" }).Concat(UserNames);
                throw new ArgumentException($"Unknown activation \"{ActivationSpec.Echo(name)}\" in \"{ActivationSpec.Echo(spec)}\". Valid names: {string.Join(", ", valid)}.", nameof(spec));
            }
        }
    }
}
