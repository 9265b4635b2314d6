using System.Collections.Generic;

namespace MnistCompare.Reporting
{
    // The numbers one comparison produces, in the shape metrics.json stores them
    // (docs/mnist-compare.md describes every field). Fractions are in [0, 1].

    /// <summary>Activity of one hidden layer's activation on the probe set.</summary>
    public sealed class LayerRecord
    {
        public string Name { get; set; }
        public double DeadFraction { get; set; }
        public double SaturatedFraction { get; set; }
        public double MeanActivation { get; set; }
        public double ZeroFraction { get; set; }
    }

    /// <summary>One evaluation point; epoch 0 is the network at initialisation, before any training.</summary>
    public sealed class EpochRecord
    {
        public int Epoch { get; set; }
        public double TrainLoss { get; set; }
        public double TestLoss { get; set; }
        public double TestAccuracy { get; set; }

        /// <summary>Wall seconds spent training in this epoch (0 for epoch 0; evaluation excluded).</summary>
        public double Seconds { get; set; }

        /// <summary>Dead units of all hidden layers together over all hidden units.</summary>
        public double DeadFraction { get; set; }

        /// <summary>Saturated units of all hidden layers together over all hidden units.</summary>
        public double SaturatedFraction { get; set; }

        public List<LayerRecord> Layers { get; set; } = new List<LayerRecord>();
    }

    /// <summary>One training run: one activation, one seed, one learning rate.</summary>
    public sealed class RunRecord
    {
        public string Activation { get; set; }
        public long Seed { get; set; }
        public double LearningRate { get; set; }
        public long Parameters { get; set; }

        /// <summary>Units per hidden layer after the activation (maxout's widths are adjusted).</summary>
        public List<int> HiddenWidths { get; set; } = new List<int>();

        public List<EpochRecord> Epochs { get; set; } = new List<EpochRecord>();
    }

    /// <summary>The settings a comparison ran with, as written to metrics.json and the report.</summary>
    public sealed class ExperimentConfig
    {
        public string Dataset { get; set; }
        public string DataDirectory { get; set; }
        public double StandardisationMean { get; set; }
        public double StandardisationStd { get; set; }
        public string StandardisationSource { get; set; }
        public int TrainSize { get; set; }
        public int TestSize { get; set; }
        public string Model { get; set; }

        /// <summary>The plain network in words, e.g. "MLP 784-256-256-10".</summary>
        public string Architecture { get; set; }

        public List<int> Hidden { get; set; } = new List<int>();
        public string Optimizer { get; set; }
        public double Momentum { get; set; }
        public List<double> LearningRates { get; set; } = new List<double>();
        public bool LearningRateSweep { get; set; }
        public int BatchSize { get; set; }
        public int Epochs { get; set; }
        public List<long> Seeds { get; set; } = new List<long>();
        public List<string> Activations { get; set; } = new List<string>();
        public double TargetAccuracy { get; set; }
        public bool Quick { get; set; }
        public string Probe { get; set; }
        public string MaxoutWidthRule { get; set; }
        public int TorchThreads { get; set; }
        public int ProcessorCount { get; set; }
        public string StartedUtc { get; set; }
        public double ElapsedSeconds { get; set; }

        /// <summary>"I/N" when this process ran one shard of the comparison (--shard); null for a whole comparison.</summary>
        public string Shard { get; set; }
    }

    /// <summary>Everything one invocation produced.</summary>
    public sealed class ExperimentResult
    {
        public ExperimentConfig Config { get; set; } = new ExperimentConfig();
        public List<RunRecord> Runs { get; set; } = new List<RunRecord>();
    }
}
