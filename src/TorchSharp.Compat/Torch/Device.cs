using System;

namespace TorchSharp
{
    /// <summary>Device kinds, numbered as in libtorch's c10::DeviceType for the ones used here.</summary>
    public enum DeviceType
    {
        CPU = 0,
        CUDA = 1,
        MKLDNN = 2,
        OPENGL = 3,
        OPENCL = 4,
        IDEEP = 5,
        HIP = 6,
        FPGA = 7,
        MSNPU = 8,
        XLA = 9,
        MPS = 13,
        META = 14,
    }

    public static partial class torch
    {
        /// <summary>Where a tensor lives: "cpu", "cuda", "cuda:1".</summary>
        public class Device
        {
            public Device(string description)
            {
                if (string.IsNullOrWhiteSpace(description)) throw new ArgumentException("A device description such as 'cpu' or 'cuda:0' is required.", nameof(description));
                var parts = description.Trim().ToLowerInvariant().Split(':');
                type = ParseType(parts[0], description);
                index = -1;
                if (parts.Length == 2) {
                    if (!int.TryParse(parts[1], out int i) || i < 0) throw new ArgumentException($"Invalid device index in '{description}'.", nameof(description));
                    index = i;
                } else if (parts.Length > 2) {
                    throw new ArgumentException($"Invalid device description '{description}'.", nameof(description));
                }
            }

            public Device(string deviceType, int index = -1) : this(ParseType(deviceType, deviceType), index) { }

            public Device(DeviceType deviceType, int index = -1)
            {
                type = deviceType;
                this.index = index;
            }

            public Device(int index) : this(DeviceType.CUDA, index) { }

            public int index { get; }
            public DeviceType type { get; }

            public static implicit operator Device(string description) => new Device(description);

            public override string ToString()
            {
                string name = type switch {
                    DeviceType.CPU => "cpu",
                    DeviceType.CUDA => "cuda",
                    DeviceType.MPS => "mps",
                    DeviceType.META => "meta",
                    _ => type.ToString().ToLowerInvariant(),
                };
                return index >= 0 ? $"{name}:{index}" : name;
            }

            private static DeviceType ParseType(string name, string description)
            {
                switch ((name ?? "").Trim().ToLowerInvariant()) {
                    case "cpu": return DeviceType.CPU;
                    case "cuda": return DeviceType.CUDA;
                    case "mps": return DeviceType.MPS;
                    case "meta": return DeviceType.META;
                    default: throw new ArgumentException($"Unknown device '{description}': expected 'cpu', 'cuda', 'cuda:N', 'mps' or 'meta'.", nameof(description));
                }
            }
        }

        public static readonly Device CPU = new Device(DeviceType.CPU, -1);
        public static readonly Device META = new Device(DeviceType.META, -1);
        public static Device CUDA => new Device(DeviceType.CUDA, -1);
        public static Device MPS => new Device(DeviceType.MPS, -1);

        public static Device device(string description) => new Device(description);
        public static Device device(int index) => new Device(index);
        public static Device device(string deviceType, int index = -1) => new Device(deviceType, index);
        public static Device device(DeviceType deviceType, int index = -1) => new Device(deviceType, index);
    }
}
