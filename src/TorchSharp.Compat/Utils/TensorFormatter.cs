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

    public static class TensorExtensionMethods
    {
        public static float ToSingle(this torch.Tensor value) => value.item<float>();
        public static double ToDouble(this torch.Tensor value) => value.item<double>();
        public static long ToInt64(this torch.Tensor value) => value.item<long>();
        public static int ToInt32(this torch.Tensor value) => value.item<int>();
        public static bool ToBoolean(this torch.Tensor value) => value.item<bool>();
        public static Modules.Parameter AsParameter(this torch.Tensor tensor) => new Modules.Parameter(tensor);
        public static long TotalSize(this System.Collections.Generic.IEnumerable<long> shape) => shape.Aggregate(1L, (a, b) => a * b);

        public static string str(this torch.Tensor tensor, string fltFormat = null, int? width = null, string newLine = null, CultureInfo cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default) =>
            tensor.ToString(TensorStringStyle.Numpy, fltFormat, width, cultureInfo, newLine);

        public static torch.Tensor print(this torch.Tensor t, string fltFormat = "g5", int? width = 100, string newLine = null, CultureInfo cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default)
        {
            Console.WriteLine(t.str(fltFormat, width, newLine, cultureInfo, style));
            return t;
        }
    }
}
