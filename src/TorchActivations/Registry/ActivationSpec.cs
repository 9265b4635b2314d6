using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TorchActivations
{
    /// <summary>
    /// A parsed activation spec: <c>name</c> or <c>name:key=value,key=value</c>. Parsing is separate from
    /// construction so the registry can check the keys against each layer's list before building anything.
    /// Factories given to <see cref="ActivationRegistry.Register(string, Func{ActivationSpec, TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}}, string[])"/>
    /// read their keys with <see cref="Double"/>, <see cref="Long"/>, <see cref="Bool"/> and their siblings.
    /// </summary>
    public sealed class ActivationSpec
    {
        private readonly Dictionary<string, string> values;

        private ActivationSpec(string text, string name, Dictionary<string, string> values)
        {
            Text = text;
            Name = name;
            this.values = values;
        }

        /// <summary>The spec as written.</summary>
        public string Text { get; }

        /// <summary>The activation name, trimmed and lower-cased.</summary>
        public string Name { get; }

        /// <summary>Longest piece of a spec quoted in an error message; longer ones are cut with an ellipsis.</summary>
        internal const int MaxEchoLength = 100;

        /// <summary><paramref name="text"/> as quoted in error messages: at most <see cref="MaxEchoLength"/> characters.</summary>
        internal static string Echo(string text) =>
            text is null || text.Length <= MaxEchoLength ? text : text.Substring(0, MaxEchoLength - 1) + "\u2026";

        internal static ActivationSpec Parse(string spec)
        {
            if (spec is null) throw new ArgumentNullException(nameof(spec));
            int colon = spec.IndexOf(':');
            string name = (colon < 0 ? spec : spec.Substring(0, colon)).Trim().ToLowerInvariant();
            if (name.Length == 0)
                throw new ArgumentException($"Activation spec \"{Echo(spec)}\" has no name; expected \"name\" or \"name:key=value,...\".", nameof(spec));

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (colon >= 0)
            {
                foreach (string pair in spec.Substring(colon + 1).Split(','))
                {
                    int eq = pair.IndexOf('=');
                    string key = (eq < 0 ? pair : pair.Substring(0, eq)).Trim().ToLowerInvariant();
                    string value = eq < 0 ? null : pair.Substring(eq + 1).Trim();
                    if (key.Length == 0 || string.IsNullOrEmpty(value))
                        throw new ArgumentException($"Activation spec \"{Echo(spec)}\": \"{Echo(pair.Trim())}\" is not of the form key=value.", nameof(spec));
                    if (values.ContainsKey(key))
                        throw new ArgumentException($"Activation spec \"{Echo(spec)}\" gives key \"{Echo(key)}\" more than once.", nameof(spec));
                    values[key] = value;
                }
            }
            return new ActivationSpec(spec, name, values);
        }

        /// <summary>Throws unless every key given is one of <paramref name="allowed"/>.</summary>
        internal void CheckKeys(IReadOnlyCollection<string> allowed)
        {
            foreach (string key in values.Keys)
            {
                if (!allowed.Contains(key))
                {
                    string valid = allowed.Count == 0 ? "none (it takes no arguments)" : string.Join(", ", allowed);
                    throw new ArgumentException($"Activation spec \"{Echo(Text)}\": unknown key \"{Echo(key)}\" for {Name}. Valid keys: {valid}.", "spec");
                }
            }
        }

        /// <summary>The number given for <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
        public double Double(string key, double fallback) => values.TryGetValue(key, out var text) ? ParseDouble(key, text) : fallback;

        /// <summary>The integer given for <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
        public long Long(string key, long fallback) => values.TryGetValue(key, out var text) ? ParseLong(key, text) : fallback;

        /// <summary>The boolean given for <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
        public bool Bool(string key, bool fallback) => values.TryGetValue(key, out var text) ? ParseBool(key, text) : fallback;

        /// <summary>The text given for <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
        public string String(string key, string fallback) => values.TryGetValue(key, out var text) ? text : fallback;

        /// <summary>A value that is one of a set of words (e.g. GELU's "none" | "tanh"): matched without regard to case, so it is returned lower-cased.</summary>
        public string Word(string key, string fallback) => values.TryGetValue(key, out var text) ? text.ToLowerInvariant() : fallback;

        /// <summary>The number given for <paramref name="key"/>; an <see cref="ArgumentException"/> when absent.</summary>
        public double RequiredDouble(string key) => ParseDouble(key, Required(key));

        /// <summary>The integer given for <paramref name="key"/>; an <see cref="ArgumentException"/> when absent.</summary>
        public long RequiredLong(string key) => ParseLong(key, Required(key));

        private string Required(string key)
        {
            if (values.TryGetValue(key, out var text)) return text;
            throw new ArgumentException($"Activation spec \"{Echo(Text)}\": {Name} needs the key \"{key}\" (for example \"{Name}:{key}=...\").", "spec");
        }

        private double ParseDouble(string key, string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
            throw new ArgumentException($"Activation spec \"{Echo(Text)}\": {key} = \"{Echo(text)}\" is not a number.", "spec");
        }

        private long ParseLong(string key, string text)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)) return value;
            throw new ArgumentException($"Activation spec \"{Echo(Text)}\": {key} = \"{Echo(text)}\" is not an integer.", "spec");
        }

        private bool ParseBool(string key, string text)
        {
            if (bool.TryParse(text, out bool value)) return value;
            throw new ArgumentException($"Activation spec \"{Echo(Text)}\": {key} = \"{Echo(text)}\" is not true or false.", "spec");
        }
    }
}
