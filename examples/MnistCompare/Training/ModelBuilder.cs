using System;
using System.Collections.Generic;
using MnistCompare.Cli;
using TorchActivations;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>
    /// Builds the MLP or the CNN with the activation of every hidden layer from
    /// <c>ActivationRegistry.Create(spec)</c> (a fresh module per layer, so learnable or stochastic
    /// activations keep per-layer state). Layers use TorchSharp's default initialisation, identical
    /// for every activation, so only the activation differs between runs with the same seed.
    /// </summary>
    public static class ModelBuilder
    {
        /// <summary>
        /// How many inputs the activation consumes per output unit: 1 for elementwise functions,
        /// k for maxout with k pieces. Measured by running it rather than by parsing the spec, so any
        /// registry activation works. The probe width 5040 is divisible by every k up to 10; a
        /// per-channel activation that insists on its own width is tried at <paramref name="width"/>.
        /// </summary>
        public static int PiecesPerUnit(string spec, int width)
        {
            foreach (long probeWidth in new long[] { 5040, width })
            {
                using var scope = NewDisposeScope();
                using var activation = ActivationRegistry.Create(spec);
                activation.eval();
                Tensor output;
                try
                {
                    using (no_grad()) output = activation.call(zeros(2, probeWidth));
                }
                catch (Exception e) when (e is ArgumentException || e is System.Runtime.InteropServices.ExternalException)
                {
                    // A per-channel activation rejects the probe width (by its own check or in libtorch); try the real one.
                    continue;
                }
                if (output.ndim != 2 || output.shape[0] != 2 || output.shape[1] == 0 || probeWidth % output.shape[1] != 0)
                    throw new ArgumentException($"activation '{spec}' maps [2, {probeWidth}] to [{string.Join(", ", output.shape)}]; " +
                                                "only activations that keep the shape or reduce groups of features (maxout) can be compared");
                return (int)(probeWidth / output.shape[1]);
            }
            throw new ArgumentException($"activation '{spec}' rejects inputs of {width} and of 5040 features");
        }

        /// <summary>
        /// Builds the network with <paramref name="spec"/> and runs a training step's forward and backward
        /// on a dummy batch of two blank images, so that an activation the registry accepts but that does not
        /// fit this network (a per-channel parameter count that matches no layer, maxout over the batch
        /// dimension) is reported before any data is loaded. Returns null when it fits, else the problem.
        /// </summary>
        public static string CheckFits(string spec, Architecture baseline)
        {
            try
            {
                int pieces = PiecesPerUnit(spec, baseline.Widths[0]);
                using var scope = NewDisposeScope();
                using var model = Build(baseline, spec, pieces);
                model.Network.train();
                var output = model.Network.call(zeros(2, (long)baseline.InputHeight * baseline.InputWidth));
                if (output.ndim != 2 || output.shape[0] != 2 || output.shape[1] != baseline.Classes)
                    return $"the {baseline} gives [{string.Join(", ", output.shape)}] for a batch of 2 images instead of [2, {baseline.Classes}]";
                output.sum().backward();
                return null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                string message = e.Message;
                if (e is ArgumentException a && a.ParamName != null) message = message.Replace($" (Parameter '{a.ParamName}')", "");
                return $"it does not fit the {baseline}: {message}";
            }
        }

        public static BuiltModel Build(Architecture baseline, string spec, int pieces)
        {
            var architecture = WidthMatching.Match(baseline, pieces);
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            var activations = new List<(string, nn.Module<Tensor, Tensor>)>();
            var names = architecture.LayerNames;
            var widths = architecture.Widths;

            void AddActivation(int layer)
            {
                var activation = ActivationRegistry.Create(spec);
                layers.Add(("act" + (layer + 1), activation));
                activations.Add((names[layer], activation));
            }

            if (architecture.Model == ModelKind.Mlp)
            {
                long input = (long)architecture.InputHeight * architecture.InputWidth;
                for (int i = 0; i < widths.Count; i++)
                {
                    layers.Add(("fc" + (i + 1), nn.Linear(input, (long)pieces * widths[i])));
                    AddActivation(i);
                    input = widths[i];
                }
                layers.Add(("out", nn.Linear(input, architecture.Classes)));
            }
            else
            {
                int k = Architecture.CnnKernel, padding = k / 2;
                layers.Add(("unflatten", nn.Unflatten(1, new long[] { 1, architecture.InputHeight, architecture.InputWidth })));
                layers.Add(("conv1", nn.Conv2d(1, (long)pieces * widths[0], k, padding: padding)));
                AddActivation(0);
                layers.Add(("pool1", nn.MaxPool2d(2)));
                layers.Add(("conv2", nn.Conv2d(widths[0], (long)pieces * widths[1], k, padding: padding)));
                AddActivation(1);
                layers.Add(("pool2", nn.MaxPool2d(2)));
                layers.Add(("flatten", nn.Flatten()));
                long flat = (long)widths[1] * (architecture.InputHeight / 4) * (architecture.InputWidth / 4);
                layers.Add(("fc1", nn.Linear(flat, (long)pieces * widths[2])));
                AddActivation(2);
                layers.Add(("out", nn.Linear(widths[2], architecture.Classes)));
            }
            return new BuiltModel(nn.Sequential(layers), architecture, activations, pieces);
        }
    }
}
