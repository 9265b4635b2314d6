using System;

namespace TorchSharp
{
    /// <summary>Moves and casts modules (parameters keep their identity).</summary>
    public static class ModuleExtensionMethods
    {
        public static T to<T>(this T module, torch.ScalarType type, bool non_blocking = false) where T : torch.nn.Module => (T)module.MoveTo(type, null);
        public static T to<T>(this T module, torch.Device device, bool non_blocking = false) where T : torch.nn.Module => (T)module.MoveTo(null, device);
        public static T to<T>(this T module, string device, bool non_blocking = false) where T : torch.nn.Module => module.to(new torch.Device(device), non_blocking);
        public static T to<T>(this T module, torch.Device device, torch.ScalarType type, bool non_blocking = false) where T : torch.nn.Module => (T)module.MoveTo(type, device);
        public static T to<T>(this T module, DeviceType deviceType, int deviceIndex = -1, bool non_blocking = false) where T : torch.nn.Module => module.to(new torch.Device(deviceType, deviceIndex), non_blocking);
        public static T to<T>(this T module, torch.Tensor other, bool non_blocking = false) where T : torch.nn.Module => (T)module.MoveTo(other.dtype, other.device);
        public static T cpu<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => module.to(torch.CPU);
        public static T cuda<T>(this T module, int deviceIndex = -1, bool non_blocking = false) where T : torch.nn.Module => module.to(new torch.Device(DeviceType.CUDA, deviceIndex));
        public static T @float<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => module.to(torch.ScalarType.Float32);
        public static T @double<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => module.to(torch.ScalarType.Float64);
    }
}
