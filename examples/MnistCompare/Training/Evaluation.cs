using System.Collections.Generic;
using TorchActivations.Monitoring;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>Loss and accuracy of a network on one split, and optionally its activations' activity.</summary>
    public sealed class Evaluation
    {
        public double Loss { get; private set; }
        public double Accuracy { get; private set; }
        public IReadOnlyList<LayerActivity> Layers { get; private set; }

        private const int BatchSize = 1000;

        /// <summary>
        /// Evaluates in eval mode without gradients (restoring training mode afterwards); when a monitor
        /// is given, the pass doubles as its probe pass, so the probe set is exactly this split.
        /// </summary>
        public static Evaluation Run(nn.Module<Tensor, Tensor> network, TensorSplit split, ActivationMonitor monitor)
        {
            double lossSum = 0;
            long correct = 0;
            void Pass()
            {
                for (int start = 0; start < split.Count; start += BatchSize)
                {
                    using var scope = NewDisposeScope();
                    int length = System.Math.Min(BatchSize, split.Count - start);
                    var images = split.Images.narrow(0, start, length);
                    var labels = split.Labels.narrow(0, start, length);
                    var logits = network.call(images);
                    lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                    correct += logits.argmax(1).eq(labels).sum().item<long>();
                }
            }

            network.eval();
            try
            {
                using (no_grad())
                {
                    IReadOnlyList<LayerActivity> layers = null;
                    if (monitor != null) layers = monitor.Measure(Pass);
                    else Pass();
                    return new Evaluation { Loss = lossSum / split.Count, Accuracy = (double)correct / split.Count, Layers = layers };
                }
            }
            finally
            {
                network.train();
            }
        }
    }
}
