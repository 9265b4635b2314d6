using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Every public type and member of the binding must exist in TorchSharp 0.106.0's public API
    /// listing (Listing/torchsharp-0.106.0-api.txt). Together with a successful build of src/TorchActivations
    /// against the binding, this keeps the package inside the official API.</summary>
    public class ApiConformanceTests
    {
        // type name as the listing writes it ("TorchSharp.torch.Tensor") -> member names in its block
        private static Dictionary<string, HashSet<string>> ReadListing(string path)
        {
            var types = new Dictionary<string, HashSet<string>>();
            foreach (var (typeName, lines) in TorchSharpListing.Blocks(path)) {
                var names = types[typeName] = new HashSet<string>();
                foreach (var text in lines) {
                    if (text.StartsWith("ctor(")) { names.Add(".ctor"); continue; }
                    // enum values: "a, b, c"
                    if (!text.Contains(' ') || Regex.IsMatch(text, @"^[A-Za-z_0-9]+(, [A-Za-z_0-9]+)*$")) {
                        foreach (var v in text.Split(", ")) names.Add(v);
                        continue;
                    }
                    var method = Regex.Match(text, @"(\S+?)(?:<[^ (]*>)?\(");
                    if (text.Contains("this[")) names.Add("this");   // indexers; their metadata names are checked by MetadataConformanceTests
                    else if (method.Success) names.Add(method.Groups[1].Value);
                    else names.Add(text.Split(' ').Last(t => !t.StartsWith("{")).Split(' ')[0].Replace("{", ""));
                    var prop = Regex.Match(text, @"(\S+) \{ get");
                    if (prop.Success) names.Add(prop.Groups[1].Value);
                }
            }
            return types;
        }

        private static string ListingName(Type t)
        {
            var name = t.FullName ?? t.Name;
            name = Regex.Replace(name, "`[0-9]+", "");
            return name.Replace('+', '.');
        }

        [Fact]
        public void EveryPublicMemberOfTheBindingIsInTheTorchSharpListing()
        {
            var path = TorchSharpListing.Path();
            Assert.True(System.IO.File.Exists(path), $"the TorchSharp 0.106.0 API listing is missing: {path}");
            var listing = ReadListing(path);
            var assembly = typeof(torch).Assembly;
            var problems = new List<string>();
            foreach (var type in assembly.GetExportedTypes()) {
                var typeName = ListingName(type);
                if (!listing.TryGetValue(typeName, out var members)) {
                    problems.Add($"type {typeName}");
                    continue;
                }
                const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
                foreach (var m in type.GetMembers(flags)) {
                    if (m is Type) continue;                                   // nested types are checked on their own
                    if (m is MethodInfo mi && mi.IsSpecialName && (mi.Name.StartsWith("get_") || mi.Name.StartsWith("set_"))) continue;
                    if (m.DeclaringType.IsEnum && m.Name == "value__") continue;
                    string name = m is ConstructorInfo ? ".ctor" : m is PropertyInfo indexer && indexer.GetIndexParameters().Length > 0 ? "this" : m.Name;
                    if (m is MethodInfo op && op.IsSpecialName && name.StartsWith("op_")) name = op.Name;
                    if (name is "Equals" or "GetHashCode" or "ToString" or "GetType" or "Finalize" or "Dispose") continue;
                    if (m is ConstructorInfo && type.IsAbstract) continue;
                    if (!members.Contains(name)) problems.Add($"{typeName}.{name}");
                }
            }
            Assert.True(problems.Count == 0, "Public API not in TorchSharp 0.106.0:\n" + string.Join("\n", problems.Distinct().OrderBy(x => x)));
        }
    }
}
