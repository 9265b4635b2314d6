using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace TorchSharp.Native
{
    /// <summary>Calls any ATen operator by schema name through libtorch's dispatcher. Operator handles
    /// are looked up once and cached; arguments are pinned for the duration of the call.</summary>
    internal static unsafe class Aten
    {
        private const int MaxResults = 16;
        private static readonly ConcurrentDictionary<string, IntPtr> operators = new ConcurrentDictionary<string, IntPtr>();

        /// <summary>The operator "aten::name" or "aten::name.overload".</summary>
        private static IntPtr Find(string qualifiedName)
        {
            if (operators.TryGetValue(qualifiedName, out var cached)) return cached;
            int colon = qualifiedName.IndexOf("::", StringComparison.Ordinal);
            int dot = qualifiedName.IndexOf('.', colon < 0 ? 0 : colon + 2);
            string name = dot < 0 ? qualifiedName : qualifiedName.Substring(0, dot);
            string overload = dot < 0 ? "" : qualifiedName.Substring(dot + 1);
            IntPtr op = NativeMethods.ta_op_find(name, overload);
            if (op == IntPtr.Zero) {
                IntPtr message = NativeMethods.ta_last_error();
                throw new ArgumentException($"Unknown operator '{qualifiedName}': {Marshal.PtrToStringUTF8(message)}", nameof(qualifiedName));
            }
            return operators.GetOrAdd(qualifiedName, op);
        }

        /// <summary>Calls an operator that returns one tensor.</summary>
        internal static torch.Tensor Tensor(string op, params Arg[] args)
        {
            var results = Call(op, args);
            torch.Tensor first = null;
            for (int k = 0; k < results.Length; ++k) {
                if (k == 0 && results[k] is torch.Tensor t) first = t;
                else (results[k] as IDisposable)?.Dispose();
            }
            if (first is null) throw new InvalidOperationException($"{op} did not return a tensor");
            return first;
        }

        /// <summary>Calls an operator and returns all of its tensor results, lists flattened.</summary>
        internal static torch.Tensor[] Tensors(string op, params Arg[] args)
        {
            var list = new List<torch.Tensor>();
            foreach (var r in Call(op, args)) {
                if (r is torch.Tensor t) list.Add(t);
                else if (r is torch.Tensor[] ts) list.AddRange(ts);
            }
            return list.ToArray();
        }

        /// <summary>Calls an in-place operator on <paramref name="self"/> and returns it.</summary>
        internal static torch.Tensor InPlace(string op, torch.Tensor self, params Arg[] rest)
        {
            var args = new Arg[rest.Length + 1];
            args[0] = self;
            Array.Copy(rest, 0, args, 1, rest.Length);
            foreach (var r in Call(op, args)) (r as IDisposable)?.Dispose();
            return self;
        }

        internal static bool Bool(string op, params Arg[] args) => Convert.ToBoolean(Call(op, args)[0]);

        /// <summary>Calls an operator; results are Tensor, Tensor[], long, double, bool or null.</summary>
        internal static object[] Call(string op, Arg[] args)
        {
            IntPtr handle = Find(op);
            int n = args.Length;
            OpValue* values = stackalloc OpValue[Math.Max(n, 1)];
            OpValue* results = stackalloc OpValue[MaxResults];
            var pins = new List<GCHandle>();
            try {
                for (int k = 0; k < n; ++k) values[k] = ToNative(args[k], pins);
                int count = NativeMethods.ta_op_call(handle, values, n, results, MaxResults);
                if (count < 0) NativeError.Throw();
                var output = new object[count];
                for (int k = 0; k < count; ++k) output[k] = FromNative(results[k]);
                return output;
            } finally {
                foreach (var pin in pins) pin.Free();
                GC.KeepAlive(args);
            }
        }

        private static OpValue ToNative(in Arg arg, List<GCHandle> pins)
        {
            var v = new OpValue { Tag = (int)arg.Tag, I = arg.I, D = arg.D };
            switch (arg.Tag) {
                case ValueTag.Tensor:
                    v.P = ((torch.Tensor)arg.Ref).Handle;
                    break;
                case ValueTag.IntList:
                    v.P = Pin((long[])arg.Ref, pins);
                    v.I = ((long[])arg.Ref).Length;
                    break;
                case ValueTag.DoubleList:
                    v.P = Pin((double[])arg.Ref, pins);
                    v.I = ((double[])arg.Ref).Length;
                    break;
                case ValueTag.TensorList: {
                    var ts = (torch.Tensor[])arg.Ref;
                    var handles = new IntPtr[ts.Length];
                    for (int k = 0; k < ts.Length; ++k) handles[k] = ts[k] is null ? IntPtr.Zero : ts[k].Handle;
                    v.P = Pin(handles, pins);
                    v.I = handles.Length;
                    break;
                }
                case ValueTag.String: {
                    var bytes = Encoding.UTF8.GetBytes((string)arg.Ref);
                    v.P = Pin(bytes, pins);
                    v.I = bytes.Length;
                    break;
                }
            }
            return v;
        }

        // Pins an array for the duration of the call; the caller frees the handles.
        private static IntPtr Pin(Array array, List<GCHandle> pins)
        {
            var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
            pins.Add(pin);
            return pin.AddrOfPinnedObject();
        }

        private static object FromNative(in OpValue v)
        {
            switch ((ValueTag)v.Tag) {
                case ValueTag.Tensor:
                    return v.P == IntPtr.Zero ? null : new torch.Tensor(v.P);
                case ValueTag.TensorList: {
                    var list = new torch.Tensor[v.I];
                    var arr = (IntPtr*)v.P;
                    for (long k = 0; k < v.I; ++k) list[k] = new torch.Tensor(arr[k]);
                    NativeMethods.ta_free(v.P);
                    return list;
                }
                case ValueTag.Int: return v.I;
                case ValueTag.Double: return v.D;
                case ValueTag.Bool: return v.I != 0;
                default: return null;
            }
        }
    }
}
