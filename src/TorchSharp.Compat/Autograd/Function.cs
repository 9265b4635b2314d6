using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using TorchSharp.Native;
using static TorchSharp.Native.NativeMethods;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class autograd
        {
            /// <summary>Base of custom autograd functions (TorchSharp's shape): derive from
            /// <see cref="SingleTensorFunction{T}"/> or <see cref="MultiTensorFunction{T}"/>, implement
            /// forward and backward, and call the static <c>apply</c>. libtorch records a graph node whose
            /// backward calls back into the C# backward.</summary>
            public abstract class Function<T> where T : Function<T>, new()
            {
                internal static T Instance { get; } = new T();

                public abstract string Name { get; }

                public static List<Tensor> apply_internal(params object[] vars) => ManagedFunctions.Apply(Instance, vars);

                internal abstract List<Tensor> forward_internal(AutogradContext ctx, params object[] vars);
                internal abstract List<Tensor> backward_internal(AutogradContext ctx, List<Tensor> grad_outputs);
            }

            public abstract class SingleTensorFunction<T> : Function<T> where T : SingleTensorFunction<T>, new()
            {
                public static Tensor apply(params object[] vars) => apply_internal(vars)[0];

                internal sealed override List<Tensor> forward_internal(AutogradContext ctx, params object[] vars) => new List<Tensor> { forward(ctx, vars) };
                internal sealed override List<Tensor> backward_internal(AutogradContext ctx, List<Tensor> grad_outputs) => backward(ctx, grad_outputs[0]);

                public abstract Tensor forward(AutogradContext ctx, params object[] vars);
                public abstract List<Tensor> backward(AutogradContext ctx, Tensor grad_output);
            }

            public abstract class MultiTensorFunction<T> : Function<T> where T : MultiTensorFunction<T>, new()
            {
                public static List<Tensor> apply(params object[] vars) => apply_internal(vars);

                internal sealed override List<Tensor> forward_internal(AutogradContext ctx, params object[] vars) => forward(ctx, vars);
                internal sealed override List<Tensor> backward_internal(AutogradContext ctx, List<Tensor> grad_outputs) => backward(ctx, grad_outputs);

                public abstract List<Tensor> forward(AutogradContext ctx, params object[] vars);
                public abstract List<Tensor> backward(AutogradContext ctx, List<Tensor> grad_outputs);
            }
        }
    }
}

namespace TorchSharp.Native
{
    using static TorchSharp.torch;
    using static TorchSharp.torch.autograd;

    /// <summary>The managed half of custom autograd functions: a table of live calls keyed by id, and
    /// the three callbacks libtorch invokes (forward, backward, release when the graph node dies).</summary>
    internal static unsafe class ManagedFunctions
    {
        private sealed class Call
        {
            public string Name;
            public Func<AutogradContext, object[], List<Tensor>> Forward;
            public Func<AutogradContext, List<Tensor>, List<Tensor>> Backward;
            public AutogradContext Context;
            public object[] Vars;
            public int InputCount;
            public int[] InputPositions;   // index in Vars of each tensor input
        }

        private delegate int ForwardCallback(long id, IntPtr ctx, IntPtr* outputs, int maxOutputs);
        private delegate int BackwardCallback(long id, IntPtr ctx, IntPtr* grads, int ngrads, IntPtr* outputs, int maxOutputs);
        private delegate void ReleaseCallback(long id);

        private static readonly ConcurrentDictionary<long, Call> calls = new ConcurrentDictionary<long, Call>();
        private static long nextId;

        // Kept in static fields so the delegates outlive every native reference to them.
        private static readonly ForwardCallback forwardCallback = OnForward;
        private static readonly BackwardCallback backwardCallback = OnBackward;
        private static readonly ReleaseCallback releaseCallback = OnRelease;

        static ManagedFunctions()
        {
            ta_function_set_callbacks(Marshal.GetFunctionPointerForDelegate(forwardCallback),
                                      Marshal.GetFunctionPointerForDelegate(backwardCallback),
                                      Marshal.GetFunctionPointerForDelegate(releaseCallback));
        }

        /// <summary>Number of calls whose graph node is still alive (for leak tests).</summary>
        internal static int LiveCalls => calls.Count;

