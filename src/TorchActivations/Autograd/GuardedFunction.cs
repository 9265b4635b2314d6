using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// A TorchSharp custom autograd function whose backward never lets an exception escape.
    /// </summary>
    /// <remarks>
    /// libtorch's engine calls a custom function's backward through a native callback, and a .NET exception
    /// escaping it ends the process. The usual cause is a user mistake: modifying a saved input in place after
    /// the forward pass, which libtorch reports when the saved tensor is unpacked. Here the backward catches any
    /// exception, records it (<see cref="BackwardFailures"/>), writes one line naming the layer and the cause to
    /// standard error, and returns gradients on the meta device, which libtorch rejects: the caller of
    /// <c>backward()</c> then gets an <see cref="System.Runtime.InteropServices.ExternalException"/> instead of
    /// a dead process.
    /// </remarks>
    internal abstract class GuardedFunction<T> : autograd.SingleTensorFunction<T> where T : GuardedFunction<T>, new()
    {
        private const string InputShapes = "guarded_input_shapes";

        /// <summary>The layer's name, for the failure message.</summary>
        protected abstract string Layer { get; }

        protected abstract Tensor Forward(autograd.AutogradContext ctx, object[] vars);

        protected abstract List<Tensor> Backward(autograd.AutogradContext ctx, Tensor grad_output);

        /// <summary>
        /// Applies the function, as <c>apply</c> does, with each leaf tensor that requires a gradient passed as a
        /// view of itself.
        /// </summary>
        /// <remarks>
        /// TorchSharp hands a custom function's gradients to libtorch while its own wrappers still hold them, so
        /// libtorch's AccumulateGrad finds each one shared and copies it instead of adopting it as the leaf's
        /// <c>.grad</c>: one more full pass over memory per backward, as much as a fused kernel's own pass. Behind
        /// a view the gradient reaches the leaf through the view's backward, which hands on a fresh alias of the
        /// same memory, and that is adopted without a copy. The view shares the leaf's version counter, so an
        /// in-place change to the leaf is still caught when the backward runs.
        /// </remarks>
        public static Tensor Apply(params object[] vars)
        {
            using var scope = NewDisposeScope();
            var args = (object[])vars.Clone();
            for (int i = 0; i < args.Length; i++)
                if (args[i] is Tensor t && t.requires_grad && t.is_leaf && is_grad_enabled()) args[i] = t.view_as(t);
            return apply(args).MoveToOuterDisposeScope();
        }

        public sealed override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var shapes = new long[vars.Length][];
            for (int i = 0; i < vars.Length; i++) shapes[i] = (vars[i] as Tensor)?.shape;
            ctx.save_data(InputShapes, shapes);
            return Forward(ctx, vars);
        }

        public sealed override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            try {
                return Backward(ctx, grad_output);
            } catch (Exception e) {
                string cause = BackwardFailures.Record(Layer, e);
                try { Console.Error.WriteLine($"TorchActivations: the backward pass of {Layer} failed: {cause}"); } catch (Exception) { }
                return Rejected((long[][])ctx.get_data(InputShapes));
            }
        }

        /// <summary>One meta-device tensor per tensor input: libtorch refuses them as gradients and throws.</summary>
        private static List<Tensor> Rejected(long[][] shapes)
        {
            var meta = new Device(TorchSharp.DeviceType.META);
            var grads = new List<Tensor>(shapes.Length);
            foreach (var shape in shapes) grads.Add(shape is null ? null : empty(shape, device: meta));
            return grads;
        }
    }

    /// <summary>
    /// The last failure of a TorchActivations layer's backward pass. When one fails (say, an input it saved was
    /// modified in place after the forward pass), <c>backward()</c> throws a generic libtorch error about an
    /// invalid gradient; this says which layer failed and why.
    /// </summary>
    public static class BackwardFailures
    {
        private static string last;

        /// <summary>"Layer: cause" of the most recent failure, or null if there was none.</summary>
        public static string Last => last;

        /// <summary>Forgets the last failure.</summary>
        public static void Clear() => last = null;

        internal static string Record(string layer, Exception e)
        {
            string message = e.Message ?? e.GetType().Name;
            int end = message.IndexOf('\n');
            string cause = (end < 0 ? message : message.Substring(0, end)).Trim();
            last = $"{layer}: {cause}";
            return cause;
        }
    }
}
