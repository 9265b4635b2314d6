using System;
using System.Runtime.CompilerServices;
using TorchSharp.Native;
using TorchSharp.Utils;
using static TorchSharp.Native.NativeMethods;

namespace TorchSharp
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The .NET type's element type, checked against the tensor's dtype.</summary>
            internal static ScalarType ScalarTypeOf<T>()
            {
                if (typeof(T) == typeof(float)) return ScalarType.Float32;
                if (typeof(T) == typeof(double)) return ScalarType.Float64;
                if (typeof(T) == typeof(long)) return ScalarType.Int64;
                if (typeof(T) == typeof(int)) return ScalarType.Int32;
                if (typeof(T) == typeof(short)) return ScalarType.Int16;
                if (typeof(T) == typeof(byte)) return ScalarType.Byte;
                if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
                if (typeof(T) == typeof(bool)) return ScalarType.Bool;
                if (typeof(T) == typeof(Half)) return ScalarType.Float16;
                throw new ArgumentException($"Element type {typeof(T).Name} is not supported.");
            }

            /// <summary>Copies C-contiguous managed data into a new CPU tensor.</summary>
            internal static unsafe Tensor FromArray<T>(T[] data, long[] shape, ScalarType? dtype = null, Device device = null, bool requires_grad = false) where T : unmanaged
            {
                long count = 1;
                foreach (var d in shape) {
                    if (d < 0) throw new ArgumentException($"Negative dimension {d} in shape [{string.Join(", ", shape)}].", nameof(shape));
                    count *= d;
                }
                if (count != data.Length) throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given.", nameof(shape));
                IntPtr h;
                fixed (T* p = data)
                fixed (long* s = shape)
                    h = ta_tensor_from_data(p, s, shape.Length, (int)ScalarTypeOf<T>(), 0);
                var t = new Tensor(NativeError.CheckHandle(h));
                if ((dtype.HasValue && dtype.Value != t.dtype) || (device != null && device.type != DeviceType.CPU)) {
                    var converted = t.to(dtype ?? t.dtype, device ?? CPU);
                    t.Dispose();
                    t = converted;
                }
                if (requires_grad) t.requires_grad = true;
                return t;
            }

            /// <summary>Copies all elements (any device/layout) into a new managed array, in row-major order.</summary>
            internal unsafe T[] ToArray<T>() where T : unmanaged
            {
                var expected = ScalarTypeOf<T>();
                if (dtype != expected) throw new ArgumentException($"The tensor's dtype is {dtype}, not {expected}.");
                var result = new T[numel()];
                fixed (T* p = result)
                    NativeError.Check(ta_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
                return result;
            }

            /// <summary>The value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
            public T item<T>() where T : unmanaged
            {
                if (numel() != 1) throw new InvalidOperationException($"item() needs a tensor with one element, this one has {numel()} (shape [{string.Join(", ", shape)}]).");
                var target = ScalarTypeOf<T>();
                if (dtype == target) return ToArray<T>()[0];
                using var converted = to_type(target);
                return converted.ToArray<T>()[0];
            }

            /// <summary>Direct element access to a CPU tensor of element type <typeparamref name="T"/>.</summary>
            public TensorAccessor<T> data<T>() where T : unmanaged
            {
                var expected = ScalarTypeOf<T>();
                if (dtype != expected) throw new ArgumentException($"data<{typeof(T).Name}>() called on a tensor of dtype {dtype}.");
                if (device_type != DeviceType.CPU) throw new InvalidOperationException("data<T>() needs a CPU tensor; call .cpu() first.");
                return new TensorAccessor<T>(this);
            }

            public static explicit operator float(Tensor value) => value.item<float>();
            public static explicit operator double(Tensor value) => value.item<double>();
            public static explicit operator long(Tensor value) => value.item<long>();
            public static explicit operator int(Tensor value) => value.item<int>();
            public static explicit operator bool(Tensor value) => value.item<bool>();
        }
    }
}

namespace TorchSharp.Utils
{
    /// <summary>Reads and writes the elements of a CPU tensor in place (strides respected).</summary>
    public sealed unsafe class TensorAccessor<T> : IDisposable, System.Collections.Generic.IEnumerable<T> where T : unmanaged
    {
        private readonly torch.Tensor tensor;   // keeps the storage alive
        private readonly T* data;
        private readonly long[] shape;
        private readonly long[] strides;

        internal TensorAccessor(torch.Tensor source)
        {
            tensor = torch.Tensor.UnsafeCreateTensor(NativeError.CheckHandle(ta_tensor_alias(source.Handle))).DetachFromDisposeScope();
            try {
                shape = tensor.shape;
                strides = tensor.strides();
                Count = tensor.numel();
                // An empty tensor may have no storage at all: its data pointer is null, and no element is ever read.
                data = Count == 0 ? null : (T*)NativeError.CheckHandle(ta_tensor_data_ptr(tensor.Handle));
            } catch {
                tensor.Dispose();
                throw;
            }
        }

        public long Count { get; }
        public bool IsReadOnly => false;

        public T this[params long[] indices] {
            get => data[Offset(indices)];
            set => data[Offset(indices)] = value;
        }

        private long Offset(long[] indices)
        {
            if (indices.Length == 1 && shape.Length != 1) return LinearOffset(indices[0]);
            if (indices.Length != shape.Length) throw new ArgumentException($"Expected {shape.Length} indices, got {indices.Length}.");
            long offset = 0;
            for (int d = 0; d < shape.Length; ++d) {
                long i = indices[d] < 0 ? indices[d] + shape[d] : indices[d];
                if (i < 0 || i >= shape[d]) throw new IndexOutOfRangeException($"Index {indices[d]} is out of range for dimension {d} of size {shape[d]}.");
                offset += i * strides[d];
            }
            return offset;
        }

        // Row-major position -> element offset.
        private long LinearOffset(long position)
        {
            if (position < 0 || position >= Count) throw new IndexOutOfRangeException($"Index {position} is out of range for {Count} elements.");
            long offset = 0;
            for (int d = shape.Length - 1; d >= 0; --d) {
                long i = position % shape[d];
                position /= shape[d];
                offset += i * strides[d];
            }
            return offset;
        }

        public T[] ToArray()
        {
            var result = new T[Count];
            for (long k = 0; k < Count; ++k) result[k] = data[LinearOffset(k)];
            return result;
        }

        public void CopyTo(T[] array, int arrayIndex = 0, long tensorIndex = 0)
        {
            for (long k = tensorIndex; k < Count && arrayIndex < array.Length; ++k) array[arrayIndex++] = data[LinearOffset(k)];
        }

        public void CopyFrom(T[] array, int arrayIndex = 0, long tensorIndex = 0)
        {
            for (long k = tensorIndex; k < Count && arrayIndex < array.Length; ++k) data[LinearOffset(k)] = array[arrayIndex++];
        }

        // Iterators cannot touch pointers, so enumerate a snapshot.
        public System.Collections.Generic.IEnumerator<T> GetEnumerator() => ((System.Collections.Generic.IEnumerable<T>)ToArray()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public void Dispose() => tensor.Dispose();
    }
}
