using System;
using System.IO;

namespace TorchSharp
{
    /// <summary>Unsigned LEB128 integers, as TorchSharp writes the counts, dtype codes and shapes of its
    /// module and tensor files (seven bits a byte, low bits first, high bit set on all but the last).</summary>
    internal static class LEB128Codec
    {
        public static void Encode(this BinaryWriter writer, long value)
        {
            if (value < 0) throw new NotImplementedException("LEB128 encoding of negative numbers");
            while (true) {
                long b = value & 0x7f;
                value >>= 7;
                if (value == 0) {
                    writer.Write((byte)b);
                    return;
                }
                writer.Write((byte)(b | 0x80));
            }
        }

        public static long Decode(this BinaryReader reader)
        {
            long result = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) throw new InvalidDataException("Malformed LEB128 integer (more than 64 bits).");
                long b = reader.ReadByte();
                result |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) return result;
            }
        }
    }
}
