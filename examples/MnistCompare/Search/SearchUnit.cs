using System.Globalization;
using MnistCompare.Sharding;

namespace MnistCompare.Search
{
    /// <summary>Which held-out images score a unit: validation images during the search, test images at the end.</summary>
    public enum ScoreSplit
    {
        Validation,
        Test,
    }

    /// <summary>
    /// One training of a search, the unit that shards divide among themselves: an activation spec trained
    /// for some epochs with one seed and scored on one split. Its outcome is a pure function of these and of
    /// the search's options, so whichever process trains it writes the same result. <see cref="Index"/> is
    /// its position in the order a single process runs them; <see cref="Id"/> names its result file
    /// (runs/&lt;id&gt;.json) and is the same in every process.
    /// </summary>
    public sealed class SearchUnit
    {
        public SearchUnit(int index, string stage, string spec, long seed, int epochs, ScoreSplit split, string label)
        {
            Index = index;
            Stage = stage;
            Spec = spec;
            Seed = seed;
            Epochs = epochs;
            Split = split;
            Label = label;
            Id = $"{index:D4}-{stage}-{FileNameSlug.Of(spec, 60)}-seed{seed.ToString(CultureInfo.InvariantCulture)}";
        }

        public int Index { get; }

        /// <summary>"rung0", "rung1", ... or "final".</summary>
        public string Stage { get; }
        public string Spec { get; }
        public long Seed { get; }
        public int Epochs { get; }
        public ScoreSplit Split { get; }

        /// <summary>How the progress log names it, e.g. "[3/24]"; not part of its identity.</summary>
        public string Label { get; }

        public string Id { get; }
    }

    /// <summary>What one unit's training gave: the accuracy on its split (0 when training failed) and how long it took.</summary>
    public sealed class UnitOutcome
    {
        public UnitOutcome(double score, bool failed, double seconds)
        {
            Score = score;
            Failed = failed;
            Seconds = seconds;
        }

        public double Score { get; }

        /// <summary>The loss went non-finite or the training threw.</summary>
        public bool Failed { get; }
        public double Seconds { get; }
    }
}
