using System;

namespace TorchSharp
{
    /// <summary>Moves and casts modules, as TorchSharp does: each overload ends in the module's <c>_to</c>, which
    /// replaces the parameters and buffers that change (see <see cref="torch.nn.Module"/>).</summary>
    public static class ModuleExtensionMethods
    {
        public static T to<T>(this T module, torch.ScalarType type, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(type, non_blocking);
        public static T to<T>(this T module, torch.Device device, torch.ScalarType type, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(device, type, non_blocking);
        public static T to<T>(this T module, DeviceType deviceType, int deviceIndex = -1, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(deviceType, deviceIndex, non_blocking);
        public static T to<T>(this T module, torch.Device device, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(device.type, device.index, non_blocking);
        public static T to<T>(this T module, string device, bool non_blocking = false) where T : torch.nn.Module => module.to(new torch.Device(device), non_blocking);
        public static T to<T>(this T module, torch.Tensor other, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(other.device, other.dtype, non_blocking);
        public static T cpu<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(DeviceType.CPU, -1, non_blocking);
        public static T cuda<T>(this T module, int deviceIndex = -1, bool non_blocking = false) where T : torch.nn.Module => (T)module._to(DeviceType.CUDA, deviceIndex, non_blocking);
        public static T @float<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => module.to(torch.ScalarType.Float32, non_blocking);
        public static T @double<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => module.to(torch.ScalarType.Float64, non_blocking);
    }
}
