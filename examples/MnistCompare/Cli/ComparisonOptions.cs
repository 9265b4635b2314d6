using System.Collections.Generic;
using MnistCompare.Data;
using MnistCompare.Sharding;

namespace MnistCompare.Cli
{
    /// <summary>The resolved settings of one comparison: every value is final (defaults and --quick applied).</summary>
    public sealed class ComparisonOptions
    {
        public bool ShowHelp { get; set; }
        public bool Quick { get; set; }
        public string OutputDirectory { get; set; }

        /// <summary>Null means the default location for <see cref="Dataset"/>.</summary>
        public string DataDirectory { get; set; }

        public DatasetKind Dataset { get; set; }
        public ModelKind Model { get; set; }

        /// <summary>Hidden widths of the MLP, input side first (e.g. 256, 256).</summary>
        public IReadOnlyList<int> Hidden { get; set; }

        public OptimizerKind Optimizer { get; set; }
        public double Momentum { get; set; }
        public int BatchSize { get; set; }
        public int Epochs { get; set; }
        public IReadOnlyList<long> Seeds { get; set; }

        /// <summary>Train on the first N training images only; null trains on all of them.</summary>
        public int? TrainSubset { get; set; }

        /// <summary>Use the first N test images as test and probe set; null uses all of them.</summary>
        public int? TestSubset { get; set; }

        /// <summary>Activation specs as ActivationRegistry.Create accepts them.</summary>
        public IReadOnlyList<string> Activations { get; set; }

        /// <summary>The learning rates to run: one, or several for --lr-sweep.</summary>
        public IReadOnlyList<double> LearningRates { get; set; }

        /// <summary>True when the learning rates came from --lr-sweep.</summary>
        public bool IsSweep { get; set; }

        /// <summary>Accuracy whose first epoch the report calls "epochs to reach".</summary>
        public double TargetAccuracy { get; set; }

        /// <summary>The part of the comparison this process runs (--shard I/N); null runs all of it.</summary>
        public ShardSpec Shard { get; set; }
    }
}
