using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Native;
using static TorchSharp.Native.NativeMethods;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class autograd
        {
            /// <summary>The context of one call of a custom autograd function: tensors saved for the
            /// backward pass (kept by libtorch as saved variables, so saving an output makes no cycle)
            /// and other data kept here.</summary>
            public class AutogradContext : IDisposable
            {
                private readonly Dictionary<string, object> data = new Dictionary<string, object>();

                internal AutogradContext() { }

                /// <summary>libtorch's context; valid only while forward or backward runs.</summary>
                internal IntPtr Native { get; set; }

                public bool MaterializeGrads { get; private set; } = true;

                private IntPtr Current => Native != IntPtr.Zero ? Native
                    : throw new InvalidOperationException("The autograd context can only be used inside the function's forward or backward.");

                public unsafe void save_for_backward(List<Tensor> tensors)
                {
                    var h = tensors.Select(t => t is null ? IntPtr.Zero : t.Handle).ToArray();
                    fixed (IntPtr* p = h) NativeError.Check(ta_ctx_save_for_backward(Current, p, h.Length));
                    GC.KeepAlive(tensors);
                }

                public unsafe List<Tensor> get_saved_variables()
                {
                    var h = new IntPtr[64];
                    int n;
                    fixed (IntPtr* p = h) n = ta_ctx_saved(Current, p, h.Length);
                    if (n < 0) NativeError.Throw();
                    return h.Take(n).Select(x => x == IntPtr.Zero ? null : new Tensor(x)).ToList();
                }

                public void save_data(string key, object value) => data[key] = value;
                public object get_data(string key) => data.TryGetValue(key, out var v) ? v : null;

                public unsafe void mark_non_differentiable(List<Tensor> tensors)
                {
                    var h = tensors.Select(t => t.Handle).ToArray();
                    fixed (IntPtr* p = h) NativeError.Check(ta_ctx_mark_non_differentiable(Current, p, h.Length));
                }

                public unsafe void mark_dirty(List<Tensor> tensors)
                {
                    var h = tensors.Select(t => t.Handle).ToArray();
                    fixed (IntPtr* p = h) NativeError.Check(ta_ctx_mark_dirty(Current, p, h.Length));
                }

                public void set_materialize_grads(bool value)
                {
                    MaterializeGrads = value;
                    NativeError.Check(ta_ctx_set_materialize_grads(Current, value ? 1 : 0));
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing) data.Clear();
                }
            }
        }
    }
}
