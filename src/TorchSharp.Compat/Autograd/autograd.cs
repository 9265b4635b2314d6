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
            public static void backward(Tensor tensor, Tensor grad_tensor, bool? retain_graph = null, bool create_graph = false, IList<Tensor> inputs = null) =>
                backward(new[] { tensor }, grad_tensor is null ? null : new[] { grad_tensor }, retain_graph, create_graph, inputs);

            public static void backward(Tensor tensor, IList<Tensor> grad_tensors = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor> inputs = null) =>
                backward(new[] { tensor }, grad_tensors, retain_graph, create_graph, inputs);

            public static unsafe void backward(IList<Tensor> tensors, IList<Tensor> grad_tensors = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor> inputs = null)
            {
                var t = Handles(tensors);
                var g = Handles(grad_tensors);
                var i = Handles(inputs);
                fixed (IntPtr* pt = t, pg = g, pi = i) {
                    int rc = ta_backward(pt, t.Length, pg, g.Length, retain_graph.HasValue ? (retain_graph.Value ? 1 : 0) : -1, create_graph ? 1 : 0, pi, i.Length);
                    NativeError.Check(rc);
                }
                GC.KeepAlive(tensors); GC.KeepAlive(grad_tensors); GC.KeepAlive(inputs);
            }

            /// <summary>Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>. As in
            /// TorchSharp, the graph is freed unless <paramref name="retain_graph"/> is set (even with
            /// <paramref name="create_graph"/>), and an unused input (with <paramref name="allow_unused"/>) gets a
            /// tensor object whose <see cref="Tensor.IsInvalid"/> is true. Unlike TorchSharp, whose native
            /// function lets a libtorch error escape and abort the process, an error here is an
            /// <see cref="System.Runtime.InteropServices.ExternalException"/>.</summary>
            public static unsafe IList<Tensor> grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor> grad_outputs = null, bool retain_graph = false, bool create_graph = false, bool allow_unused = false)
            {
                var o = Handles(outputs);
                var i = Handles(inputs);
                var g = Handles(grad_outputs);
                var results = new IntPtr[i.Length];
                int retain = retain_graph ? 1 : 0;
                fixed (IntPtr* po = o, pi = i, pg = g, pr = results) {
                    int rc = ta_autograd_grad(po, o.Length, pi, i.Length, pg, g.Length, retain, create_graph ? 1 : 0, allow_unused ? 1 : 0, pr);
                    NativeError.Check(rc);
                }
                GC.KeepAlive(outputs); GC.KeepAlive(inputs); GC.KeepAlive(grad_outputs);
                return results.Select(h => h == IntPtr.Zero ? Tensor.Invalid() : new Tensor(h)).ToList();
            }

            private static IntPtr[] Handles(IList<Tensor> tensors) =>
                tensors is null ? Array.Empty<IntPtr>() : tensors.Select(t => t is null ? IntPtr.Zero : t.Handle).ToArray();
        }

        public partial class Tensor
        {
            public void backward() => autograd.backward(this);

            public void backward(IList<Tensor> grad_tensors = null, bool retain_graph = false, bool create_graph = false, IList<Tensor> inputs = null) =>
                autograd.backward(this, grad_tensors, retain_graph || create_graph, create_graph, inputs);
        }
    }
}
