using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        // ---- Tensors from .NET data ----
        public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, new long[] { rawArray.Length }, dtype, device, requires_grad);
        public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, new long[] { rawArray.Length }, dtype, device, requires_grad);
        public static Tensor tensor(long[] dataArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(dataArray, new long[] { dataArray.Length }, dtype, device, requires_grad);
        public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, new long[] { rawArray.Length }, dtype, device, requires_grad);
        public static Tensor tensor(byte[] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, new long[] { rawArray.Length }, dtype, device, requires_grad);
        public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, new long[] { rawArray.Length }, dtype, device, requires_grad);
        public static Tensor tensor(IList<float> rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => tensor(rawArray.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(IList<double> rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => tensor(rawArray.ToArray(), dtype, device, requires_grad);

        public static Tensor tensor(float[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(double[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(long[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(int[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(byte[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(bool[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Tensor.FromArray(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
        public static Tensor tensor(IList<float> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => tensor(rawArray.ToArray(), dimensions, dtype, device, requires_grad);

        public static Tensor tensor(float[,] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => FromMultiDim<float>(rawArray, dtype, device, requires_grad);
        public static Tensor tensor(double[,] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => FromMultiDim<double>(rawArray, dtype, device, requires_grad);
        public static Tensor tensor(float[,,] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => FromMultiDim<float>(rawArray, dtype, device, requires_grad);
        public static Tensor tensor(double[,,] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => FromMultiDim<double>(rawArray, dtype, device, requires_grad);
        public static Tensor tensor(float[,,,] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => FromMultiDim<float>(rawArray, dtype, device, requires_grad);
        public static Tensor tensor(double[,,,] rawArray, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => FromMultiDim<double>(rawArray, dtype, device, requires_grad);

        public static Tensor tensor(float scalar, Device device = null, bool requires_grad = false) => Tensor.FromArray(new[] { scalar }, Array.Empty<long>(), null, device, requires_grad);
        public static Tensor tensor(int scalar, Device device = null, bool requires_grad = false) => Tensor.FromArray(new[] { scalar }, Array.Empty<long>(), null, device, requires_grad);
        public static Tensor tensor(double scalar, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Tensor.FromArray(new[] { scalar }, Array.Empty<long>(), dtype, device, requires_grad);
        public static Tensor tensor(long scalar, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Tensor.FromArray(new[] { scalar }, Array.Empty<long>(), dtype, device, requires_grad);
        public static Tensor tensor(bool scalar, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Tensor.FromArray(new[] { scalar }, Array.Empty<long>(), dtype, device, requires_grad);

        public static Tensor from_array(Array rawArray, Device device = null) => from_array(rawArray, null, device);

        public static Tensor from_array(Array rawArray, ScalarType? dtype, Device device = null, bool requires_grad = false, string[] names = null)
        {
            var element = rawArray.GetType().GetElementType();
            if (element == typeof(float)) return FromMultiDim<float>(rawArray, dtype, device, requires_grad);
            if (element == typeof(double)) return FromMultiDim<double>(rawArray, dtype, device, requires_grad);
            if (element == typeof(long)) return FromMultiDim<long>(rawArray, dtype, device, requires_grad);
            if (element == typeof(int)) return FromMultiDim<int>(rawArray, dtype, device, requires_grad);
            if (element == typeof(byte)) return FromMultiDim<byte>(rawArray, dtype, device, requires_grad);
            if (element == typeof(bool)) return FromMultiDim<bool>(rawArray, dtype, device, requires_grad);
            throw new ArgumentException($"from_array: element type {element} is not supported.", nameof(rawArray));
        }

        private static Tensor FromMultiDim<T>(Array array, ScalarType? dtype, Device device, bool requires_grad) where T : unmanaged
        {
            var shape = new long[array.Rank];
            for (int d = 0; d < array.Rank; ++d) shape[d] = array.GetLength(d);
            var flat = new T[array.Length];
            int k = 0;
            foreach (T v in array) flat[k++] = v;   // row-major enumeration order
            return Tensor.FromArray(flat, shape, dtype, device, requires_grad);
        }

        // ---- Filled tensors ----
        private static Tensor Finish(Tensor t, bool requires_grad)
        {
            if (requires_grad) t.requires_grad = true;
            return t;
        }

        public static Tensor zeros(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::zeros", size, dtype, Arg.None, device), requires_grad);
        public static Tensor zeros(long size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => zeros(new[] { size }, dtype, device, requires_grad);
        public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => zeros(new[] { rows, columns }, dtype, device, requires_grad);
        public static Tensor zeros(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => zeros(new[] { dim0, dim1, dim2 }, dtype, device, requires_grad);
        public static Tensor zeros(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => zeros(new[] { dim0, dim1, dim2, dim3 }, dtype, device, requires_grad);
        public static Tensor ones(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::ones", size, dtype, Arg.None, device), requires_grad);
        public static Tensor ones(long size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => ones(new[] { size }, dtype, device, requires_grad);
        public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => ones(new[] { rows, columns }, dtype, device, requires_grad);
        public static Tensor ones(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => ones(new[] { dim0, dim1, dim2 }, dtype, device, requires_grad);
        public static Tensor ones(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => ones(new[] { dim0, dim1, dim2, dim3 }, dtype, device, requires_grad);
        public static Tensor empty(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::empty.memory_format", size, dtype, Arg.None, device), requires_grad);
        public static Tensor empty(long size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => empty(new[] { size }, dtype, device, requires_grad);
        public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => empty(new[] { rows, columns }, dtype, device, requires_grad);
        public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::full", size, value, dtype ?? DefaultTypeFor(value), Arg.None, device), requires_grad);
        public static Tensor full(long size, Scalar value, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => full(new[] { size }, value, dtype, device, requires_grad);
        public static Tensor full(long rows, long columns, Scalar value, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => full(new[] { rows, columns }, value, dtype, device, requires_grad);

        // TorchSharp (like PyTorch) makes floating fills float32 by default.
        private static ScalarType? DefaultTypeFor(Scalar value) => value.Kind switch {
            Scalar.ValueKind.Floating => ScalarType.Float32,
            Scalar.ValueKind.Boolean => ScalarType.Bool,
            _ => ScalarType.Int64,
        };

        public static Tensor rand(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => CheckedGenerator(generator) ?? Finish(Aten.Tensor("aten::rand", size, dtype, Arg.None, device), requires_grad);
        public static Tensor rand(long size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => rand(new[] { size }, dtype, device, requires_grad, generator);
        public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => rand(new[] { rows, columns }, dtype, device, requires_grad, generator);
        public static Tensor rand(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => rand(new[] { dim0, dim1, dim2 }, dtype, device, requires_grad, generator);
        public static Tensor rand(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => rand(new[] { dim0, dim1, dim2, dim3 }, dtype, device, requires_grad, generator);
        public static Tensor randn(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => CheckedGenerator(generator) ?? Finish(Aten.Tensor("aten::randn", size, dtype, Arg.None, device), requires_grad);
        public static Tensor randn(long size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => randn(new[] { size }, dtype, device, requires_grad, generator);
        public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => randn(new[] { rows, columns }, dtype, device, requires_grad, generator);
        public static Tensor randn(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => randn(new[] { dim0, dim1, dim2 }, dtype, device, requires_grad, generator);
        public static Tensor randn(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => randn(new[] { dim0, dim1, dim2, dim3 }, dtype, device, requires_grad, generator);
        public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => CheckedGenerator(generator) ?? Aten.Tensor("aten::randint", high, size, dtype ?? ScalarType.Int64, Arg.None, device);
        public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null, string[] names = null) => CheckedGenerator(generator) ?? Aten.Tensor("aten::randint.low", low, high, size, dtype ?? ScalarType.Int64, Arg.None, device);
        public static Tensor randperm(long n, ScalarType? dtype = null, Device device = null, bool requires_grad = false, Generator generator = null) => CheckedGenerator(generator) ?? Aten.Tensor("aten::randperm", n, dtype ?? ScalarType.Int64, Arg.None, device);

        public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Finish(Aten.Tensor("aten::arange", stop, dtype, Arg.None, device), requires_grad);
        public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Finish(Aten.Tensor("aten::arange.start", start, stop, dtype, Arg.None, device), requires_grad);
        public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Finish(Aten.Tensor("aten::arange.start_step", start, stop, step, dtype, Arg.None, device), requires_grad);
        public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Finish(Aten.Tensor("aten::linspace", start, end, steps, dtype, Arg.None, device), requires_grad);

        private static Tensor CheckedGenerator(Generator generator)
        {
            Generator.CheckSupported(generator);
            return null;
        }

        // ---- *_like ----
        public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::zeros_like", input, dtype, Arg.None, device), requires_grad);
        public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::ones_like", input, dtype, Arg.None, device), requires_grad);
        public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::empty_like", input, dtype, Arg.None, device), requires_grad);
        public static Tensor full_like(Tensor input, Scalar value, ScalarType? dtype = null, Device device = null, bool requires_grad = false, string[] names = null) => Finish(Aten.Tensor("aten::full_like", input, value, dtype, Arg.None, device), requires_grad);
        public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Finish(Aten.Tensor("aten::rand_like", input, dtype, Arg.None, device), requires_grad);
        public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => Finish(Aten.Tensor("aten::randn_like", input, dtype, Arg.None, device), requires_grad);

        public partial class Tensor
        {
            public Tensor zeros_like(ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.zeros_like(this, dtype, device, requires_grad);
            public Tensor ones_like(ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.ones_like(this, dtype, device, requires_grad);
            public Tensor empty_like(ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.empty_like(this, dtype, device, requires_grad);
            public Tensor full_like(Scalar value, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.full_like(this, value, dtype, device, requires_grad);
            public Tensor rand_like(ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.rand_like(this, dtype, device, requires_grad);
            public Tensor randn_like(ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.randn_like(this, dtype, device, requires_grad);
            public Tensor new_zeros(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.zeros(size, dtype ?? this.dtype, device ?? this.device, requires_grad);
            public Tensor new_ones(long rows, long columns, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.ones(new[] { rows, columns }, dtype ?? this.dtype, device ?? this.device, requires_grad);
            public Tensor new_empty(long[] size, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.empty(size, dtype ?? this.dtype, device ?? this.device, requires_grad);
            public Tensor new_full(long[] size, Scalar value, ScalarType? dtype = null, Device device = null, bool requires_grad = false) => torch.full(size, value, dtype ?? this.dtype, device ?? this.device, requires_grad);
        }
    }
}
