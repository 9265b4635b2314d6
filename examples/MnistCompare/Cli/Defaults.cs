using System.Collections.Generic;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Default settings. The full run is sized to take about ten minutes on two cores for the
    /// eleven default activations; --quick about one minute. The sizes were chosen by timing
    /// the runs on such a machine (see docs/mnist-compare.md).
    /// </summary>
    public static class Defaults
    {
        /// <summary>
        /// The default comparison: the activations the package adds beside the classics they are measured
        /// against. ClippedReLU and Maxout have required settings; ceiling 6 is the common ReLU6 and
        /// 2 pieces the usual maxout. Swish's beta is learnable by default.
        /// </summary>
        public static readonly IReadOnlyList<string> Activations = new[]
        {
            "relu", "leaky_relu", "rrelu", "clipped_relu:ceiling=6", "elu", "swish", "gelu", "gelu_tanh", "maxout:pieces=2", "sigmoid", "tanh",
        };

        public static readonly IReadOnlyList<int> Hidden = new[] { 256, 256 };
        public static readonly IReadOnlyList<long> Seeds = new long[] { 1 };

        public const double SgdLearningRate = 0.05;
        public const double AdamLearningRate = 0.001;
        public const double Momentum = 0.9;
        public const int BatchSize = 64;
        public const int Epochs = 5;
        public const double TargetAccuracy = 0.97;

        public const int QuickEpochs = 2;
        public const int QuickTrainSubset = 6000;
        public const int QuickTestSubset = 5000;
    }
}