        internal static List<Tensor> Apply<T>(Function<T> function, object[] vars) where T : Function<T>, new()
        {
            var positions = Enumerable.Range(0, vars.Length).Where(i => vars[i] is Tensor t && !t.IsInvalid).ToArray();
            var inputs = positions.Select(i => (Tensor)vars[i]).ToArray();
            var call = new Call {
                Name = $"{function.Name} ({function.GetType().Name})",
                Forward = function.forward_internal,
                Backward = function.backward_internal,
                Context = new AutogradContext(),
                Vars = vars,
                InputCount = inputs.Length,
                InputPositions = positions,
            };
            long id = Interlocked.Increment(ref nextId);
            calls[id] = call;
            var inHandles = inputs.Select(t => t.Handle).ToArray();
            var outHandles = new IntPtr[64];
            int n;
            fixed (IntPtr* pin = inHandles, pout = outHandles)
                n = ta_function_apply(id, pin, inHandles.Length, pout, outHandles.Length);
            GC.KeepAlive(inputs);
            if (n < 0) {
                calls.TryRemove(id, out _);
                NativeError.Throw();
            }
            return outHandles.Take(n).Select(h => new Tensor(h)).ToList();
        }

        private static int OnForward(long id, IntPtr ctx, IntPtr* outputs, int maxOutputs)
        {
            try {
                var call = calls[id];
                call.Context.Native = ctx;
                try {
                    var results = call.Forward(call.Context, call.Vars);
                    if (results is null || results.Count == 0)
                        throw new InvalidOperationException($"The forward of custom autograd function {call.Name} returned {(results is null ? "null" : "no tensors")}; it must return its output tensor(s).");
                    for (int k = 0; k < results.Count; ++k)
                        if (results[k] is null || results[k].IsInvalid)
                            throw new InvalidOperationException($"The forward of custom autograd function {call.Name} returned {(results[k] is null ? "null" : "a disposed tensor")}{(results.Count > 1 ? $" as output {k}" : "")}; it must return its output tensor(s).");
                    if (results.Count > maxOutputs) throw new InvalidOperationException($"A custom autograd function may return at most {maxOutputs} tensors.");
                    for (int k = 0; k < results.Count; ++k) {
                        outputs[k] = NativeError.CheckHandle(ta_tensor_alias(results[k].Handle));
                        // The caller gets new tensor objects; intermediate results made here are released now.
                        if (!call.Vars.Contains(results[k])) results[k].Dispose();
                    }
                    return results.Count;
                } finally {
                    call.Context.Native = IntPtr.Zero;
                }
            } catch (Exception e) {
                NativeError.SetPendingManagedException(e);
                return -1;
            }
        }

        private static int OnBackward(long id, IntPtr ctx, IntPtr* grads, int ngrads, IntPtr* outputs, int maxOutputs)
        {
            try {
                var call = calls[id];
                call.Context.Native = ctx;
                using var scope = torch.NewDisposeScope();   // frees the wrappers and temporaries made here
                try {
                    var gradOutputs = new List<Tensor>();
                    for (int k = 0; k < ngrads; ++k) gradOutputs.Add(grads[k] == IntPtr.Zero ? null : new Tensor(grads[k]));
                    var gradInputs = ToTensorInputOrder(call, call.Backward(call.Context, gradOutputs) ?? new List<Tensor>());
                    for (int k = 0; k < call.InputCount; ++k) {
                        var g = gradInputs[k];
                        outputs[k] = g is null ? IntPtr.Zero : NativeError.CheckHandle(ta_tensor_alias(g.Handle));
                    }
                    return call.InputCount;
                } finally {
                    call.Context.Native = IntPtr.Zero;
                }
            } catch (Exception e) {
                NativeError.SetPendingManagedException(e);
                return -1;
            }
        }

        /// <summary>Accepts TorchSharp's form (one gradient per argument, null at non-tensor arguments)
        /// and the short form (one per tensor argument, missing trailing ones meaning none).</summary>
        private static Tensor[] ToTensorInputOrder(Call call, List<Tensor> grads)
        {
            var result = new Tensor[call.InputCount];
            if (grads.Count == call.Vars.Length && call.Vars.Length != call.InputCount) {
                for (int i = 0; i < grads.Count; ++i) {
                    int k = Array.IndexOf(call.InputPositions, i);
                    if (k >= 0) result[k] = grads[i];
                    else if (grads[i] is not null) throw new InvalidOperationException($"backward returned a gradient for argument {i}, which is not a tensor.");
                }
                return result;
            }
            if (grads.Count > call.InputCount)
                throw new InvalidOperationException($"backward of a custom autograd function returned {grads.Count} gradients; expected one per argument ({call.Vars.Length}) or one per tensor argument ({call.InputCount}).");
            for (int k = 0; k < grads.Count; ++k) result[k] = grads[k];
            return result;
        }

        private static void OnRelease(long id)
        {
            if (calls.TryRemove(id, out var call)) call.Context.Dispose();
        }
    }
}
