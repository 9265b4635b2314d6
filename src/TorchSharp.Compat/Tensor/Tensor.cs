using System;
using System.Linq;
using System.Threading;
using TorchSharp.Native;
using static TorchSharp.Native.NativeMethods;

namespace TorchSharp
{
    public static partial class torch
    {
        /// <summary>A handle on a libtorch tensor. As in TorchSharp, the handle points to a heap
        /// <c>at::Tensor</c>, so it can be exchanged with other native code (<see cref="Handle"/>,
        /// <see cref="UnsafeCreateTensor"/>). Dispose it, or create it inside a dispose scope.</summary>
        public partial class Tensor : IDisposable
        {
            private IntPtr handle;

            /// <summary>The scope that will dispose this tensor, if any.</summary>
            internal DisposeScope OwningDisposeScope { get; set; }

            internal Tensor(IntPtr handle) : this(handle, attachToScope: true) { }

            internal Tensor(IntPtr handle, bool attachToScope)
            {
                if (handle == IntPtr.Zero) throw new ArgumentNullException(nameof(handle), "null tensor handle");
                this.handle = handle;
                DisposeScopeManager.ThreadSingleton.OnCreated(this, attachToScope);
                if (OwningDisposeScope is null) ReportNativeMemory();
            }

            // ---- Native memory reported to the GC ----
            // A tensor object is a few dozen managed bytes in front of native storage the GC cannot see, so a
            // loop that leaves its tensors to the finalizer would grow by gigabytes before the GC ran. Each
            // handle that no dispose scope will free reports its elements' bytes (plus the handle's own native
            // overhead) as memory pressure: when it is created outside a scope, or when it leaves its scope
            // (Detach, MoveToOuter from the outermost scope). It withdraws exactly that amount when it is
            // freed. Tensors a scope disposes are not reported: the scope frees them deterministically, and
            // reporting them would only start needless full collections. Views count their full
            // size although they share storage: an overestimate, which only makes the GC run sooner. One
            // handle reports at most MaxReportedBytes, so one huge tensor does not force collections.

            private const long HandleOverheadBytes = 256;
            internal const long MaxReportedBytes = 256L << 20;
            private long reportedBytes;

            internal void ReportNativeMemory()
            {
                var h = handle;
                if (h == IntPtr.Zero || Interlocked.Read(ref reportedBytes) != 0) return;
                long numel = ta_tensor_numel(h);
                int dtype = ta_tensor_dtype(h);
                long bytes = HandleOverheadBytes;
                if (numel > 0 && dtype >= 0) {
                    long element = (ScalarType)dtype switch {
                        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
                        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
                        ScalarType.Int32 or ScalarType.Float32 => 4,
                        ScalarType.ComplexFloat64 => 16,
                        _ => 8,
                    };
                    bytes += numel > MaxReportedBytes / element ? MaxReportedBytes : numel * element;
                }
                bytes = Math.Min(bytes, MaxReportedBytes);
                if (Interlocked.CompareExchange(ref reportedBytes, bytes, 0) == 0) {
                    GC.AddMemoryPressure(bytes);
                    // Freed meanwhile on another thread, after its withdrawal ran: take the report back.
                    if (Volatile.Read(ref handle) == IntPtr.Zero) WithdrawNativeMemory();
                }
            }

            private void WithdrawNativeMemory()
            {
                long bytes = Interlocked.Exchange(ref reportedBytes, 0);
                if (bytes > 0) GC.RemoveMemoryPressure(bytes);
            }

            /// <summary>A tensor object with no native tensor behind it (<see cref="IsInvalid"/>), which TorchSharp
            /// returns for an undefined result, e.g. the gradient of an unused input.</summary>
            internal static Tensor Invalid() => new Tensor();

            private Tensor() => GC.SuppressFinalize(this);

            /// <summary>Wraps a native <c>at::Tensor*</c> created elsewhere; the tensor takes ownership.</summary>
            public static Tensor UnsafeCreateTensor(IntPtr handle) => new Tensor(handle);

            public IntPtr Handle {
                get {
                    if (handle == IntPtr.Zero) throw new InvalidOperationException("Tensor invalid -- empty handle.");   // TorchSharp's exception and message
                    return handle;
                }
            }

            public bool IsInvalid => handle == IntPtr.Zero;

            /// <summary>Gives up ownership of the native handle; this object becomes invalid.</summary>
            public IntPtr DecoupleFromNativeHandle()
            {
                var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
                if (h == IntPtr.Zero) throw new InvalidOperationException("Tensor invalid -- empty handle.");
                OwningDisposeScope?.Forget(this);
                OwningDisposeScope = null;
                WithdrawNativeMemory();
                DisposeScopeManager.ThreadSingleton.OnReleased(this, inScope: false);
                GC.SuppressFinalize(this);
                return h;
            }

