namespace TorchActivations
{
    /// <summary>
    /// Functional (stateless) forms of the activations, in the style of <c>torch.nn.functional</c>:
    /// <c>ActivationFunctions.clipped_relu(x, ceiling)</c>, <c>ActivationFunctions.rrelu(x, training: true)</c>, ...
    /// Each function lives beside its layer in <c>Activations/&lt;Name&gt;.cs</c>.
    /// </summary>
    public static partial class ActivationFunctions
    {
    }
}
