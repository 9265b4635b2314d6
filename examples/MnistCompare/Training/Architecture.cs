using System;
using System.Collections.Generic;
using System.Linq;
using MnistCompare.Cli;

namespace MnistCompare.Training
{
    /// <summary>
    /// The shape of the network independent of the activation: the hidden widths of the MLP, or the
    /// channel and unit counts of the CNN, and the parameter count for a given maxout piece count.
    /// </summary>
    public sealed class Architecture
    {
        public const int CnnKernel = 3;

        /// <summary>The small CNN: 3x3 conv (8 channels), 2x2 max pool, 3x3 conv (16 channels), 2x2 max pool, 64 units, 10 classes.</summary>
        public static readonly IReadOnlyList<int> CnnWidths = new[] { 8, 16, 64 };

        private Architecture(ModelKind model, int inputHeight, int inputWidth, int classes, IReadOnlyList<int> widths)
        {
            Model = model;
            InputHeight = inputHeight;
            InputWidth = inputWidth;
            Classes = classes;
            Widths = widths;
        }

        public ModelKind Model { get; }
        public int InputHeight { get; }
        public int InputWidth { get; }
        public int Classes { get; }

        /// <summary>Units per hidden layer after its activation (MLP: layer widths; CNN: conv1 channels, conv2 channels, dense units).</summary>
        public IReadOnlyList<int> Widths { get; }

        /// <summary>Names of the hidden layers, matching <see cref="Widths"/>.</summary>
        public IReadOnlyList<string> LayerNames => Model == ModelKind.Mlp
            ? Enumerable.Range(1, Widths.Count).Select(i => "hidden" + i).ToList()
            : new[] { "conv1", "conv2", "fc1" };

        public static Architecture Create(ModelKind model, IReadOnlyList<int> mlpHidden, int height, int width, int classes)
        {
            if (model == ModelKind.Cnn && (height % 4 != 0 || width % 4 != 0))
                throw new ArgumentException($"the CNN pools twice by 2 and needs image sizes divisible by 4, got {height}x{width}");
            return new Architecture(model, height, width, classes, model == ModelKind.Mlp ? mlpHidden : CnnWidths);
        }

        public Architecture WithWidths(IReadOnlyList<int> widths) => new Architecture(Model, InputHeight, InputWidth, Classes, widths);

        /// <summary>
        /// Weights and biases of the linear and convolution layers when every hidden layer produces
        /// <paramref name="pieces"/> times its width for an activation that reduces it back (maxout).
        /// Parameters of the activations themselves (a Swish beta) are not included.
        /// </summary>
        public long ParameterCount(int pieces)
        {
            long k = pieces;
            if (Model == ModelKind.Mlp)
            {
                long total = 0, input = (long)InputHeight * InputWidth;
                foreach (int w in Widths)
                {
                    total += (input + 1) * k * w;
                    input = w;
                }
                return total + (input + 1) * Classes;
            }
            long c1 = Widths[0], c2 = Widths[1], dense = Widths[2];
            long area = CnnKernel * CnnKernel;
            long flat = c2 * (InputHeight / 4) * (InputWidth / 4);
            return (1 * area + 1) * k * c1 + (c1 * area + 1) * k * c2 + (flat + 1) * k * dense + (dense + 1) * Classes;
        }

        public override string ToString() => Model == ModelKind.Mlp
            ? $"MLP {InputHeight * InputWidth}-{string.Join("-", Widths)}-{Classes}"
            : $"CNN conv{CnnKernel}x{CnnKernel}({Widths[0]})-pool-conv{CnnKernel}x{CnnKernel}({Widths[1]})-pool-{Widths[2]}-{Classes}";
    }
}
