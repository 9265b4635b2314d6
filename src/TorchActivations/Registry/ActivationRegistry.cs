using System;
using System.Collections.Generic;
using System.Linq;
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

        /// <summary>The activation names <see cref="Create"/> accepts, in a fixed order.</summary>
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
            var parsed = ActivationSpec.Parse(spec);
            var entry = Lookup(parsed.Name, spec);
            parsed.CheckKeys(entry.Keys);
            return entry.Create(parsed);
        }

        private static Entry Lookup(string name, string spec)
        {
            if (name is not null && ByName.TryGetValue(name, out var entry)) return entry;
            throw new ArgumentException($"Unknown activation \"{ActivationSpec.Echo(name)}\" in \"{ActivationSpec.Echo(spec)}\". Valid names: {string.Join(", ", Names)}.", nameof(spec));
        }
    }
}
