using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using MnistCompare.Data;
using MnistCompare.Sharding;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Turns the compare command's options, as System.CommandLine parsed them (<see cref="CompareSyntax"/>),
    /// into <see cref="ComparisonOptions"/>. Every problem is an <see cref="OptionsException"/> whose message
    /// names the option and the allowed values. Options may be given as "--name value" or "--name=value", in
    /// any order; --quick only changes defaults, so explicit options win over it wherever they appear.
    /// </summary>
    public sealed class OptionParser
    {
        private readonly Func<string, string> _checkActivationSpec;

        /// <param name="checkActivationSpec">
        /// Returns null for a spec the activation registry accepts and an explanation otherwise;
        /// null skips the check (the caller validates specs itself).
        /// </param>
        public OptionParser(Func<string, string> checkActivationSpec = null)
        {
            _checkActivationSpec = checkActivationSpec;
        }

        /// <summary>Parses <paramref name="args"/> (compare's options, without a command name) with the program's command line syntax.</summary>
        public ComparisonOptions Parse(IReadOnlyList<string> args) => Parse(new CommandLineSyntax().ParseCompare(args));

        public ComparisonOptions Parse(ParsedOptions commandLine)
        {
            var given = GivenOptions.Read(commandLine);
            var options = new ComparisonOptions();

            options.ShowHelp = given.ContainsKey("help");
            options.Quick = given.ContainsKey("quick");
            options.OutputDirectory = Single(given, "out") ?? DefaultOutputDirectory();
            options.DataDirectory = Single(given, "data-dir");
            options.Dataset = ParseEnum(given, "dataset", DatasetKind.Mnist, ("mnist", DatasetKind.Mnist), ("fashion", DatasetKind.Fashion));
            options.Model = ParseEnum(given, "model", ModelKind.Mlp, ("mlp", ModelKind.Mlp), ("cnn", ModelKind.Cnn));
            options.Optimizer = ParseEnum(given, "optimizer", OptimizerKind.Sgd, ("sgd", OptimizerKind.Sgd), ("adam", OptimizerKind.Adam));

            string hidden = Single(given, "hidden");
            if (hidden != null && options.Model == ModelKind.Cnn)
                throw new OptionsException("--hidden sets the MLP's hidden layers; the CNN (--model cnn) has a fixed architecture");
            options.Hidden = hidden == null ? Defaults.Hidden : HiddenLayout.Parse(hidden);

            // A sweep asks what a step size does, so it defaults to plain SGD, where the learning rate is the
            // step size; with momentum 0.9 the effective step is ten times larger and 0.5 or 1.0 only diverge.
            double defaultMomentum = given.ContainsKey("lr-sweep") ? Defaults.SweepMomentum : Defaults.Momentum;
            options.Momentum = ParseDouble(given, "momentum", defaultMomentum, min: 0, minInclusive: true, max: 1, maxInclusive: false);
            options.BatchSize = ParseInt(given, "batch-size", Defaults.BatchSize, min: 1);
            options.Epochs = ParseInt(given, "epochs", options.Quick ? Defaults.QuickEpochs : Defaults.Epochs, min: 1);
            options.TrainSubset = ParseOptionalInt(given, "train-subset", options.Quick ? Defaults.QuickTrainSubset : (int?)null, min: 1);
            options.TestSubset = ParseOptionalInt(given, "test-subset", options.Quick ? Defaults.QuickTestSubset : (int?)null, min: 1);
            double defaultTarget = options.Dataset == DatasetKind.Fashion ? Defaults.FashionTargetAccuracy : Defaults.MnistTargetAccuracy;
            options.TargetAccuracy = ParseDouble(given, "target-accuracy", defaultTarget, min: 0, minInclusive: false, max: 1, maxInclusive: true);
            options.Seeds = ParseSeeds(given);
            options.Activations = ParseActivations(given);

            double defaultLr = options.Optimizer == OptimizerKind.Sgd ? Defaults.SgdLearningRate : Defaults.AdamLearningRate;
            string sweep = Single(given, "lr-sweep");
            if (sweep != null && given.ContainsKey("lr"))
                throw new OptionsException("give either --lr or --lr-sweep, not both");
            if (sweep != null)
            {
                options.LearningRates = ParseList(sweep, "lr-sweep", s => CheckLearningRate("lr-sweep", ParseDoubleValue("lr-sweep", s)));
                if (options.LearningRates.Distinct().Count() != options.LearningRates.Count)
                    throw new OptionsException("--lr-sweep: a learning rate is repeated");
                options.IsSweep = true;
            }
            else
            {
                string lr = Single(given, "lr");
                options.LearningRates = new[] { lr == null ? defaultLr : CheckLearningRate("lr", ParseDoubleValue("lr", lr)) };
            }

            string shard = Single(given, "shard");
            if (shard != null)
            {
                options.Shard = ShardSpec.Parse(shard);
                int runs = options.LearningRates.Count * options.Activations.Count * options.Seeds.Count;
                if (options.Shard.Count > runs)
                    throw new OptionsException(
                        $"--shard: {options.Shard} splits a comparison of {runs} run{(runs == 1 ? "" : "s")} into more shards than runs; use at most {runs} shards");
            }
            return options;
        }

        /// <summary>results/&lt;local timestamp&gt; under the current directory.</summary>
        public static string DefaultOutputDirectory() =>
            System.IO.Path.Combine("results", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

        private static string Single(Dictionary<string, List<string>> given, string name) =>
            given.TryGetValue(name, out var values) ? values[0] : null;

        private static T ParseEnum<T>(Dictionary<string, List<string>> given, string name, T fallback, params (string Text, T Value)[] choices)
        {
            string text = Single(given, name);
            if (text == null) return fallback;
            foreach (var choice in choices)
                if (string.Equals(choice.Text, text.Trim(), StringComparison.OrdinalIgnoreCase))
                    return choice.Value;
            throw new OptionsException($"--{name}: '{text}' is not one of {string.Join(", ", choices.Select(c => c.Text))}");
        }

        private static int ParseInt(Dictionary<string, List<string>> given, string name, int fallback, int min) =>
            ParseOptionalInt(given, name, fallback, min).Value;

        private static int? ParseOptionalInt(Dictionary<string, List<string>> given, string name, int? fallback, int min)
        {
            string text = Single(given, name);
            if (text == null) return fallback;
            return ParseIntValue(name, text, min);
        }

        private static int ParseIntValue(string name, string text, int min)
        {
            if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
                throw new OptionsException($"--{name}: '{text}' is not a whole number");
            if (value < min)
                throw new OptionsException($"--{name}: must be at least {min}, got {value}");
            return value;
        }

        private static double ParseDouble(Dictionary<string, List<string>> given, string name, double fallback,
            double min, bool minInclusive, double max, bool maxInclusive)
        {
            string text = Single(given, name);
            if (text == null) return fallback;
            double value = ParseDoubleValue(name, text);
            bool aboveMin = minInclusive ? value >= min : value > min;
            bool belowMax = maxInclusive ? value <= max : value < max;
            if (!aboveMin || !belowMax)
                throw new OptionsException(
                    $"--{name}: must be in {(minInclusive ? "[" : "(")}{Format(min)}, {Format(max)}{(maxInclusive ? "]" : ")")}, got {text}");
            return value;
        }

        private static double ParseDoubleValue(string name, string text)
        {
            if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new OptionsException($"--{name}: '{text}' is not a finite number");
            return value;
        }

        private static double CheckLearningRate(string name, double value)
        {
            if (!(value > 0))
                throw new OptionsException($"--{name}: a learning rate must be positive, got {Format(value)}");
            return value;
        }

        private static List<T> ParseList<T>(string text, string name, Func<string, T> parseItem)
        {
            var items = text.Split(',').Select(s => s.Trim()).ToList();
            if (items.Count == 0 || items.Any(s => s.Length == 0))
                throw new OptionsException($"--{name}: expected a comma-separated list without empty items, got '{text}'");
            return items.Select(parseItem).ToList();
        }

        private static IReadOnlyList<long> ParseSeeds(Dictionary<string, List<string>> given)
        {
            string text = Single(given, "seeds");
            if (text == null) return Defaults.Seeds;
            var seeds = ParseList(text, "seeds", s =>
            {
                if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) || seed < 0)
                    throw new OptionsException($"--seeds: '{s}' is not a non-negative whole number");
                return seed;
            });
            if (seeds.Distinct().Count() != seeds.Count)
                throw new OptionsException("--seeds: a seed is repeated (repeated seeds give identical runs)");
            return seeds;
        }

        private IReadOnlyList<string> ParseActivations(Dictionary<string, List<string>> given)
        {
            var specs = new List<string>();
            if (given.TryGetValue("activations", out var lists))
                specs.AddRange(ActivationListParser.Split(lists[0]));
            if (given.TryGetValue("activation", out var single))
            {
                foreach (string spec in single)
                {
                    if (spec.Trim().Length == 0) throw new OptionsException("--activation: empty spec");
                    specs.Add(spec.Trim());
                }
            }
            if (specs.Count == 0)
                specs.AddRange(Defaults.Activations);
            var repeated = specs.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (repeated != null)
                throw new OptionsException($"--activations: '{repeated.Key}' is listed twice");
            if (_checkActivationSpec != null)
            {
                foreach (string spec in specs)
                {
                    string problem = _checkActivationSpec(spec);
                    if (problem != null)
                        throw new OptionsException($"--activations: '{spec}': {problem}");
                }
            }
            return specs;
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
