using System;
using System.Runtime.InteropServices;

namespace TorchSharp.Native
{
    /// <summary>P/Invoke declarations of the native bridge (native/src/*.cpp). Every entry point reports
    /// failure through its return value; the message is read with <see cref="ta_last_error"/>.</summary>
    internal static unsafe class NativeMethods
    {
        private const string Lib = "TorchActivationsNative";

        [DllImport(Lib)] internal static extern IntPtr ta_last_error();
        [DllImport(Lib)] internal static extern long ta_live_handles();
        [DllImport(Lib)] internal static extern void ta_free(IntPtr p);

        // Tensors
        [DllImport(Lib)] internal static extern void ta_tensor_free(IntPtr t);
        [DllImport(Lib)] internal static extern IntPtr ta_tensor_alias(IntPtr t);
        [DllImport(Lib)] internal static extern IntPtr ta_tensor_from_data(void* data, long* shape, int ndim, int dtype, int requires_grad);
        [DllImport(Lib)] internal static extern int ta_tensor_copy_to(IntPtr t, void* dst, long nbytes);
        [DllImport(Lib, CharSet = CharSet.Ansi, BestFitMapping = false)] internal static extern int ta_tensor_save(IntPtr t, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
        [DllImport(Lib, CharSet = CharSet.Ansi, BestFitMapping = false)] internal static extern IntPtr ta_tensor_load([MarshalAs(UnmanagedType.LPUTF8Str)] string path);
        [DllImport(Lib)] internal static extern IntPtr ta_tensor_data_ptr(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_ndim(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_shape(IntPtr t, long* shape);
        [DllImport(Lib)] internal static extern int ta_tensor_strides(IntPtr t, long* strides);
        [DllImport(Lib)] internal static extern long ta_tensor_numel(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_dtype(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_device_type(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_device_index(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_requires_grad(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_set_requires_grad(IntPtr t, int value);
        [DllImport(Lib)] internal static extern int ta_tensor_is_leaf(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_is_contiguous(IntPtr t);
        [DllImport(Lib)] internal static extern IntPtr ta_tensor_grad(IntPtr t);
        [DllImport(Lib)] internal static extern int ta_tensor_set_grad(IntPtr t, IntPtr grad);
        [DllImport(Lib)] internal static extern int ta_tensor_set_data(IntPtr t, IntPtr data);

        // Runtime
        [DllImport(Lib)] internal static extern int ta_cuda_is_available();
        [DllImport(Lib)] internal static extern int ta_cuda_device_count();
        [DllImport(Lib)] internal static extern int ta_manual_seed(long seed);
        [DllImport(Lib)] internal static extern long ta_initial_seed();
        [DllImport(Lib)] internal static extern int ta_get_num_threads();
        [DllImport(Lib)] internal static extern int ta_set_num_threads(int n);

        // Operators through the dispatcher
        [DllImport(Lib)] internal static extern IntPtr ta_op_find([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string overload);
        [DllImport(Lib)] internal static extern int ta_op_call(IntPtr op, OpValue* args, int nargs, OpValue* results, int maxResults);

        // Autograd
        [DllImport(Lib)] internal static extern int ta_backward(IntPtr* tensors, int n, IntPtr* grads, int ngrads, int retainGraph, int createGraph, IntPtr* inputs, int ninputs);
        [DllImport(Lib)] internal static extern int ta_autograd_grad(IntPtr* outputs, int nout, IntPtr* inputs, int nin, IntPtr* gradOutputs, int ngo, int retainGraph, int createGraph, int allowUnused, IntPtr* results);
        [DllImport(Lib)] internal static extern int ta_grad_mode_enabled();
        [DllImport(Lib)] internal static extern int ta_grad_mode_set(int enabled);

        // Custom autograd functions
        [DllImport(Lib)] internal static extern void ta_function_set_callbacks(IntPtr forward, IntPtr backward, IntPtr release);
        [DllImport(Lib)] internal static extern int ta_function_apply(long id, IntPtr* inputs, int ninputs, IntPtr* outputs, int maxOutputs);
        [DllImport(Lib)] internal static extern int ta_ctx_save_for_backward(IntPtr ctx, IntPtr* tensors, int n);
        [DllImport(Lib)] internal static extern int ta_ctx_saved(IntPtr ctx, IntPtr* outputs, int maxOutputs);
        [DllImport(Lib)] internal static extern int ta_ctx_mark_non_differentiable(IntPtr ctx, IntPtr* tensors, int n);
        [DllImport(Lib)] internal static extern int ta_ctx_mark_dirty(IntPtr ctx, IntPtr* tensors, int n);
        [DllImport(Lib)] internal static extern int ta_ctx_set_materialize_grads(IntPtr ctx, int value);
    }
}
