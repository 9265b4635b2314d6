using System.Collections.Generic;
using System.Globalization;

namespace MnistCompare.Sharding
{
    /// <summary>
    /// One training run of a comparison (one learning rate, activation and seed), the unit that shards
    /// divide among themselves. <see cref="Index"/> is its position in the order a single-process run
    /// trains them (learning rate, then activation, then seed); <see cref="Id"/> names its result file
    /// (runs/&lt;id&gt;.json) and is the same for the same configuration in every process.
    /// </summary>
    public sealed class WorkUnit
    {
        public int Index { get; private set; }
        public double LearningRate { get; private set; }
        public string Activation { get; private set; }
        public long Seed { get; private set; }
        public string Id { get; private set; }

        /// <summary>Every unit of a comparison, in training order.</summary>
        public static List<WorkUnit> Enumerate(IReadOnlyList<double> learningRates, IReadOnlyList<string> activations, IReadOnlyList<long> seeds)
        {
            var units = new List<WorkUnit>();
            foreach (double lr in learningRates)
                foreach (string spec in activations)
                    foreach (long seed in seeds)
                    {
                        int index = units.Count;
                        units.Add(new WorkUnit
                        {
                            Index = index, LearningRate = lr, Activation = spec, Seed = seed,
                            Id = $"{index:D4}-{FileNameSlug.Of(spec)}-seed{seed.ToString(CultureInfo.InvariantCulture)}-lr{lr.ToString("R", CultureInfo.InvariantCulture)}",
                        });
                    }
            return units;
        }
    }
}
