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

                // ---- Registration (TorchSharp's rules: a name is registered once; replacing goes through
                //      the ConditionallyRegister* helpers, which built-in property setters use) ----

                public virtual void register_parameter(string name, Parameter param)
                {
                    if (param is null || param.IsInvalid)
                        throw new ArgumentNullException(nameof(param), "A null tensor cannot be registered as a parameter.");
                    ValidateName(name);
                    if (parametersList.Any(p => p.name == name)) throw new InvalidOperationException($"Parameter {name} is already registered.");
                    parametersList.Add((name, param));
                }

                public virtual void register_buffer(string name, Tensor tensor, bool persistent = true)
                {
                    if (tensor is null || tensor.IsInvalid)
                        throw new ArgumentNullException(nameof(tensor), "A null tensor cannot be registered as a buffer.");
                    ValidateName(name);
                    if (buffersList.Any(b => b.name == name)) throw new InvalidOperationException($"Tensor {name} is already registered.");
                    buffersList.Add((name, tensor, persistent));
                }

                /// <summary>Adds a child module (registering the child's own field components first); a null
                /// module removes the name.</summary>
                public virtual void register_module(string name, Module submodule)
                {
                    if (submodule is null) {
                        submodules.RemoveAll(m => m.name == name);
                        return;
                    }
                    ValidateName(name);
                    if (submodules.Any(m => m.name == name)) throw new InvalidOperationException($"Sub-module {name} is already registered.");
                    submodule.RegisterComponents();
                    submodules.Add((name, submodule));
                }

                public void add_module(string name, Module module) => register_module(name, module);

                /// <summary>Registers <paramref name="value"/> under <paramref name="name"/>, replacing what was
                /// there; a value that is not a <see cref="Parameter"/> (null included) removes the name.</summary>
                protected void ConditionallyRegisterParameter(string name, Tensor value) => ConditionallyRegisterParameter(name, value as Parameter);

                protected void ConditionallyRegisterParameter(string name, Parameter value)
                {
                    if (value is null) parametersList.RemoveAll(p => p.name == name);
                    else Replace(parametersList, name, value);
                }

                /// <summary>Registers or replaces a buffer; null removes the name.</summary>
                protected void ConditionallyRegisterBuffer(string name, Tensor value, bool persistent = true)
                {
                    int i = buffersList.FindIndex(b => b.name == name);
                    if (value is null) {
                        if (i >= 0) buffersList.RemoveAt(i);
                    } else if (i >= 0) {
                        buffersList[i] = (name, value, persistent);
                    } else {
                        buffersList.Add((name, value, persistent));
                    }
                }

                /// <summary>The body of a built-in module's parameter property setter, as in TorchSharp: the old
                /// parameter is disposed, the new one leaves its dispose scope and takes the name (null removes it).</summary>
                internal Parameter SetOwnedParameter(string name, Parameter current, Parameter value)
                {
                    if (value is not null && current is not null && !current.IsInvalid && value.Handle == current.Handle) return current;
                    value?.DetachFromDisposeScope();
                    ConditionallyRegisterParameter(name, value);
                    current?.Dispose();
                    return value;
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

                /// <summary>Registers, by component name, every Parameter, Module and (other) Tensor held in the
                /// fields of this object and its base classes that is not registered yet (TorchSharp's
                /// convention: call it at the end of the constructor).</summary>
                protected virtual void RegisterComponents()
                {
                    if (componentsRegistered) return;
                    foreach (var field in FieldsOf(GetType())) {
                        string componentName = field.ComponentName();
                        if (IsRegistered(componentName)) continue;
                        switch (field.GetValue(this)) {
                            case Module m: register_module(componentName, m); break;
                            case Parameter p: register_parameter(componentName, p); break;
                            case Tensor t: register_buffer(componentName, t); break;
                        }
                    }
                    componentsRegistered = true;
                }

                private bool IsRegistered(string name) =>
                    submodules.Any(m => m.name == name) || parametersList.Any(p => p.name == name) || buffersList.Any(b => b.name == name);

                /// <summary>Instance fields of <paramref name="type"/> and its bases, most derived first, one per name.</summary>
                private static IEnumerable<FieldInfo> FieldsOf(Type type)
                {
                    var seen = new HashSet<string>();
                    for (; type != null && type != typeof(object); type = type.BaseType)
                        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                            if (seen.Add(field.Name)) yield return field;
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

                // ---- Device and dtype (TorchSharp's semantics) ----
                // A parameter or buffer that must change is replaced by a new tensor, and the old one is
                // disposed: an optimizer made before to() holds stale tensors, as in TorchSharp. The new tensor
                // reaches the module through a public property of the same name when there is one (its
                // setter re-registers it), otherwise it is re-registered here and stored into a field of that
                // name. Child modules are converted first.

                internal virtual Module _to(ScalarType dtype, bool non_blocking)
                {
                    CheckModuleDtype(dtype);
                    _toEpilog(dtype, non_blocking);
                    return this;
                }

                internal virtual Module _to(Device device, ScalarType dtype, bool non_blocking)
                {
                    CheckModuleDtype(dtype);
                    CheckDeviceAvailable(device.type);
                    _toEpilog(device, dtype, non_blocking);
                    return this;
                }

                internal virtual Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
                {
                    if (deviceType != DeviceType.CUDA) deviceIndex = -1;
                    CheckDeviceAvailable(deviceType);
                    _toEpilog(deviceType, deviceIndex, non_blocking);
                    return this;
                }

                public Module _to(Tensor other, bool non_blocking)
                {
                    _to(other.dtype, non_blocking);
                    return _to(other.device.type, other.device.index, non_blocking);
                }

                private static void CheckModuleDtype(ScalarType dtype)
                {
                    if (!IsFloating(dtype) && dtype != ScalarType.ComplexFloat32 && dtype != ScalarType.ComplexFloat64)
                        throw new ArgumentException($"nn.Module.to only accepts floating point or complex types, but got desired dtype={dtype}");
                }

                private static void CheckDeviceAvailable(DeviceType type)
                {
                    if (type == DeviceType.CUDA && !torch.cuda.is_available()) throw new InvalidOperationException("CUDA is not available.");
                }

                protected void _toEpilog(ScalarType dtype, bool non_blocking) => _toEpilog(dtype, null, non_blocking);
                protected void _toEpilog(Device device, ScalarType dtype, bool non_blocking) => _toEpilog(dtype, device, non_blocking);
                protected void _toEpilog(DeviceType deviceType, int deviceIndex, bool non_blocking) => _toEpilog(null, new Device(deviceType, deviceIndex), non_blocking);

                protected virtual void _toEpilog(ScalarType? dtype, Device device, bool non_blocking)
                {
                    if (dtype is null && device is null) throw new ArgumentNullException(nameof(dtype), "dtype and device are both null.");

                    foreach (var (_, child) in named_children()) {
                        if (device is null) child._to(dtype.Value, non_blocking);
                        else if (dtype is null) child._to(device.type, device.index, non_blocking);
                        else child._to(device, dtype.Value, non_blocking);
                    }

                    var fields = new Dictionary<string, FieldInfo>();
                    foreach (var f in FieldsOf(GetType())) fields.TryAdd(f.ComponentName(), f);
                    var properties = new Dictionary<string, PropertyInfo>();
                    foreach (var p in GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)) properties.TryAdd(p.Name, p);

                    foreach (var (name, param) in named_parameters(recurse: false).ToList()) {
                        if (!ReplaceParameter(dtype, device, param, out var moved)) continue;
                        if (properties.TryGetValue(name, out var property)) {
                            property.SetValue(this, moved);
                        } else {
                            param.Dispose();
                            ConditionallyRegisterParameter(name, moved);
                            if (fields.TryGetValue(name, out var field)) field.SetValue(this, moved);
                        }
                    }

                    foreach (var (name, buffer, persistent) in buffersList.ToList()) {
                        if (!ReplaceBuffer(dtype, device, buffer, out var moved)) continue;
                        if (properties.TryGetValue(name, out var property)) {
                            property.SetValue(this, moved);
                        } else {
                            ConditionallyRegisterBuffer(name, moved, persistent);
                            if (fields.TryGetValue(name, out var field)) field.SetValue(this, moved);
                        }
                    }
                }

                /// <summary>A new leaf parameter converted to <paramref name="dtype"/> (floating-point and complex
                /// parameters only) and moved to <paramref name="device"/>, with its gradient converted too;
                /// false when nothing would change.</summary>
                protected static bool ReplaceParameter(ScalarType? dtype, Device device, Parameter param, out Parameter p)
                {
                    p = null;
                    using var grad = param.grad;
                    var targetDevice = device ?? param.device;
                    if (!WillCopy(param, dtype ?? param.dtype, targetDevice) && (grad is null || !WillCopy(grad, dtype ?? param.dtype, targetDevice)))
                        return false;
                    var targetType = dtype.HasValue && IsFloatingOrComplex(param.dtype) ? dtype.Value : param.dtype;
                    using (torch.no_grad()) {
                        using var data = param.to(targetType, targetDevice);
                        p = new Parameter(data, param.requires_grad);
                        p.DetachFromDisposeScope();
                        if (grad is not null) {
                            using var newGrad = grad.to(targetType, targetDevice);
                            p.grad = newGrad;
                        }
                    }
                    return true;
                }

                /// <summary>A new buffer converted (floating-point and complex buffers only) and moved; the old
                /// one is disposed. False when nothing would change.</summary>
                protected static bool ReplaceBuffer(ScalarType? dtype, Device device, Tensor buffer, out Tensor result)
                {
                    result = null;
                    var targetDevice = device ?? buffer.device;
                    if (!WillCopy(buffer, dtype ?? buffer.dtype, targetDevice)) return false;
                    var targetType = dtype.HasValue && IsFloatingOrComplex(buffer.dtype) ? dtype.Value : buffer.dtype;
                    result = buffer.to(targetType, targetDevice, disposeAfter: true).DetachFromDisposeScope();
                    return true;
                }

                private static bool WillCopy(Tensor t, ScalarType dtype, Device device) =>
                    t.dtype != dtype || t.device.type != device.type || t.device.index != device.index;

                private static bool IsFloating(ScalarType t) => t == ScalarType.Float32 || t == ScalarType.Float64 || t == ScalarType.Float16 || t == ScalarType.BFloat16;
                private static bool IsFloatingOrComplex(ScalarType t) => IsFloating(t) || t == ScalarType.ComplexFloat32 || t == ScalarType.ComplexFloat64;

                // ---- State ----

                /// <summary>The live parameters (depth first), then the live persistent buffers, by dotted name.</summary>
                public virtual Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor> destination = null, string prefix = null)
                {
                    var result = destination ?? new Dictionary<string, Tensor>();
                    string Key(string n) => string.IsNullOrEmpty(prefix) ? n : $"{prefix}.{n}";
                    foreach (var (n, p) in named_parameters()) result.TryAdd(Key(n), p);
                    foreach (var (n, b) in named_buffers(true, include_nonpersistent: false)) result.TryAdd(Key(n), b);
                    return result;
                }

                /// <summary>Copies values from <paramref name="source"/> into this module's parameters and
                /// buffers (in place, converting dtype as <c>copy_</c> does). With <paramref name="strict"/>, a
                /// missing or unexpected name throws before anything is copied. Returns the names missing from
                /// the source and the unexpected names in it (names in <paramref name="skip"/> are neither).</summary>
                public virtual (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(Dictionary<string, Tensor> source, bool strict = true, IList<string> skip = null)
                {
                    skip ??= Array.Empty<string>();
                    var own = state_dict();
                    IList<string> missing = own.Keys.Where(k => !skip.Contains(k) && !source.ContainsKey(k)).ToList();
                    IList<string> unexpected = source.Keys.Where(k => !skip.Contains(k) && !own.ContainsKey(k)).ToList();
                    if (strict && (missing.Count > 0 || unexpected.Count > 0))
                        throw new InvalidOperationException("The loaded state_dict is not identical to the target dictionary." +
                            $" Missing: [{string.Join(", ", missing)}]; unexpected: [{string.Join(", ", unexpected)}].");
                    // TorchSharp copies with broadcasting, so a [1] entry silently fills a [C] parameter; the
                    // binding refuses a shape mismatch, as PyTorch does, before anything is copied.
                    foreach (var (key, value) in source) {
                        if (skip.Contains(key) || !own.TryGetValue(key, out var target)) continue;
                        if (!target.shape.SequenceEqual(value.shape))
                            throw new ArgumentException($"load_state_dict: '{key}' has shape [{string.Join(", ", value.shape)}] in the source but [{string.Join(", ", target.shape)}] in the module.");
                    }
                    using (torch.no_grad()) {
                        foreach (var (key, value) in source) {
                            if (skip.Contains(key) || !own.TryGetValue(key, out var target)) continue;
                            target.copy_(value);
                        }
                    }
                    return (missing, unexpected);
                }

                // ---- Saving and loading, in TorchSharp's format (see TensorExtensionMethods.Save) ----

                /// <summary>Writes the state dict to a file in TorchSharp's format. The file is replaced
                /// atomically: a failed save leaves any previous file intact.</summary>
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

                /// <summary>Writes the state dict to <paramref name="stream"/> and closes it, as TorchSharp does.</summary>
                public Module save(Stream stream, IList<string> skip = null)
                {
                    using var writer = new BinaryWriter(stream);
                    return save(writer, skip);
                }

                public Module save(BinaryWriter writer, IList<string> skip = null)
                {
                    save_state_dict(writer, state_dict(), skip);
                    return this;
                }

                /// <summary>TorchSharp's format: the entry count (LEB128), then per entry the name
                /// (<see cref="BinaryWriter.Write(string)"/>) and the tensor (<see cref="TensorExtensionMethods.Save(Tensor, BinaryWriter)"/>).</summary>
                public static void save_state_dict(BinaryWriter writer, Dictionary<string, Tensor> sd, IList<string> skip = null)
                {
                    var entries = sd.Where(kv => skip is null || !skip.Contains(kv.Key)).ToList();
                    writer.Encode(entries.Count);
                    foreach (var (name, tensor) in entries) {
                        writer.Write(name);
                        tensor.Save(writer);
                    }
                    writer.Flush();
                }

                /// <summary>Loads the state saved in the file at <paramref name="location"/>. A file that does not match
                /// the module (entry count, names, dtypes, shapes) is an <see cref="ArgumentException"/>, as in
                /// TorchSharp; a file that is not a well-formed saved module (truncated, garbage, unknown element
                /// type, impossible sizes) is one <see cref="InvalidDataException"/> naming the file.</summary>
                public virtual Module load(string location, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null)
                {
                    if (!File.Exists(location)) throw new FileNotFoundException($"No saved module at '{location}'.", location);
                    using var stream = File.OpenRead(location);
                    try {
                        return load(stream, strict, skip, loadedParameters);
                    } catch (Exception e) when (IsMalformedFile(e)) {
                        string problem = e is EndOfStreamException
                            ? "the file ends inside an entry (it is truncated or not a saved module)"
                            : e.Message;
                        throw new InvalidDataException($"'{location}' is not a readable saved module: {problem}", e);
                    }
                }

                // What reading a damaged file raises: the reader's end of stream and malformed length prefixes
                // (BinaryReader reports a negative string length as a plain IOException), the format's own
                // checks, and arithmetic on impossible sizes. Other I/O failures pass through unchanged.
                private static bool IsMalformedFile(Exception e) =>
                    e is EndOfStreamException || e is InvalidDataException || e is FormatException ||
                    e is OverflowException || e.GetType() == typeof(IOException);

                /// <summary>Reads a state dict written by <see cref="save(Stream, IList{string})"/> (or by TorchSharp)
                /// from <paramref name="stream"/> and closes it, as TorchSharp does.</summary>
                public Module load(Stream stream, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null)
                {
                    using var reader = new BinaryReader(stream);
                    return load(reader, strict, skip, loadedParameters);
                }

                /// <summary>Loads in place, entry by entry, as TorchSharp does: with <paramref name="strict"/> the
                /// entry count and every name must match; dtypes and shapes must always match
                /// (<see cref="ArgumentException"/>); entries named in <paramref name="skip"/> or unknown to a
                /// non-strict load are read past. <paramref name="loadedParameters"/> receives, per entry of the
                /// file, whether the module has that name.</summary>
                public virtual Module load(BinaryReader reader, bool strict = true, IList<string> skip = null, Dictionary<string, bool> loadedParameters = null)
                {
                    skip ??= Array.Empty<string>();
                    var sd = state_dict();
                    long entries = reader.Decode();
                    if (entries != sd.Count && strict)
                        throw new ArgumentException($"Mismatched state_dict sizes: expected {sd.Count}, but found {entries} entries.");
                    for (long i = 0; i < entries; ++i) {
                        string key = reader.ReadString();
                        bool found = sd.TryGetValue(key, out var target);
                        if (!found && strict)
                            throw new ArgumentException($"Mismatched module state names: the target modules does not have a submodule or buffer named '{key}'");
                        if (found && !skip.Contains(key)) {
                            target.Load(reader);
                        } else {
                            TensorExtensionMethods.SkipSaved(reader);
                        }
                        loadedParameters?.Add(key, found);
                    }
                    return this;
                }

                /// <summary>A new <typeparamref name="T"/> with the state loaded from <paramref name="path"/>.</summary>
                public static Module Create<T>(string path) where T : Module, new() => new T().load(path);

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
