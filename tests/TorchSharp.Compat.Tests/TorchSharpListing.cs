using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Reads the listing of TorchSharp 0.106.0's public API (Listing/torchsharp-0.106.0-api.txt, made by
    /// reflection over the released assembly and copied next to the tests) into blocks: type name as the
    /// listing writes it ("TorchSharp.torch.Tensor") -> its member lines, trimmed.</summary>
    internal static class TorchSharpListing
    {
        private static readonly Regex Header = new Regex(@"^(?:(?:static|abstract|sealed) )*(?:class|struct|enum|interface) (\S+?)(?:<[^>]*>)?(?: :.*)?$");

        internal static string Path() =>
            System.IO.Path.Combine(AppContext.BaseDirectory, "Listing", "torchsharp-0.106.0-api.txt");

        internal static Dictionary<string, List<string>> Blocks(string path)
        {
            var blocks = new Dictionary<string, List<string>>();
            List<string> current = null;
            foreach (var line in File.ReadLines(path)) {
                if (!line.StartsWith(" ")) {
                    var m = Header.Match(line);
                    current = null;
                    if (m.Success && !blocks.TryGetValue(m.Groups[1].Value, out current)) blocks[m.Groups[1].Value] = current = new List<string>();
                } else {
                    current?.Add(line.Trim());
                }
            }
            return blocks;
        }
    }
}
