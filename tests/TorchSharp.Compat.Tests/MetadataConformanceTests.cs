using System;
using System.IO;
using System.Linq;
using TorchActivations.Tools;
using Xunit;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Code compiled against the binding references its members by metadata name and signature
    /// (indexer accessors such as get_TensorItems, nested generic types, parameter and return types). Each
    /// public or protected member of the binding must exist under the same metadata signature in the official
    /// TorchSharp 0.106.0, or a TorchActivations.dll built here fails to load its calls next to the official
    /// assembly (MissingMethodException, TypeLoadException).</summary>
    public class MetadataConformanceTests
    {
        [Fact]
        public void EveryMemberOfTheBindingHasTheOfficialMetadataSignature()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Listing", "torchsharp-0.106.0-metadata.txt");
            Assert.True(File.Exists(path), $"the metadata listing is missing: {path}");
            var official = File.ReadLines(path).Where(l => !l.StartsWith("#")).ToHashSet(StringComparer.Ordinal);
            var missing = MetadataSignatures.Of(typeof(torch).Assembly).Where(l => !official.Contains(l)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} signatures of the binding are not in TorchSharp 0.106.0:\n" + string.Join("\n", missing));
        }
    }
}
