using System.Collections.Generic;
using static TorchSharp.torch;

namespace ActivationBenchmarks
{
    /// <summary>
    /// The upstream gradient for y.backward: ones shaped like y, made once per shape and kept, so that neither
    /// their allocation nor their fill (about a copy's cost at 64 MiB) is timed.
    /// </summary>
    internal static class UpstreamGradients
    {
        private static readonly Dictionary<string, Tensor> ones = new Dictionary<string, Tensor>();

        public static Tensor For(Tensor y)
        {
            string key = string.Join("x", y.shape);
            if (!ones.TryGetValue(key, out var t))
                ones[key] = t = ones_like(y).DetachFromDisposeScope();
            return t;
        }
    }
}
