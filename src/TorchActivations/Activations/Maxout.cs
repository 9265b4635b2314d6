using System;
using TorchActivations.Internal;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Maxout over groups of channels (Goodfellow et al., 2013, "Maxout Networks").
    /// </summary>
    /// <remarks>
    /// <para>Formula: dimension <c>dim</c> (size <c>C</c>) is split into <c>C / k</c> groups of <c>k</c>
    /// consecutive entries and each group is replaced by its maximum:
    /// <c>y[..., i, ...] = max over j &lt; k of x[..., i·k + j, ...]</c>.</para>
    /// <para>Derivative: 1 for the element that attained the maximum of its group (the winner), 0 for the
    /// others. On ties exactly one element of the group (the one <c>max</c> reports) receives the gradient.</para>
    /// <para>Defaults: <c>dim = 1</c> (the channel dimension); <c>pieces</c> (k) must be &gt;= 1. The size of
    /// <c>dim</c> must be divisible by k; otherwise the forward call throws an <see cref="ArgumentException"/>
    /// that names both numbers.</para>
    /// <para>Shape: input <c>(*, C, *)</c>; output <c>(*, C / k, *)</c>, same dtype and device. NaN in a group
    /// gives NaN for that group.</para>
    /// <para>For the classic maxout unit (an affine map followed by this max) see <see cref="MaxoutLinear"/>.</para>
    /// <example><code>
    /// var act = Activations.Maxout(pieces: 2);
    /// var y = act.call(torch.randn(8, 64, 10));   // shape [8, 32, 10]
    /// </code></example>
    /// </remarks>
    public sealed class Maxout : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="pieces">Group size k, &gt;= 1.</param>
        /// <param name="dim">Dimension to group; negative values count from the end.</param>
        public Maxout(long pieces, long dim = 1) : base(nameof(Maxout))
        {
            Guard.AtLeast(pieces, 1, nameof(pieces));
            this.pieces = pieces;
            this.dim = dim;
        }

        /// <summary>Group size k.</summary>
        public long pieces { get; }

        /// <summary>Dimension that is grouped.</summary>
        public long dim { get; }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => ActivationFunctions.maxout(input, pieces, dim);

        /// <inheritdoc/>
        public override string ToString() => $"Maxout(pieces={pieces}, dim={dim})";
    }

    public static partial class Activations
    {
        /// <summary>Maximum over groups of <paramref name="pieces"/> consecutive channels; see <see cref="TorchActivations.Maxout"/>.</summary>
        public static Maxout Maxout(long pieces, long dim = 1) => new Maxout(pieces, dim);
    }

    public static partial class ActivationFunctions
    {
        /// <summary>Maximum over groups of <paramref name="pieces"/> consecutive entries of <paramref name="dim"/>; see <see cref="TorchActivations.Maxout"/>.</summary>
        public static Tensor maxout(Tensor input, long pieces, long dim = 1)
        {
            Guard.AtLeast(pieces, 1, nameof(pieces));
            Guard.NotNull(input, nameof(input));
            long d = Guard.Dimension(dim, input.ndim, nameof(dim));
            long size = input.shape[d];
            if (size % pieces != 0)
                throw new ArgumentException(
                    $"Maxout needs the size of dimension {dim} to be divisible by pieces, but the size is {size} and pieces is {pieces}.",
                    nameof(input));

            using var scope = NewDisposeScope();
            if (ActivationKernels.MaxoutFusable(input, pieces, d)) {
                var fused = is_grad_enabled() && input.requires_grad
                    ? Kernels.FusedMaxoutFunction.Apply(input, pieces, d)
                    : Kernels.FusedMaxout.Forward(input, pieces, d).y;
                return fused.MoveToOuterDisposeScope();
            }
            var groups = input.unflatten(d, size / pieces, pieces);
            // Without a graph, amax suffices and skips max's index tensor. With one, max(dim) is needed:
            // its backward sends a tied group's whole gradient to a single winner (amax would split it).
            if (!(input.requires_grad && is_grad_enabled()))
                return groups.amax(new[] { d + 1 }).MoveToOuterDisposeScope();
            var (values, _) = groups.max(d + 1);
            return values.MoveToOuterDisposeScope();
        }
    }
}