            ~Tensor() => Dispose(false);

            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Frees the native tensor once, whichever thread gets here first (a tensor may be disposed
            /// on a thread other than the one whose dispose scope holds it).</summary>
            protected virtual void Dispose(bool disposing)
            {
                var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
                if (h == IntPtr.Zero) return;
                if (disposing) {
                    var scope = OwningDisposeScope;
                    scope?.Forget(this);
                    OwningDisposeScope = null;
                    DisposeScopeManager.ThreadSingleton.OnReleased(this, scope != null);
                }
                ta_tensor_free(h);
                WithdrawNativeMemory();
            }

            // ---- Dispose-scope membership ----

            public Tensor MoveToOuterDisposeScope()
            {
                OwningDisposeScope?.MoveToOuter(this);
                return this;
            }

            public Tensor MoveToOtherDisposeScope(DisposeScope other)
            {
                if (OwningDisposeScope != null) OwningDisposeScope.MoveToOther(other, this);
                else other?.Attach(this);
                return this;
            }

            public Tensor MoveToOtherDisposeScope(Tensor other) => MoveToOtherDisposeScope(other.OwningDisposeScope);

            public Tensor DetachFromDisposeScope()
            {
                OwningDisposeScope?.Detach(this);
                return this;
            }

            public Tensor DetatchFromDisposeScope() => DetachFromDisposeScope();

            // ---- Metadata ----

            public unsafe long[] shape {
                get {
                    int n = ta_tensor_ndim(Handle);
                    if (n < 0) NativeError.Throw();
                    var s = new long[n];
                    fixed (long* p = s) NativeError.Check(ta_tensor_shape(Handle, p));
                    return s;
                }
            }

            internal unsafe long[] strides()
            {
                int n = ta_tensor_ndim(Handle);
                var s = new long[n];
                fixed (long* p = s) NativeError.Check(ta_tensor_strides(Handle, p));
                return s;
            }

            public long[] size() => shape;

            public long size(int dim)
            {
                var s = shape;
                int d = dim < 0 ? dim + s.Length : dim;
                if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for a {s.Length}-d tensor.");
                return s[d];
            }

            public long dim() => ndim;
            public long ndim { get { int n = ta_tensor_ndim(Handle); if (n < 0) NativeError.Throw(); return n; } }
            public long Dimensions => ndim;
            public long numel() { long n = ta_tensor_numel(Handle); if (n < 0) NativeError.Throw(); return n; }
            public long NumberOfElements => numel();
            public long ElementSize => torch.ElementSize(dtype);
            public long element_size() => ElementSize;

            public ScalarType dtype { get { int t = ta_tensor_dtype(Handle); if (t < 0) NativeError.Throw(); return (ScalarType)t; } }

            public DeviceType device_type { get { int t = ta_tensor_device_type(Handle); if (t < 0) NativeError.Throw(); return (DeviceType)t; } }
            public int device_index => ta_tensor_device_index(Handle);
            public Device device => new Device(device_type, device_index);
            public bool is_cuda => device_type == DeviceType.CUDA;
            public bool is_meta => device_type == DeviceType.META;
            public bool is_sparse => false;

            public bool requires_grad {
                get { int r = ta_tensor_requires_grad(Handle); if (r < 0) NativeError.Throw(); return r != 0; }
                set => NativeError.Check(ta_tensor_set_requires_grad(Handle, value ? 1 : 0));
            }

            public Tensor requires_grad_(bool requires_grad = true)
            {
                this.requires_grad = requires_grad;
                return this;
            }

            public bool is_leaf { get { int r = ta_tensor_is_leaf(Handle); if (r < 0) NativeError.Throw(); return r != 0; } }

            /// <summary>The accumulated gradient (a new handle on it each time), or null.</summary>
            public Tensor grad {
                get {
                    IntPtr g = ta_tensor_grad(Handle);
                    if (g == IntPtr.Zero) {
                        if (ta_last_error() != IntPtr.Zero) NativeError.Throw();
                        return null;
                    }
                    return new Tensor(g);
                }
                set => NativeError.Check(ta_tensor_set_grad(Handle, value is null ? IntPtr.Zero : value.Handle));
            }

            public bool is_floating_point() => Aten.Bool("aten::is_floating_point", this);

            public long[] stride() => strides();

            public Tensor heaviside(Tensor other) => Aten.Tensor("aten::heaviside", this, other);

            /// <summary>Replaces NaN, +inf and -inf (null: the dtype's largest/smallest finite value), as torch.nan_to_num.</summary>
            public Tensor nan_to_num(double nan = 0, double? posinf = null, double? neginf = null) =>
                Aten.Tensor("aten::nan_to_num", this, (double?)nan, posinf, neginf);

            /// <summary>Number of tensors created and not yet disposed or finalized (all threads).</summary>
            public static long TotalCount => ta_live_handles();

            public override string ToString() => ToString(TensorStringStyle.Metadata);

            public string ToString(TensorStringStyle style, string fltFormat = null, int? width = null, System.Globalization.CultureInfo cultureInfo = null, string newLine = null)
            {
                if (IsInvalid) return "Tensor (disposed)";
                string meta = $"[{string.Join("x", shape)}], type = {dtype}, device = {device}";
                if (style == TensorStringStyle.Metadata) return meta;
                return TensorFormatter.Format(this, fltFormat ?? "g5", cultureInfo, newLine ?? Environment.NewLine);
            }
        }
    }

    public enum TensorStringStyle
    {
        Metadata,
        Julia,
        Numpy,
        CSharp,
        Default,
    }
}
