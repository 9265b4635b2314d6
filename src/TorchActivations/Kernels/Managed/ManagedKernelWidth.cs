using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;

namespace TorchActivations.Kernels
{
    /// <summary>The SIMD widths the managed kernels can run at, in bits; Scalar uses no vectors.</summary>
    internal enum VectorWidth
    {
        Scalar = 0,
        Bits128 = 128,
        Bits256 = 256,
        Bits512 = 512,
    }

    /// <summary>
    /// The one vector width every managed kernel runs at. It starts at the widest width the hardware
    /// accelerates, narrowed by the environment variable TORCHACTIVATIONS_VECTOR_WIDTH (512, 256, 128 or
    /// scalar, read once), and tests may set <see cref="Current"/> to any width in <see cref="Available"/>
    /// so that every code path is exercised on one machine.
    /// </summary>
    internal static class ManagedKernelWidth
    {
        public const string EnvironmentVariable = "TORCHACTIVATIONS_VECTOR_WIDTH";

        /// <summary>The widest width this machine accelerates.</summary>
        public static readonly VectorWidth Hardware =
            Vector512.IsHardwareAccelerated ? VectorWidth.Bits512
            : Vector256.IsHardwareAccelerated ? VectorWidth.Bits256
            : Vector128.IsHardwareAccelerated ? VectorWidth.Bits128
            : VectorWidth.Scalar;

        private static VectorWidth current = FromEnvironment();

        /// <summary>The width the kernels use now; only widths in <see cref="Available"/> may be set.</summary>
        public static VectorWidth Current
        {
            get => current;
            set
            {
                if (!IsAvailable(value))
                    throw new ArgumentOutOfRangeException(nameof(value), value, $"this machine accelerates at most {Hardware}");
                current = value;
            }
        }

        public static bool IsAvailable(VectorWidth width) =>
            width is VectorWidth.Scalar or VectorWidth.Bits128 or VectorWidth.Bits256 or VectorWidth.Bits512 && width <= Hardware;

        /// <summary>Every width this machine can run, narrowest first.</summary>
        public static IReadOnlyList<VectorWidth> Available
        {
            get
            {
                var list = new List<VectorWidth>();
                foreach (VectorWidth w in new[] { VectorWidth.Scalar, VectorWidth.Bits128, VectorWidth.Bits256, VectorWidth.Bits512 })
                    if (IsAvailable(w)) list.Add(w);
                return list;
            }
        }

        // An unrecognised or too-wide request falls back to what the hardware has: the variable only narrows.
        private static VectorWidth FromEnvironment()
        {
            string text = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant();
            VectorWidth? requested = text switch
            {
                "512" => VectorWidth.Bits512,
                "256" => VectorWidth.Bits256,
                "128" => VectorWidth.Bits128,
                "scalar" or "0" => VectorWidth.Scalar,
                _ => null,
            };
            return requested is VectorWidth w && w < Hardware ? w : Hardware;
        }
    }
}
