namespace TorchActivations
{
    /// <summary>
    /// Factories for the activation layers, in the style of TorchSharp's <c>torch.nn</c>:
    /// <c>Activations.RReLU()</c>, <c>Activations.Swish(learnable: true)</c>, ... Each returns a
    /// <c>torch.nn.Module&lt;Tensor, Tensor&gt;</c>. The factory for each layer lives beside the layer in
    /// <c>Activations/&lt;Name&gt;.cs</c>. To create a layer from a string, see <see cref="ActivationRegistry"/>.
    /// </summary>
    public static partial class Activations
    {
    }
}
