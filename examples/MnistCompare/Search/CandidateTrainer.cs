using System;
using System.Diagnostics;
using MnistCompare.Cli;
using MnistCompare.Data;
using MnistCompare.Training;

namespace MnistCompare.Search
{
    /// <summary>
    /// Trains the search's MLP for one <see cref="SearchUnit"/> and scores it: training images
    /// [0, train-subset), validation images the next validation-subset training images, test images the first
    /// test-subset of the test split. A training that throws or whose loss goes non-finite scores 0.
    /// </summary>
    public sealed class CandidateTrainer : IDisposable
    {
        private readonly SearchOptions _options;
        private readonly Architecture _baseline;
        private readonly TensorSplit _train, _validation, _test;

        public CandidateTrainer(SearchOptions options, LoadedData data)
        {
            _options = options;
            var trainData = Slice(data.Train, 0, options.TrainSubset);
            var validationData = Slice(data.Train, options.TrainSubset, options.ValidationSubset);
            var testData = data.Test.Take(options.TestSubset);
            _baseline = Architecture.Create(ModelKind.Mlp, new[] { options.Hidden }, trainData.Height, trainData.Width, data.Classes);
            _train = new TensorSplit(trainData);
            _validation = new TensorSplit(validationData);
            _test = new TensorSplit(testData);
        }

        public UnitOutcome Train(SearchUnit unit)
        {
            var clock = Stopwatch.StartNew();
            var settings = new RunSettings
            {
                Activation = unit.Spec,
                Seed = unit.Seed,
                Optimizer = OptimizerKind.Adam,
                LearningRate = _options.LearningRate,
                BatchSize = _options.BatchSize,
                Epochs = unit.Epochs,
            };
            double score;
            bool failed = false;
            try
            {
                var record = RunTrainer.Run(settings, _baseline, _train, unit.Split == ScoreSplit.Test ? _test : _validation, null);
                var last = record.Epochs[record.Epochs.Count - 1];
                if (!double.IsFinite(last.TrainLoss)) failed = true;
                score = double.IsFinite(last.TestAccuracy) ? last.TestAccuracy : 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed = true;
                score = 0;
            }
            return new UnitOutcome(score, failed, clock.Elapsed.TotalSeconds);
        }

        public void Dispose()
        {
            _train.Dispose();
            _validation.Dispose();
            _test.Dispose();
        }

        /// <summary>Images [start, start + count) of a split.</summary>
        public static ImageDataset Slice(ImageDataset data, int start, int count)
        {
            count = Math.Max(0, Math.Min(count, data.Count - start));
            if (count == 0) throw new ArgumentException($"the split has {data.Count} images, none from {start} on");
            long per = data.PixelsPerImage;
            var pixels = new float[count * per];
            Array.Copy(data.Pixels, start * per, pixels, 0, pixels.Length);
            var labels = new byte[count];
            Array.Copy(data.Labels, start, labels, 0, count);
            return new ImageDataset(pixels, labels, data.Height, data.Width);
        }
    }
}
