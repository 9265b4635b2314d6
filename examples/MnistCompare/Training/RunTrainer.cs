using System;
using System.Diagnostics;
using System.Linq;
using MnistCompare.Cli;
using MnistCompare.Reporting;
using TorchActivations.Monitoring;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>Observer of a run's progress (the console progress bar).</summary>
    public interface IRunProgress
    {
        void Batch(int epoch, int epochs, int batch, int batches, double runningLoss);
        void Epoch(EpochRecord record);
    }

    /// <summary>
    /// Trains one network (one activation, seed and learning rate) and records, at initialisation and
    /// after every epoch, training loss, test loss and accuracy, and the activity of every hidden activation.
    /// </summary>
    /// <remarks>
    /// Deterministic for a seed: <c>torch.random.manual_seed</c> is set before the model is built, and
    /// initialisation, the per-epoch shuffles and RReLU's slopes all draw from that generator in a fixed
    /// order; evaluation runs in eval mode and draws nothing. Every batch's tensors live in their own
    /// dispose scope, so memory stays flat over epochs.
    /// </remarks>
    public static class RunTrainer
    {
        public static RunRecord Run(RunSettings settings, Architecture baseline, TensorSplit train, TensorSplit test, IRunProgress progress)
        {
            random.manual_seed(settings.Seed);
            using var model = ModelBuilder.Build(baseline, settings.Activation, settings.Pieces);
            using var monitor = new ActivationMonitor(model.Activations);
            using var optimizer = CreateOptimizer(model, settings);

            var record = new RunRecord
            {
                Activation = settings.Activation,
                Seed = settings.Seed,
                LearningRate = settings.LearningRate,
                Parameters = model.Parameters,
                HiddenWidths = model.Architecture.Widths.ToList(),
            };

            // Epoch 0: the untrained network; its training loss is measured the same way as the test loss.
            double initialTrainLoss = Evaluation.Run(model.Network, train, null).Loss;
            record.Epochs.Add(Measure(0, initialTrainLoss, 0, model, test, monitor));
            progress?.Epoch(record.Epochs[0]);

            int batches = (train.Count + settings.BatchSize - 1) / settings.BatchSize;
            for (int epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                double lossSum = 0;
                long seen = 0;
                model.Network.train();
                using (var order = randperm(train.Count).DetachFromDisposeScope())
                {
                    for (int b = 0; b < batches; b++)
                    {
                        using var scope = NewDisposeScope();
                        int start = b * settings.BatchSize;
                        int length = Math.Min(settings.BatchSize, train.Count - start);
                        var indices = order.narrow(0, start, length);
                        var images = train.Images.index_select(0, indices);
                        var labels = train.Labels.index_select(0, indices);

                        optimizer.zero_grad();
                        var loss = nn.functional.cross_entropy(model.Network.call(images), labels);
                        loss.backward();
                        optimizer.step();

                        lossSum += loss.item<float>() * (double)length;
                        seen += length;
                        progress?.Batch(epoch, settings.Epochs, b + 1, batches, lossSum / seen);
                    }
                }
                clock.Stop();
                record.Epochs.Add(Measure(epoch, lossSum / seen, clock.Elapsed.TotalSeconds, model, test, monitor));
                progress?.Epoch(record.Epochs[epoch]);
            }
            return record;
        }

        private static EpochRecord Measure(int epoch, double trainLoss, double seconds, BuiltModel model, TensorSplit test, ActivationMonitor monitor)
        {
            var evaluation = Evaluation.Run(model.Network, test, monitor);
            return new EpochRecord
            {
                Epoch = epoch,
                TrainLoss = trainLoss,
                TestLoss = evaluation.Loss,
                TestAccuracy = evaluation.Accuracy,
                Seconds = seconds,
                DeadFraction = LayerActivity.TotalDeadFraction(evaluation.Layers),
                SaturatedFraction = LayerActivity.TotalSaturatedFraction(evaluation.Layers),
                Layers = evaluation.Layers.Select(l => new LayerRecord
                {
                    Name = l.Name,
                    DeadFraction = l.DeadFraction,
                    SaturatedFraction = l.SaturatedFraction,
                    MeanActivation = l.MeanActivation,
                    ZeroFraction = l.ZeroFraction,
                }).ToList(),
            };
        }

        private static optim.Optimizer CreateOptimizer(BuiltModel model, RunSettings settings) =>
            settings.Optimizer == OptimizerKind.Sgd
                ? optim.SGD(model.Network.parameters(), settings.LearningRate, momentum: settings.Momentum)
                : optim.Adam(model.Network.parameters(), lr: settings.LearningRate);
    }
}
