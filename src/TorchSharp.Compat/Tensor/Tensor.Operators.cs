using System;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        // C# operators, with the same overload set as TorchSharp (so overload resolution matches).
        public partial class Tensor
        {
            public static Tensor operator +(Tensor left, Tensor right) => left.add(right);
            public static Tensor operator +(Tensor left, Scalar right) => left.add(right);
            public static Tensor operator +(Tensor left, int right) => left.add((Scalar)right);
            public static Tensor operator +(Tensor left, long right) => left.add((Scalar)right);
            public static Tensor operator +(Tensor left, float right) => left.add((Scalar)right);
            public static Tensor operator +(Tensor left, double right) => left.add((Scalar)right);
            public static Tensor operator +(Scalar left, Tensor right) => right.add(left);
            public static Tensor operator +(int left, Tensor right) => (Scalar)left + right;
            public static Tensor operator +(long left, Tensor right) => (Scalar)left + right;
            public static Tensor operator +(float left, Tensor right) => (Scalar)left + right;
            public static Tensor operator +(double left, Tensor right) => (Scalar)left + right;
            public static Tensor operator -(Tensor left, Tensor right) => left.sub(right);
            public static Tensor operator -(Tensor left, Scalar right) => left.sub(right);
            public static Tensor operator -(Tensor left, int right) => left.sub((Scalar)right);
            public static Tensor operator -(Tensor left, long right) => left.sub((Scalar)right);
            public static Tensor operator -(Tensor left, float right) => left.sub((Scalar)right);
            public static Tensor operator -(Tensor left, double right) => left.sub((Scalar)right);
            public static Tensor operator -(Scalar left, Tensor right) => Aten.Tensor("aten::rsub.Scalar", right, left);
            public static Tensor operator -(int left, Tensor right) => (Scalar)left - right;
            public static Tensor operator -(long left, Tensor right) => (Scalar)left - right;
            public static Tensor operator -(float left, Tensor right) => (Scalar)left - right;
            public static Tensor operator -(double left, Tensor right) => (Scalar)left - right;
            public static Tensor operator *(Tensor left, Tensor right) => left.mul(right);
            public static Tensor operator *(Tensor left, Scalar right) => left.mul(right);
            public static Tensor operator *(Tensor left, int right) => left.mul((Scalar)right);
            public static Tensor operator *(Tensor left, long right) => left.mul((Scalar)right);
            public static Tensor operator *(Tensor left, float right) => left.mul((Scalar)right);
            public static Tensor operator *(Tensor left, double right) => left.mul((Scalar)right);
            public static Tensor operator *(Scalar left, Tensor right) => right.mul(left);
            public static Tensor operator *(int left, Tensor right) => (Scalar)left * right;
            public static Tensor operator *(long left, Tensor right) => (Scalar)left * right;
            public static Tensor operator *(float left, Tensor right) => (Scalar)left * right;
            public static Tensor operator *(double left, Tensor right) => (Scalar)left * right;
            public static Tensor operator /(Tensor left, Tensor right) => left.div(right);
            public static Tensor operator /(Tensor left, Scalar right) => left.div(right);
            public static Tensor operator /(Tensor left, int right) => left.div((Scalar)right);
            public static Tensor operator /(Tensor left, long right) => left.div((Scalar)right);
            public static Tensor operator /(Tensor left, float right) => left.div((Scalar)right);
            public static Tensor operator /(Tensor left, double right) => left.div((Scalar)right);
            public static Tensor operator /(Scalar left, Tensor right) => right.reciprocal_times(left);
            public static Tensor operator /(int left, Tensor right) => (Scalar)left / right;
            public static Tensor operator /(long left, Tensor right) => (Scalar)left / right;
            public static Tensor operator /(float left, Tensor right) => (Scalar)left / right;
            public static Tensor operator /(double left, Tensor right) => (Scalar)left / right;
            public static Tensor operator ==(Tensor left, Tensor right) => left.eq(right);
            public static Tensor operator ==(Tensor left, Scalar right) => left.eq(right);
            public static Tensor operator ==(Scalar left, Tensor right) => right.eq(left);
            public static Tensor operator !=(Tensor left, Tensor right) => left.ne(right);
            public static Tensor operator !=(Tensor left, Scalar right) => left.ne(right);
            public static Tensor operator !=(Scalar left, Tensor right) => right.ne(left);
            public static Tensor operator >(Tensor left, Tensor right) => left.gt(right);
            public static Tensor operator >(Tensor left, Scalar right) => left.gt(right);
            public static Tensor operator >(Scalar left, Tensor right) => right.lt(left);
            public static Tensor operator >=(Tensor left, Tensor right) => left.ge(right);
            public static Tensor operator >=(Tensor left, Scalar right) => left.ge(right);
            public static Tensor operator >=(Scalar left, Tensor right) => right.le(left);
            public static Tensor operator <(Tensor left, Tensor right) => left.lt(right);
            public static Tensor operator <(Tensor left, Scalar right) => left.lt(right);
            public static Tensor operator <(Scalar left, Tensor right) => right.gt(left);
            public static Tensor operator <=(Tensor left, Tensor right) => left.le(right);
            public static Tensor operator <=(Tensor left, Scalar right) => left.le(right);
            public static Tensor operator <=(Scalar left, Tensor right) => right.ge(left);
            public static Tensor operator -(Tensor tensor) => tensor.neg();
            public static Tensor operator %(Tensor left, Tensor right) => Aten.Tensor("aten::remainder.Tensor", left, right);
            public static Tensor operator %(Tensor left, Scalar right) => Aten.Tensor("aten::remainder.Scalar", left, right);
            public static Tensor operator &(Tensor left, Tensor right) => Aten.Tensor("aten::bitwise_and.Tensor", left, right);
            public static Tensor operator |(Tensor left, Tensor right) => Aten.Tensor("aten::bitwise_or.Tensor", left, right);
            public static Tensor operator ~(Tensor left) => Aten.Tensor("aten::bitwise_not", left);

            // scalar / tensor, computed as scalar * (1 / tensor) would lose precision; use div with a full tensor.
            private Tensor reciprocal_times(Scalar left)
            {
                using var numerator = Aten.Tensor("aten::full_like", this, left);
                return numerator.div(this);
            }

            public override bool Equals(object obj) => ReferenceEquals(this, obj);
            public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

            // Implicit conversions of numbers and arrays to tensors, as in TorchSharp.
            public static implicit operator Tensor(int value) => torch.tensor(value);
            public static implicit operator Tensor(long value) => torch.tensor(value);
            public static implicit operator Tensor(float value) => torch.tensor(value);
            public static implicit operator Tensor(double value) => torch.tensor(value);
            public static implicit operator Tensor(bool value) => torch.tensor(value);
            public static implicit operator Tensor(float[] value) => torch.tensor(value);
            public static implicit operator Tensor(double[] value) => torch.tensor(value);
            public static implicit operator Tensor(long[] value) => torch.tensor(value);
            public static implicit operator Tensor(int[] value) => torch.tensor(value);
            public static implicit operator Tensor(Scalar scalar) => scalar.Kind switch {
                Scalar.ValueKind.Integer => torch.tensor(scalar.LongValue),
                Scalar.ValueKind.Boolean => torch.tensor(scalar.LongValue != 0),
                _ => torch.tensor(scalar.DoubleValue),
            };
        }
    }
}
