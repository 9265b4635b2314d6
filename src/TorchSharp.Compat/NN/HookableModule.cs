using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A module with forward pre-hooks and hooks (called by <c>call</c>, not by <c>forward</c>).</summary>
            public class HookableModule<TPreHook, TPostHook> : Module
            {
                internal readonly Dictionary<string, TPreHook> preHooks = new Dictionary<string, TPreHook>();
                internal readonly Dictionary<string, TPostHook> postHooks = new Dictionary<string, TPostHook>();

                protected HookableModule(string name) : base(name) { }
                protected HookableModule(IntPtr handle, IntPtr boxedHandle) : base(string.Empty) { }

                public HookRemover register_forward_hook(TPostHook hook)
                {
                    string key = Guid.NewGuid().ToString();
                    postHooks[key] = hook;
                    return new HookRemover(this, key);
                }

                public HookRemover register_forward_pre_hook(TPreHook hook)
                {
                    string key = Guid.NewGuid().ToString();
                    preHooks[key] = hook;
                    return new HookRemover(this, key);
                }

                internal void RemoveHook(string key)
                {
                    preHooks.Remove(key);
                    postHooks.Remove(key);
                }

                /// <summary>Removes the hook it was returned for. Nested in the generic module type, as in
                /// TorchSharp, so compiled references to it bind to the official assembly.</summary>
                public class HookRemover
                {
                    private readonly HookableModule<TPreHook, TPostHook> module;
                    private readonly string key;

                    public HookRemover(HookableModule<TPreHook, TPostHook> module, string key)
                    {
                        this.module = module;
                        this.key = key;
                    }

                    public void remove() => module.RemoveHook(key);
                }
            }

            public interface IModule<T, TResult>
            {
                TResult call(T input1);
            }

            /// <summary>A module with one input: <c>call</c> runs the pre-hooks, <c>forward</c>, then the hooks.</summary>
            public abstract class Module<T, TResult> : HookableModule<Func<Module<T, TResult>, T, T>, Func<Module<T, TResult>, T, TResult, TResult>>, IModule<T, TResult>
            {
                protected Module(string name) : base(name) { }
                protected Module(IntPtr handle, IntPtr boxedHandle) : base(handle, boxedHandle) { }

                public abstract TResult forward(T input);

                public TResult call(T input)
                {
                    foreach (var hook in preHooks.Values.ToList()) {
                        var modified = hook(this, input);
                        if (modified is not null) input = modified;
                    }
                    var result = forward(input);
                    foreach (var hook in postHooks.Values.ToList()) {
                        var modified = hook(this, input, result);
                        if (modified is not null) result = modified;
                    }
                    return result;
                }
            }

            public abstract class Module<T1, T2, TResult> : HookableModule<Func<Module<T1, T2, TResult>, T1, T2, (T1, T2)?>, Func<Module<T1, T2, TResult>, T1, T2, TResult, TResult>>
            {
                protected Module(string name) : base(name) { }
                protected Module(IntPtr handle, IntPtr boxedHandle) : base(handle, boxedHandle) { }

                public abstract TResult forward(T1 input1, T2 input2);

                public TResult call(T1 input1, T2 input2)
                {
                    var result = forward(input1, input2);
                    foreach (var hook in postHooks.Values.ToList()) {
                        var modified = hook(this, input1, input2, result);
                        if (modified is not null) result = modified;
                    }
                    return result;
                }
            }
        }
    }
}

namespace TorchSharp.Modules
{
    using static TorchSharp.torch;

    /// <summary>A tensor that is a module parameter: a leaf that requires grad by default, owned by its
    /// module (never by a dispose scope).</summary>
    public class Parameter : torch.Tensor
    {
        /// <summary>A leaf parameter holding <paramref name="data"/>'s values. As in TorchSharp, it takes the
        /// data tensor's place: <paramref name="data"/> becomes invalid, and a dispose scope that owned it now
        /// owns the parameter (detach it, or create it outside any scope, to keep it).</summary>
        public Parameter(torch.Tensor data, bool requires_grad = true)
            : base(LeafHandle(data, requires_grad), attachToScope: false)
        {
            var scope = data.OwningDisposeScope;
            scope?.Detach(data);
            scope?.Attach(this);
            data.Dispose();
        }

        // A detached alias of the data, so the parameter is a leaf whatever produced the data.
        private static IntPtr LeafHandle(torch.Tensor data, bool requires_grad)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            using var detached = data.detach();
            detached.requires_grad = requires_grad;
            return detached.DecoupleFromNativeHandle();
        }
    }

    public interface IParameterLessModule { }

    /// <summary>A module without parameters or buffers (registration is refused).</summary>
    public abstract class ParameterLessModule<T1, TResult> : nn.Module<T1, TResult>, IParameterLessModule
    {
        protected ParameterLessModule(string name) : base(name) { }
        protected ParameterLessModule(IntPtr handle, IntPtr boxedHandle) : base(handle, boxedHandle) { }

        public override void register_buffer(string name, torch.Tensor tensor, bool persistent = true) => throw new InvalidOperationException($"{GetName()} has no buffers.");
        public override void register_module(string name, nn.Module submodule) => throw new InvalidOperationException($"{GetName()} has no submodules.");
        public override void register_parameter(string name, Parameter param) => throw new InvalidOperationException($"{GetName()} has no parameters.");
    }
}
