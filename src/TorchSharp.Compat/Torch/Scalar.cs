using System;

namespace TorchSharp
{
    /// <summary>A number passed to an operator (TorchSharp's Scalar). Held in managed memory here:
    /// the dispatcher takes plain ints, doubles and bools.</summary>
    public sealed class Scalar : IDisposable
    {
        internal enum ValueKind { Integer, Floating, Boolean }

        internal readonly ValueKind Kind;
        internal readonly long LongValue;
        internal readonly double DoubleValue;

        private Scalar(ValueKind kind, long l, double d, torch.ScalarType type)
        {
            Kind = kind; LongValue = l; DoubleValue = d; Type = type;
        }

        public torch.ScalarType Type { get; }

        public static implicit operator Scalar(byte value) => new Scalar(ValueKind.Integer, value, value, torch.ScalarType.Byte);
        public static implicit operator Scalar(sbyte value) => new Scalar(ValueKind.Integer, value, value, torch.ScalarType.Int8);
        public static implicit operator Scalar(short value) => new Scalar(ValueKind.Integer, value, value, torch.ScalarType.Int16);
        public static implicit operator Scalar(int value) => new Scalar(ValueKind.Integer, value, value, torch.ScalarType.Int32);
        public static implicit operator Scalar(long value) => new Scalar(ValueKind.Integer, value, value, torch.ScalarType.Int64);
        public static implicit operator Scalar(Half value) => new Scalar(ValueKind.Floating, 0, (double)value, torch.ScalarType.Float16);
        public static implicit operator Scalar(float value) => new Scalar(ValueKind.Floating, 0, value, torch.ScalarType.Float32);
        public static implicit operator Scalar(double value) => new Scalar(ValueKind.Floating, 0, value, torch.ScalarType.Float64);
        public static implicit operator Scalar(bool value) => new Scalar(ValueKind.Boolean, value ? 1 : 0, value ? 1 : 0, torch.ScalarType.Bool);

        internal double ToDouble() => Kind == ValueKind.Floating ? DoubleValue : LongValue;
        internal long ToInt64() => Kind == ValueKind.Floating ? (long)DoubleValue : LongValue;

        public void Dispose() { }

        public override string ToString() => Kind == ValueKind.Floating ? DoubleValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : LongValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static class ScalarExtensionMethods
    {
        public static Scalar ToScalar(this int value) => value;
        public static Scalar ToScalar(this long value) => value;
        public static Scalar ToScalar(this float value) => value;
        public static Scalar ToScalar(this double value) => value;
        public static Scalar ToScalar(this bool value) => value;
        public static double ToDouble(this Scalar value) => value.ToDouble();
        public static float ToSingle(this Scalar value) => (float)value.ToDouble();
        public static long ToInt64(this Scalar value) => value.ToInt64();
        public static int ToInt32(this Scalar value) => checked((int)value.ToInt64());
        public static bool ToBoolean(this Scalar value) => value.ToInt64() != 0;
    }
}
