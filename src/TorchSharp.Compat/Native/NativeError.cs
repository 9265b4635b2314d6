using System;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace TorchSharp.Native
{
    /// <summary>Turns native failures into .NET exceptions carrying libtorch's message.</summary>
    internal static class NativeError
    {
        // An exception thrown by C# code that libtorch called back (a custom autograd function).
        // It cannot unwind through libtorch's frames, so it waits here until the native call that
        // led to the callback returns its failure, and is then rethrown unchanged to the caller.
        private static Exception pendingManagedException;

        internal static void SetPendingManagedException(Exception e) => Interlocked.Exchange(ref pendingManagedException, e);

        /// <summary>Throws for the failure just reported by a native call.</summary>
        internal static void Throw()
        {
            var pending = Interlocked.Exchange(ref pendingManagedException, null);
            if (pending != null) ExceptionDispatchInfo.Capture(pending).Throw();
            IntPtr message = NativeMethods.ta_last_error();
            string text = message == IntPtr.Zero ? "unknown libtorch failure" : Marshal.PtrToStringUTF8(message);
            throw new ExternalException(text);
        }

        internal static void Check(int status)
        {
            if (status < 0) Throw();
        }

        internal static IntPtr CheckHandle(IntPtr handle)
        {
            if (handle == IntPtr.Zero) Throw();
            return handle;
        }
    }
}
