using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Parses the MLP's hidden layers: "WIDTHxDEPTH" (e.g. 128x8, the 8-layer network of the GELU
    /// and ELU papers) or an explicit comma list of widths (e.g. 512,256).
    /// </summary>
    public static class HiddenLayout
    {
        public const int MaxWidth = 65536;
        public const int MaxDepth = 64;

        public static IReadOnlyList<int> Parse(string text)
        {
            string trimmed = text.Trim().ToLowerInvariant();
            int x = trimmed.IndexOf('x');
            if (x >= 0)
            {
                int width = ParsePart(trimmed.Substring(0, x), text, "width", MaxWidth);
                int depth = ParsePart(trimmed.Substring(x + 1), text, "depth", MaxDepth);
                return Enumerable.Repeat(width, depth).ToArray();
            }
            var widths = trimmed.Split(',').Select(part => ParsePart(part, text, "width", MaxWidth)).ToArray();
            if (widths.Length > MaxDepth)
                throw new OptionsException($"--hidden: at most {MaxDepth} hidden layers, got {widths.Length}");
            return widths;
        }

        private static int ParsePart(string part, string whole, string what, int max)
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > max)
                throw new OptionsException(
                    $"--hidden: '{whole}' is not valid: {what} must be a whole number from 1 to {max} (use WIDTHxDEPTH such as 128x8, or widths such as 512,256)");
            return value;
        }
    }
}
