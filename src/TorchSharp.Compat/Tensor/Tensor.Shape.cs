using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        // Views, reshapes, joins and splits.
        public partial class Tensor
        {
            public Tensor reshape(params long[] shape) => Aten.Tensor("aten::reshape", this, shape);
            public Tensor view(params long[] shape) => Aten.Tensor("aten::view", this, shape);
            public Tensor view_as(Tensor other) => view(other.shape);
            public Tensor flatten(long start_dim = 0, long end_dim = -1) => Aten.Tensor("aten::flatten.using_ints", this, start_dim, end_dim);
            public Tensor unflatten(long dim, params long[] sizes) => Aten.Tensor("aten::unflatten.int", this, dim, sizes);
            public Tensor permute(params long[] permutation) => Aten.Tensor("aten::permute", this, permutation);
            public Tensor permute(IEnumerable<long> permutation) => permute(permutation.ToArray());
            public Tensor transpose(long dim0, long dim1) => Aten.Tensor("aten::transpose.int", this, dim0, dim1);
            public Tensor t() => Aten.Tensor("aten::t", this);
            public Tensor T => ndim < 2 ? alias() : permute(Enumerable.Range(0, (int)ndim).Reverse().Select(i => (long)i).ToArray());
            public Tensor mT => transpose(-2, -1);
            public Tensor contiguous() => Aten.Tensor("aten::contiguous", this);
            public bool is_contiguous() { int r = NativeMethods.ta_tensor_is_contiguous(Handle); if (r < 0) NativeError.Throw(); return r != 0; }
            public Tensor unsqueeze(long dim) => Aten.Tensor("aten::unsqueeze", this, dim);
            public Tensor squeeze(long? dim = null) => dim.HasValue ? Aten.Tensor("aten::squeeze.dim", this, dim.Value) : Aten.Tensor("aten::squeeze", this);
            public Tensor expand(params long[] sizes) => Aten.Tensor("aten::expand", this, sizes);
            public Tensor expand(long[] sizes, bool isImplicit = false) => Aten.Tensor("aten::expand", this, sizes, isImplicit);
            public Tensor expand_as(Tensor other) => Aten.Tensor("aten::expand_as", this, other);
            public Tensor broadcast_to(params long[] shape) => Aten.Tensor("aten::broadcast_to", this, shape);
            public Tensor repeat(params long[] sizes) => Aten.Tensor("aten::repeat", this, sizes);
            public Tensor select(long dim, long index) => Aten.Tensor("aten::select.int", this, dim, index);
            public Tensor slice(long dim, long start, long finish, long step) => Aten.Tensor("aten::slice.Tensor", this, dim, start, finish, step);
            public Tensor narrow(long dim, long start, long length) => Aten.Tensor("aten::narrow", this, dim, start, length);
            public Tensor index_select(long dim, Tensor index) => Aten.Tensor("aten::index_select", this, dim, index);
            public Tensor gather(long dim, Tensor index) => Aten.Tensor("aten::gather", this, dim, index);
            public Tensor[] chunk(long chunks, long dim = 0) => Aten.Tensors("aten::chunk", this, chunks, dim);
            public Tensor[] split(long size, int dim = 0) => Aten.Tensors("aten::split.Tensor", this, size, (long)dim);
            public Tensor[] split(long[] sizes, long dim = 0) => Aten.Tensors("aten::split_with_sizes", this, sizes, dim);
            public Tensor[] split(params long[] sizes) => split(sizes, 0L);
            public Tensor[] unbind(long dim = 0) => Aten.Tensors("aten::unbind.int", this, dim);

            /// <summary>A second handle on this tensor (same storage and autograd identity).</summary>
            public Tensor alias() => new Tensor(NativeError.CheckHandle(NativeMethods.ta_tensor_alias(Handle)));

            // Copies and conversions
            public Tensor clone() => Aten.Tensor("aten::clone", this);
            public Tensor detach() => Aten.Tensor("aten::detach", this);
            public Tensor detach_() => Aten.InPlace("aten::detach_", this);

            public Tensor to_type(ScalarType type, bool copy = false, bool disposeAfter = false, bool non_blocking = false) => to(type, copy, disposeAfter, non_blocking);

            public Tensor to(ScalarType type, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
            {
                var result = Aten.Tensor("aten::to.dtype", this, type, non_blocking, copy);
                if (disposeAfter) Dispose();
                return result;
            }

            public Tensor to(Device device, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
            {
                var result = Aten.Tensor("aten::to.dtype_layout", this, Arg.None, Arg.None, CheckedDevice(device), Arg.None, non_blocking, copy);
                if (disposeAfter) Dispose();
                return result;
            }

            public Tensor to(ScalarType type, Device device, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
            {
                var result = Aten.Tensor("aten::to.dtype_layout", this, type, Arg.None, CheckedDevice(device), Arg.None, non_blocking, copy);
                if (disposeAfter) Dispose();
                return result;
            }

            public Tensor to(string device, bool copy = false, bool disposeAfter = false, bool non_blocking = false) => to(new Device(device), copy, disposeAfter, non_blocking);
            public Tensor to(DeviceType deviceType, int deviceIndex = -1, bool copy = false, bool disposeAfter = false, bool non_blocking = false) => to(new Device(deviceType, deviceIndex), copy, disposeAfter, non_blocking);
            public Tensor to(Tensor other, bool non_blocking = false) => to(other.dtype, other.device, false, false, non_blocking);
            public Tensor cpu() => to(CPU);
            public Tensor cuda(Device device = null, bool non_blocking = false) => to(device ?? CUDA, false, false, non_blocking);
            public Tensor type(ScalarType dtype) => to(dtype);

            public Tensor @float() => to(ScalarType.Float32);
            public Tensor @double() => to(ScalarType.Float64);
            public Tensor @long() => to(ScalarType.Int64);
            public Tensor @int() => to(ScalarType.Int32);
            public Tensor @bool() => to(ScalarType.Bool);
            public Tensor @byte() => to(ScalarType.Byte);

            // A CUDA device on a CPU-only libtorch would abort deep inside libtorch on some paths; say it clearly.
            private static Device CheckedDevice(Device device)
            {
                if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
                    throw new InvalidOperationException($"Device '{device}' requested, but this libtorch has no CUDA support or no GPU is visible (torch.cuda.is_available() is false).");
                return device;
            }
        }
    }
}
