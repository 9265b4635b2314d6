using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistCompare.Training
{
    /// <summary>A network ready to train, with handles on its hidden activations for the monitor.</summary>
    public sealed class BuiltModel : IDisposable
    {
        public BuiltModel(Sequential network, Architecture architecture, IReadOnlyList<(string name, nn.Module<Tensor, Tensor> activation)> activations, int pieces)
        {
            Network = network;
            Architecture = architecture;
            Activations = activations;
            Pieces = pieces;
            Parameters = network.parameters().Sum(p => p.numel());
        }

        public Sequential Network { get; }

        /// <summary>The architecture actually built (maxout's widths already adjusted).</summary>
        public Architecture Architecture { get; }

        /// <summary>The activation module of each hidden layer, named after the layer.</summary>
        public IReadOnlyList<(string name, nn.Module<Tensor, Tensor> activation)> Activations { get; }

        /// <summary>Pre-activations per unit: k for maxout with k pieces, 1 otherwise.</summary>
        public int Pieces { get; }

        /// <summary>Trainable elements, activation parameters (Swish's beta) included.</summary>
        public long Parameters { get; }

        public void Dispose() => Network.Dispose();
    }
}
