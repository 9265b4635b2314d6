using MnistCompare.Cli;

namespace MnistCompare.Training
{
    /// <summary>What one training run needs besides the data: activation, seed, optimiser settings.</summary>
    public sealed class RunSettings
    {
        public string Activation { get; set; }
        public int Pieces { get; set; } = 1;
        public long Seed { get; set; }
        public OptimizerKind Optimizer { get; set; }
        public double LearningRate { get; set; }
        public double Momentum { get; set; }
        public int BatchSize { get; set; }
        public int Epochs { get; set; }
    }
}
