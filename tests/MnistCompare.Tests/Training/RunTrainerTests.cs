using System;
using System.Collections.Generic;
using System.Linq;
using MnistCompare.Cli;
using MnistCompare.Data;
using MnistCompare.Reporting;
using MnistCompare.Training;
using TorchSharp;
using Xunit;

namespace MnistCompare.Tests.Training
{
    public sealed class RunTrainerTests
    {
        /// <summary>Tiny synthetic images: each class lights up its own band of pixels, plus noise.</summary>
        private static ImageDataset Synthetic(int count, int seed)
        {
            var random = new Random(seed);
            const int size = 8;
            var pixels = new float[count * size * size];
            var labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = (byte)(i % 10);
                for (int p = 0; p < size * size; p++)
                    pixels[i * size * size + p] = (float)(random.NextDouble() - 0.5 + (p % 10 == labels[i] ? 2 : 0));
            }
            return new ImageDataset(pixels, labels, size, size);
        }

        private sealed class LiveTensorRecorder : IRunProgress
        {
            public readonly List<long> LiveAfterEpoch = new List<long>();
            public void Batch(int epoch, int epochs, int batch, int batches, double runningLoss) { }
            public void Epoch(EpochRecord record) => LiveAfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        private static RunRecord Train(string spec, int pieces, ModelKind model, IRunProgress progress, int epochs = 4)
        {
            var arch = Architecture.Create(model, new[] { 32, 32 }, 8, 8, 10);
            using var train = new TensorSplit(Synthetic(400, 1));
            using var test = new TensorSplit(Synthetic(200, 2));
            var settings = new RunSettings
            {
                Activation = spec, Pieces = pieces, Seed = 3, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05,
                Momentum = 0.9, BatchSize = 32, Epochs = epochs,
            };
            return RunTrainer.Run(settings, arch, train, test, progress);
        }

        [Theory]
        [InlineData("relu", 1)]
        [InlineData("swish", 1)]
        [InlineData("maxout:pieces=2", 2)]
        public void LiveTensorsDoNotGrowOverEpochs(string spec, int pieces)
        {
            var recorder = new LiveTensorRecorder();
            Train(spec, pieces, ModelKind.Mlp, recorder);
            // After the first epoch (which creates the optimiser's momentum buffers) the count is flat.
            var steady = recorder.LiveAfterEpoch.Skip(1).ToList();
            Assert.True(steady.All(c => c == steady[0]), "live tensors per epoch: " + string.Join(", ", recorder.LiveAfterEpoch));
        }

        [Fact]
        public void CnnTrainsAndReportsItsThreeHiddenLayers()
        {
            var run = Train("elu", 1, ModelKind.Cnn, null, epochs: 2);
            Assert.Equal(new[] { "conv1", "conv2", "fc1" }, run.Epochs[0].Layers.Select(l => l.Name));
            Assert.True(run.Epochs.Last().TestAccuracy > 0.5, $"accuracy {run.Epochs.Last().TestAccuracy}");
        }

        [Fact]
        public void MaxoutWidthsKeepParameterCountsComparable()
        {
            var arch = Architecture.Create(ModelKind.Mlp, new[] { 256, 256 }, 28, 28, 10);
            var plain = ModelBuilder.Build(arch, "relu", 1);
            var maxout = ModelBuilder.Build(arch, "maxout:pieces=2", ModelBuilder.PiecesPerUnit("maxout:pieces=2", 256));
            Assert.Equal(2, maxout.Pieces);
            Assert.Equal(arch.ParameterCount(1), plain.Parameters);
            Assert.True(Math.Abs(maxout.Parameters - plain.Parameters) < plain.Parameters * 0.01,
                $"{maxout.Parameters} vs {plain.Parameters}");
            Assert.True(maxout.Architecture.Widths.All(w => w < 256));
            Assert.Equal(1, ModelBuilder.PiecesPerUnit("gelu", 256));
            Assert.Equal(3, ModelBuilder.PiecesPerUnit("maxout:pieces=3", 255));
        }

        [Fact]
        public void CnnParameterFormulaMatchesTheBuiltNetwork()
        {
            var arch = Architecture.Create(ModelKind.Cnn, null, 28, 28, 10);
            using var model = ModelBuilder.Build(arch, "relu", 1);
            Assert.Equal(arch.ParameterCount(1), model.Parameters);
            using var maxout = ModelBuilder.Build(arch, "maxout:pieces=2", 2);
            Assert.Equal(maxout.Architecture.ParameterCount(2), maxout.Parameters);
        }
    }
}
