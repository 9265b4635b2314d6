using System;
using static TorchSharp.torch;

namespace TorchActivations.Internal
{
    /// <summary>
    /// Argument checks shared by the layers. Every message names the argument, the value received
    /// and the range that is allowed, so a bad configuration is fixed from the message alone.
    /// </summary>
    internal static class Guard
    {
        public static void Finite(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number, got {Text.Num(value)}.");
        }

        public static void Positive(double value, string name)
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0, got {Text.Num(value)}.");
        }

        public static void AtLeast(long value, long minimum, string name)
        {
            if (value < minimum)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= {minimum}, got {value}.");
        }

        public static void NotNull(object value, string name)
        {
            if (value is null) throw new ArgumentNullException(name);
        }

        /// <summary>The layers built from tensor ops need a real floating-point input (they sample, or take tanh/sigmoid).</summary>
        public static void FloatingPoint(Tensor input, string layer)
        {
            if (input is null) throw new ArgumentNullException("input");
            if (!input.is_floating_point())
                throw new ArgumentException($"{layer} needs a floating-point input, got dtype {input.dtype}.", "input");
        }

        /// <summary>Resolves a possibly negative dimension index against a tensor's rank.</summary>
        public static long Dimension(long dim, long rank, string name)
        {
            long resolved = dim < 0 ? dim + rank : dim;
            if (resolved < 0 || resolved >= rank)
                throw new ArgumentOutOfRangeException(name, dim,
                    $"{name} = {dim} is out of range for a {rank}-dimensional input (allowed: {-rank} to {rank - 1}).");
            return resolved;
        }
    }
}
