using System;
using System.Collections.Generic;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        /// <summary>One entry of an indexing expression: an integer, a slice, None (new axis), ellipsis,
        /// a boolean, or an index tensor.</summary>
        public struct TensorIndex
        {
            internal enum Kind { Single, Slice, None, Ellipsis, Bool, Tensor }

            internal Kind kind;
            internal long? start, stop, step;
            internal bool boolValue;
            internal Tensor tensor;

            // Static fields, as in TorchSharp (code compiled against either binds to the other).
            public static readonly TensorIndex Ellipsis = new TensorIndex { kind = Kind.Ellipsis };
            public static readonly TensorIndex None = new TensorIndex { kind = Kind.None };
            public static readonly TensorIndex Null = None;
            public static readonly TensorIndex Colon = Slice();
            public static TensorIndex Bool(bool value) => new TensorIndex { kind = Kind.Bool, boolValue = value };
            public static TensorIndex Single(long? index) => new TensorIndex { kind = Kind.Single, start = index };
            public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null) => new TensorIndex { kind = Kind.Slice, start = start, stop = stop, step = step };
            public static TensorIndex Slice((int? start, int? end) range) => Slice(range.start, range.end);
            public static TensorIndex Slice(Range range) => Slice(FromIndex(range.Start), FromIndex(range.End));
            public static TensorIndex Tensor(torch.Tensor tensor) => new TensorIndex { kind = Kind.Tensor, tensor = tensor };

            public static implicit operator TensorIndex(long value) => Single(value);
            public static implicit operator TensorIndex((int? start, int? end) range) => Slice(range);
            public static implicit operator TensorIndex(Range range) => Slice(range);
            public static implicit operator TensorIndex(Index index) => Single(index.IsFromEnd ? -index.Value : index.Value);
            public static implicit operator torch.Tensor(TensorIndex value) => value.tensor;

            private static long? FromIndex(Index i) => i.IsFromEnd ? (i.Value == 0 ? (long?)null : -i.Value) : i.Value;
        }

        public partial class Tensor
        {
            [System.Runtime.CompilerServices.IndexerName("TensorItems")]   // TorchSharp's accessor names: get_TensorItems/set_TensorItems
            public Tensor this[params TensorIndex[] indices] {
                get => index(indices);
                set => index_put_(value, indices);
            }

            [System.Runtime.CompilerServices.IndexerName("TensorItems")]
            public Tensor this[params Tensor[] indices] {
                get => index(indices);
                set => index_put_(value, indices);
            }

            [System.Runtime.CompilerServices.IndexerName("TensorItems")]
            public Tensor this[long i1] { get => index(i1); set => index_put_(value, i1); }

            [System.Runtime.CompilerServices.IndexerName("TensorItems")]
            public Tensor this[long i1, long i2] { get => index(i1, i2); set => index_put_(value, i1, i2); }

            [System.Runtime.CompilerServices.IndexerName("TensorItems")]
            public Tensor this[long i1, long i2, long i3] { get => index(i1, i2, i3); set => index_put_(value, i1, i2, i3); }

            public Tensor index(params Tensor[] indices) => Aten.Tensor("aten::index.Tensor", this, indices);

            /// <summary>Applies basic indexing (integers, slices, None, ellipsis) as views, then advanced
            /// (tensor) indexing in one aten::index call, like PyTorch's Python indexing.</summary>
            public Tensor index(params TensorIndex[] indices)
            {
                var disposables = new List<Tensor>();
                try {
                    Tensor current = alias();
                    disposables.Add(current);
                    int dim = 0;
                    int specified = 0;
                    foreach (var ix in indices) if (ix.kind != TensorIndex.Kind.None && ix.kind != TensorIndex.Kind.Ellipsis && ix.kind != TensorIndex.Kind.Bool) specified++;
                    var advanced = new List<Tensor>();
                    bool hasAdvanced = false;
                    foreach (var ix in indices) {
                        switch (ix.kind) {
                            case TensorIndex.Kind.Single:
                                current = Track(current.select(dim, ix.start ?? 0), disposables);
                                break;
                            case TensorIndex.Kind.Slice: {
                                current = Track(Aten.Tensor("aten::slice.Tensor", current, (long)dim, ix.start, ix.stop, ix.step ?? 1), disposables);
                                advanced.Add(null);
                                dim++;
                                break;
                            }
                            case TensorIndex.Kind.None:
                                current = Track(current.unsqueeze(dim), disposables);
                                advanced.Add(null);
                                dim++;
                                break;
                            case TensorIndex.Kind.Bool:
                                current = Track(current.unsqueeze(dim), disposables);
                                if (!ix.boolValue) current = Track(current.narrow(dim, 0, 0), disposables);
                                advanced.Add(null);
                                dim++;
                                break;
                            case TensorIndex.Kind.Ellipsis: {
                                int skip = (int)current.ndim - dim - (specified - CountBefore(indices, ix));
                                for (int k = 0; k < skip; ++k) { advanced.Add(null); dim++; }
                                break;
                            }
                            case TensorIndex.Kind.Tensor:
                                advanced.Add(ix.tensor);
                                hasAdvanced = true;
                                dim++;
                                break;
                        }
                    }
                    Tensor result = hasAdvanced ? current.index(advanced.ToArray()) : current.alias();
                    return result;
                } finally {
                    foreach (var t in disposables) t.Dispose();
                }
            }

            // Number of dimension-consuming entries before the ellipsis.
            private static int CountBefore(TensorIndex[] indices, TensorIndex ellipsis)
            {
                int n = 0;
                foreach (var ix in indices) {
                    if (ix.kind == TensorIndex.Kind.Ellipsis) break;
                    if (ix.kind == TensorIndex.Kind.Single || ix.kind == TensorIndex.Kind.Slice || ix.kind == TensorIndex.Kind.Tensor) n++;
                }
                return n;
            }

            private static Tensor Track(Tensor t, List<Tensor> list) { list.Add(t); return t; }

            public Tensor index_put_(Tensor value, params TensorIndex[] indices)
            {
                using var target = index(indices);
                bool basicOnly = Array.TrueForAll(indices, ix => ix.kind != TensorIndex.Kind.Tensor);
                if (basicOnly) {
                    // Basic indexing gives a view: writing into it writes into this tensor.
                    target.copy_(value);
                    return this;
                }
                throw new NotSupportedException("Assignment through tensor indices: use index_put_(value, Tensor[]) instead.");
            }

            public Tensor index_put_(Tensor value, params Tensor[] indices) => Aten.InPlace("aten::index_put_", this, indices, value, false);
            public Tensor index_put_(Scalar value, params TensorIndex[] indices)
            {
                using var target = index(indices);
                target.fill_(value);
                return this;
            }
        }
    }
}
