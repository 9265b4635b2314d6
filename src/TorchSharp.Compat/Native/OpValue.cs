using System;
using System.Runtime.InteropServices;

namespace TorchSharp.Native
{
    /// <summary>Kinds of value exchanged with the dispatcher entry point (native/src/dispatch_api.cpp).</summary>
    internal enum ValueTag
    {
        None = 0,
        Tensor = 1,
        Int = 2,
        Double = 3,
        Bool = 4,
        IntList = 5,
        TensorList = 6,
        String = 7,
        DoubleList = 8,
        Default = 9,
    }

    /// <summary>One argument or result as the native side reads it (32 bytes, same layout as C++).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct OpValue
    {
        public int Tag;
        public int Pad;
        public long I;
        public double D;
        public IntPtr P;
    }

    /// <summary>An operator argument on the C# side, before pinning. Implicit conversions let ops be
    /// written as <c>Aten.Tensor("aten::leaky_relu", x, slope)</c>.</summary>
    internal readonly struct Arg
    {
        internal readonly ValueTag Tag;
        internal readonly long I;
        internal readonly double D;
        internal readonly object Ref;

        private Arg(ValueTag tag, long i = 0, double d = 0, object reference = null)
        {
            Tag = tag; I = i; D = d; Ref = reference;
        }

        public static readonly Arg None = new Arg(ValueTag.None);
        /// <summary>Use the operator schema's default for this position.</summary>
        public static readonly Arg Default = new Arg(ValueTag.Default);

        public static implicit operator Arg(torch.Tensor t) => t is null ? None : new Arg(ValueTag.Tensor, reference: t);
        public static implicit operator Arg(long v) => new Arg(ValueTag.Int, i: v);
        public static implicit operator Arg(int v) => new Arg(ValueTag.Int, i: v);
        public static implicit operator Arg(long? v) => v.HasValue ? new Arg(ValueTag.Int, i: v.Value) : None;
        public static implicit operator Arg(double v) => new Arg(ValueTag.Double, d: v);
        public static implicit operator Arg(double? v) => v.HasValue ? new Arg(ValueTag.Double, d: v.Value) : None;
        public static implicit operator Arg(bool v) => new Arg(ValueTag.Bool, i: v ? 1 : 0);
        public static implicit operator Arg(long[] v) => v is null ? None : new Arg(ValueTag.IntList, reference: v);
        public static implicit operator Arg(double[] v) => v is null ? None : new Arg(ValueTag.DoubleList, reference: v);
        public static implicit operator Arg(torch.Tensor[] v) => v is null ? None : new Arg(ValueTag.TensorList, reference: v);
        public static implicit operator Arg(string v) => v is null ? None : new Arg(ValueTag.String, reference: v);
        public static implicit operator Arg(torch.ScalarType v) => new Arg(ValueTag.Int, i: (long)v);
        public static implicit operator Arg(torch.ScalarType? v) => v.HasValue ? new Arg(ValueTag.Int, i: (long)v.Value) : None;
        public static implicit operator Arg(torch.Device d) => d is null ? None : new Arg(ValueTag.String, reference: d.ToString());

        public static implicit operator Arg(Scalar s)
        {
            if (s is null) return None;
            return s.Kind switch {
                Scalar.ValueKind.Integer => new Arg(ValueTag.Int, i: s.LongValue),
                Scalar.ValueKind.Boolean => new Arg(ValueTag.Bool, i: s.LongValue),
                _ => new Arg(ValueTag.Double, d: s.DoubleValue),
            };
        }
    }
}
