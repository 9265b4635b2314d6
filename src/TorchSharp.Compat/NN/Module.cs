using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using TorchSharp.Modules;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Base of all modules (pure C# here): parameters, buffers and submodules, found by
            /// <see cref="RegisterComponents"/> in the fields of derived classes or registered explicitly,
            /// with training mode, device/dtype moves, state dicts and save/load.</summary>
            public partial class Module : IDisposable
            {
                private readonly string name;
                private readonly List<(string name, Parameter param)> parametersList = new List<(string, Parameter)>();
                private readonly List<(string name, Tensor buffer, bool persistent)> buffersList = new List<(string, Tensor, bool)>();
                private readonly List<(string name, Module module)> submodules = new List<(string, Module)>();
                private bool componentsRegistered;

                protected Module(string name) { this.name = name; }

                public bool training { get; private set; } = true;

                public virtual string GetName() => name;

                // ---- Registration ----

                public virtual void register_parameter(string name, Parameter param)
                {
                    ValidateName(name);
                    Replace(parametersList, name, param);
                }

                public virtual void register_buffer(string name, Tensor tensor, bool persistent = true)
                {
                    ValidateName(name);
                    int i = buffersList.FindIndex(b => b.name == name);
                    if (i >= 0) buffersList[i] = (name, tensor, persistent); else buffersList.Add((name, tensor, persistent));
                }

                public virtual void register_module(string name, Module submodule)
                {
                    ValidateName(name);
                    Replace(submodules, name, submodule);
                }

                public void add_module(string name, Module module) => register_module(name, module);

                protected void ConditionallyRegisterParameter(string name, Tensor value)
                {
                    if (value is null) return;
                    register_parameter(name, value as Parameter ?? new Parameter(value));
                }

                protected void ConditionallyRegisterParameter(string name, Parameter value)
                {
                    if (value is null) return;
                    register_parameter(name, value);
                }

                protected void ConditionallyRegisterBuffer(string name, Tensor value, bool persistent = true)
                {
                    if (value is null) return;
                    register_buffer(name, value, persistent);
                }

                protected void ClearModules() => submodules.Clear();

                private static void Replace<T>(List<(string, T)> list, string name, T value)
                {
                    int i = list.FindIndex(e => e.Item1 == name);
                    if (i >= 0) list[i] = (name, value); else list.Add((name, value));
                }

                private static void ValidateName(string name)
                {
                    if (string.IsNullOrEmpty(name)) throw new ArgumentException("A component name must not be empty.", nameof(name));
                    if (name.Contains('.')) throw new ArgumentException($"A component name must not contain '.': '{name}'.", nameof(name));
                }

                /// <summary>Registers, by field name, every Parameter, Module and (other) Tensor held in the
                /// fields of this object (TorchSharp's convention: call it at the end of the constructor).</summary>
                protected virtual void RegisterComponents()
                {
                    if (componentsRegistered) return;
                    componentsRegistered = true;
                    for (var type = GetType(); type != null && type != typeof(Module); type = type.BaseType) {
                        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)) {
                            var value = field.GetValue(this);
                            string componentName = field.ComponentName();
                            switch (value) {
                                case Parameter p: register_parameter(componentName, p); break;
                                case Module m: register_module(componentName, m); break;
                                case Tensor t: register_buffer(componentName, t); break;
                            }
                        }
                    }
                }

                // ---- Traversal ----

                public virtual IEnumerable<(string name, Module module)> named_children() => submodules.ToList();
                public virtual IEnumerable<Module> children() => named_children().Select(c => c.module);

                /// <summary>All descendants (not this module), children first, as in TorchSharp.</summary>
                public virtual IEnumerable<(string name, Module module)> named_modules()
                {
                    var children = named_children().ToList();
                    foreach (var c in children) yield return c;
                    foreach (var (n, m) in children)
                        foreach (var (cn, cm) in m.named_modules()) yield return ($"{n}.{cn}", cm);
                }

                public virtual IEnumerable<Module> modules() => named_modules().Select(m => m.module);

                public virtual IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
                {
                    foreach (var p in parametersList) if (p.param is not null) yield return p;
                    if (!recurse) yield break;
                    foreach (var (n, m) in named_children())
                        foreach (var (pn, p) in m.named_parameters(true)) yield return ($"{n}.{pn}", p);
                }

                public virtual IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

                public virtual IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true, bool include_nonpersistent = true)
                {
                    foreach (var b in buffersList) if (b.buffer is not null && (include_nonpersistent || b.persistent)) yield return (b.name, b.buffer);
                    if (!recurse) yield break;
                    foreach (var (n, m) in named_children())
                        foreach (var (bn, b) in m.named_buffers(true, include_nonpersistent)) yield return ($"{n}.{bn}", b);
                }

                public virtual IEnumerable<Tensor> buffers(bool recurse = true, bool include_nonpersistent = true) => named_buffers(recurse, include_nonpersistent).Select(b => b.buffer);

                protected virtual (string name, Parameter parameter)[] _named_parameters() => named_parameters().ToArray();
                protected virtual (string name, Tensor buffer)[] _named_buffers() => named_buffers().ToArray();
                protected virtual Parameter[] _parameters(bool recurse = true) => parameters(recurse).ToArray();

                public virtual bool has_parameter(string target) => get_parameter(target) is not null;
                public virtual bool has_buffer(string target) => get_buffer(target) is not null;
                public virtual Parameter get_parameter(string target) => named_parameters().FirstOrDefault(p => p.name == target).parameter;
                public virtual Tensor get_buffer(string target) => named_buffers().FirstOrDefault(b => b.name == target).buffer;

                public virtual Module apply(Action<Module> fn)
                {
                    foreach (var m in children()) m.apply(fn);
                    fn(this);
                    return this;
                }

                // ---- Modes ----

                public virtual void train(bool train = true)
                {
                    training = train;
                    foreach (var m in children()) m.train(train);
                }

                public virtual void eval() => train(false);

                public virtual void zero_grad(bool set_to_none = true)
                {
                    foreach (var p in parameters()) {
                        if (set_to_none) { p.grad = null; continue; }
                        using var g = p.grad;
                        g?.zero_();
                    }
                }

                // ---- Device and dtype ----

                internal Module MoveTo(ScalarType? dtype, Device device)
                {
                    using (torch.no_grad()) {
                        foreach (var p in parameters()) ReplaceData(p, dtype, device);
                        foreach (var b in buffers()) ReplaceData(b, dtype, device);
                    }
                    _toEpilog(dtype, device, false);
                    return this;
                }

                // Parameters keep their identity (optimizers hold them); only their data moves.
                private static void ReplaceData(Tensor t, ScalarType? dtype, Device device)
                {
                    var targetType = dtype.HasValue && IsFloating(t.dtype) ? dtype.Value : t.dtype;
                    using var moved = t.to(targetType, device ?? t.device);
                    Native.NativeError.Check(Native.NativeMethods.ta_tensor_set_data(t.Handle, moved.Handle));
                }

                private static bool IsFloating(ScalarType t) => t == ScalarType.Float32 || t == ScalarType.Float64 || t == ScalarType.Float16 || t == ScalarType.BFloat16;

                protected virtual void _toEpilog(ScalarType? dtype, Device device, bool non_blocking) { }
                protected void _toEpilog(ScalarType dtype, bool non_blocking) => _toEpilog(dtype, null, non_blocking);
                protected void _toEpilog(Device device, ScalarType dtype, bool non_blocking) => _toEpilog(dtype, device, non_blocking);
                protected void _toEpilog(DeviceType deviceType, int deviceIndex, bool non_blocking) => _toEpilog(null, new Device(deviceType, deviceIndex), non_blocking);

                public Module _to(Tensor other, bool non_blocking) => MoveTo(other.dtype, other.device);

                // ---- State ----

                public virtual Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor> destination = null, string prefix = null)
                {
                    var result = destination ?? new Dictionary<string, Tensor>();
                    foreach (var (n, p) in named_parameters()) result[(prefix ?? "") + n] = p;
                    foreach (var (n, b) in named_buffers(true, include_nonpersistent: false)) result[(prefix ?? "") + n] = b;
                    return result;
                }

                /// <summary>Copies values from <paramref name="source"/> into this module's parameters and
                /// buffers. Returns the names missing from the source and the unexpected names in it.</summary>
                public virtual (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string> skip = null)
                {
                    var own = state_dict();
                    var missing = own.Keys.Where(k => !source.ContainsKey(k) && (skip is null || !skip.Contains(k))).ToList();
                    var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                    if (strict && (missing.Count > 0 || unexpected.Count > 0))
                        throw new InvalidOperationException($"load_state_dict: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}].");
                    using (torch.no_grad()) {
                        foreach (var (key, target) in own) {
                            if (skip != null && skip.Contains(key)) continue;
                            if (!source.TryGetValue(key, out var value)) continue;
                            if (!target.shape.SequenceEqual(value.shape))
                                throw new ArgumentException($"load_state_dict: '{key}' has shape [{string.Join(", ", value.shape)}] in the source but [{string.Join(", ", target.shape)}] in the module.");
                            target.copy_(value);
                        }
                    }
                    return (missing, unexpected);
                }

                /// <summary>Saves the state dict to a file, atomically (a temporary file renamed over the target).
                /// Format: see <see cref="StateDictFormat"/>.</summary>
                public Module save(string location, IList<string> skip = null)
                {
                    string full = Path.GetFullPath(location);
                    string temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
                    try {
                        using (var stream = File.Create(temp)) save(stream, skip);
                        File.Move(temp, full, overwrite: true);
                    } finally {
                        if (File.Exists(temp)) File.Delete(temp);
                    }
                    return this;
                }

                public Module save(Stream stream, IList<string> skip = null)
                {
                    using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                    return save(writer, skip);
                }

                public Module save(BinaryWriter writer, IList<string> skip = null)
                {
                    save_state_dict(writer, state_dict(), skip);
                    return this;
                }

                public static void save_state_dict(BinaryWriter writer, Dictionary<string, Tensor> sd, IList<string> skip = null) =>
                    StateDictFormat.Write(writer, sd.Where(kv => skip is null || !skip.Contains(kv.Key)));

                public virtual Module load(string location, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null)
                {
                    if (!File.Exists(location)) throw new FileNotFoundException($"No saved module at '{location}'.", location);
                    using var stream = File.OpenRead(location);
                    return load(stream, strict, skip, loadedParameters);
                }

                public Module load(Stream stream, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null)
                {
                    using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                    return load(reader, strict, skip, loadedParameters);
                }

                public virtual Module load(BinaryReader reader, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null)
                {
                    var loaded = StateDictFormat.Read(reader);
                    try {
                        load_state_dict(loaded, strict, skip);
                        if (loadedParameters != null) foreach (var k in state_dict().Keys) loadedParameters[k] = loaded.ContainsKey(k);
                    } finally {
                        foreach (var t in loaded.Values) t.Dispose();
                    }
                    return this;
                }

                // ---- Disposal ----

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (!disposing) return;
                    foreach (var (_, m) in submodules) m?.Dispose();
                    foreach (var (_, p) in parametersList) p?.Dispose();
                    foreach (var (_, b, _) in buffersList) b?.Dispose();
                }

                ~Module() => Dispose(false);

                public override string ToString() => GetName();
            }
        }
    }

    public static class FieldInfoExtensionMethods
    {
        /// <summary>The registered name of a field: its [ComponentName] if any, else the field name.</summary>
        public static string ComponentName(this FieldInfo field) =>
            field.GetCustomAttribute<Utils.ComponentNameAttribute>()?.Name ?? field.Name;
    }
}

namespace TorchSharp.Utils
{
    [AttributeUsage(AttributeTargets.Field)]
    public class ComponentNameAttribute : Attribute
    {
        public string Name { get; set; }
    }
}
