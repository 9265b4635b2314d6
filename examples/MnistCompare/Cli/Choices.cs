namespace MnistCompare.Cli
{
    /// <summary>The network trained for every activation.</summary>
    public enum ModelKind
    {
        Mlp,
        Cnn,
    }

    /// <summary>The optimiser used for every run.</summary>
    public enum OptimizerKind
    {
        /// <summary>Stochastic gradient descent with (heavy-ball) momentum.</summary>
        Sgd,
        Adam,
    }
}
