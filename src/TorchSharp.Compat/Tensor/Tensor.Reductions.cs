using System;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        // Reductions, arg-max/min, sorting.
        public partial class Tensor
        {
            public Tensor sum(ScalarType? type = null) => Aten.Tensor("aten::sum", this, type);
            public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) => Aten.Tensor("aten::sum.dim_IntList", this, dim, keepdim, type);
            public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => sum(new[] { dim }, keepdim, type);
            public Tensor sum(long dim0, long dim1, bool keepdim = false, ScalarType? type = null) => sum(new[] { dim0, dim1 }, keepdim, type);
            public Tensor mean() => Aten.Tensor("aten::mean", this);
            public Tensor mean(long[] dimensions, bool keepdim = false, ScalarType? type = null) => Aten.Tensor("aten::mean.dim", this, dimensions, keepdim, type);
            public Tensor std(bool unbiased = true) => Aten.Tensor("aten::std", this, unbiased);
            public Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => Aten.Tensor("aten::std.dim", this, dimensions, unbiased, keepdim);
            public Tensor std(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std(new[] { dim }, unbiased, keepdim, type);
            public Tensor var(bool unbiased = true) => Aten.Tensor("aten::var", this, unbiased);
            public Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => Aten.Tensor("aten::var.dim", this, dimensions, unbiased, keepdim);
            public Tensor var(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var(new[] { dim }, unbiased, keepdim, type);
            public Tensor norm(float p = 2) => Aten.Tensor("aten::norm.Scalar", this, (double)p);

            public Tensor max() => Aten.Tensor("aten::max", this);
            public Tensor max(Tensor other) => Aten.Tensor("aten::max.other", this, other);
            public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => Pair(Aten.Tensors("aten::max.dim", this, dim, keepdim));
            public Tensor min() => Aten.Tensor("aten::min", this);
            public Tensor min(Tensor other) => Aten.Tensor("aten::min.other", this, other);
            public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => Pair(Aten.Tensors("aten::min.dim", this, dim, keepdim));
            public Tensor amax(params long[] dims) => Aten.Tensor("aten::amax", this, dims);
            public Tensor amax(long[] dims, bool keepdim = false, Tensor @out = null) => Aten.Tensor("aten::amax", this, dims, keepdim);
            public Tensor amin(params long[] dims) => Aten.Tensor("aten::amin", this, dims);
            public Tensor amin(long[] dims, bool keepdim = false, Tensor @out = null) => Aten.Tensor("aten::amin", this, dims, keepdim);
            public Tensor argmax() => Aten.Tensor("aten::argmax", this);
            public Tensor argmax(long dim, bool keepdim = false) => Aten.Tensor("aten::argmax", this, dim, keepdim);
            public Tensor argmin() => Aten.Tensor("aten::argmin", this);
            public Tensor argmin(long dim, bool keepdim = false) => Aten.Tensor("aten::argmin", this, dim, keepdim);
            public Tensor all() => Aten.Tensor("aten::all", this);
            public Tensor all(long dim, bool keepdim = false) => Aten.Tensor("aten::all.dim", this, dim, keepdim);
            public Tensor any() => Aten.Tensor("aten::any", this);
            public Tensor any(long dim, bool keepdim = false) => Aten.Tensor("aten::any.dim", this, dim, keepdim);
            public Tensor count_nonzero(long[] dims = null) => dims is null ? Aten.Tensor("aten::count_nonzero", this) : Aten.Tensor("aten::count_nonzero.dim_IntList", this, dims);
            public Tensor nonzero() => Aten.Tensor("aten::nonzero", this);
            public Tensor cumsum(long dim, ScalarType? type = null) => Aten.Tensor("aten::cumsum", this, dim, type);
            public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false) => Pair(Aten.Tensors("aten::sort.stable", this, stable, dim, descending));
            public (Tensor values, Tensor indices) topk(int k, int dim = -1, bool largest = true, bool sorted = true) => Pair(Aten.Tensors("aten::topk", this, (long)k, (long)dim, largest, sorted));

            private static (Tensor, Tensor) Pair(Tensor[] r) => (r[0], r[1]);
        }
    }
}
