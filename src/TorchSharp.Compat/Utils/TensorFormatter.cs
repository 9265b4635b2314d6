using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TorchSharp
{
    /// <summary>Renders tensor values as nested brackets (numpy style), for printing and debugging.</summary>
    internal static class TensorFormatter
    {
        internal static string Format(torch.Tensor tensor, string fltFormat, CultureInfo culture, string newLine)
        {
            culture ??= CultureInfo.InvariantCulture;
            using var cpu = tensor.detach().cpu();
            using var asDouble = cpu.to(torch.ScalarType.Float64);
            var values = asDouble.ToArray<double>();
            var shape = cpu.shape;
            var sb = new StringBuilder();
            sb.Append($"[{string.Join("x", shape)}], type = {cpu.dtype}, device = {tensor.device}").Append(newLine);
            int pos = 0;
            Append(sb, values, shape, 0, ref pos, fltFormat, culture, newLine);
            return sb.ToString();
        }

        private static void Append(StringBuilder sb, double[] values, long[] shape, int dim, ref int pos, string fmt, CultureInfo culture, string newLine)
        {
            if (shape.Length == 0) { sb.Append(values[0].ToString(fmt, culture)); return; }
            sb.Append('[');
            for (long i = 0; i < shape[dim]; ++i) {
                if (i > 0) sb.Append(dim == shape.Length - 1 ? ", " : "," + newLine);
                if (dim == shape.Length - 1) sb.Append(values[pos++].ToString(fmt, culture));
                else Append(sb, values, shape, dim + 1, ref pos, fmt, culture, newLine);
            }
            sb.Append(']');
        }
    }
}
