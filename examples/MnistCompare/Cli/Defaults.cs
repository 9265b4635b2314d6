using System.Collections.Generic;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Default settings, sized so that the full run (eleven activations, 10 epochs on all 60,000 images)
    /// takes under ten minutes on a 2-core machine (7.6 measured) and --quick about a minute
    /// (docs/mnist-compare.md has the measurements).
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

        public const double SgdLearningRate = 0.01;
        public const double AdamLearningRate = 0.001;
        public const double Momentum = 0.9;

        /// <summary>Momentum of --lr-sweep runs: plain SGD, so the swept rate is the step size itself.</summary>
        public const double SweepMomentum = 0;
        public const int BatchSize = 64;
        public const int Epochs = 10;
        /// <summary>The accuracy for the "epochs to reach" column: one that good networks reach within the
        /// default epochs on each data set (MNIST MLPs pass 97%; on Fashion-MNIST 85-90% is the useful mark).</summary>
        public const double MnistTargetAccuracy = 0.97;
        public const double FashionTargetAccuracy = 0.88;

        public const int QuickEpochs = 3;
        public const int QuickTrainSubset = 12000;
        public const int QuickTestSubset = 5000;
    }
}
