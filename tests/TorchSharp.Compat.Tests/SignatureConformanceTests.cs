using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Return types and parameter lists of the binding's public methods and constructors must be ones that
    /// TorchSharp 0.106.0 has (same name, same return type, same parameter types in the same order), so a call that
    /// compiles against the binding resolves to an existing overload of the official package.</summary>
    public class SignatureConformanceTests
    {
        private static readonly Dictionary<Type, string> Aliases = new Dictionary<Type, string> {
            [typeof(long)] = "long", [typeof(int)] = "int", [typeof(short)] = "short", [typeof(byte)] = "byte",
            [typeof(sbyte)] = "sbyte", [typeof(double)] = "double", [typeof(float)] = "float", [typeof(bool)] = "bool",
            [typeof(string)] = "string", [typeof(object)] = "object", [typeof(void)] = "void", [typeof(ulong)] = "ulong",
        };

        /// <summary>A type as the listing writes it: TorchSharp types relative to their namespace
        /// ("torch.Tensor", "Scalar", "Parameter"), others by plain name with generic arguments.</summary>
        internal static string Format(Type t)
        {
            if (t.IsByRef) return Format(t.GetElementType());
            if (Aliases.TryGetValue(t, out var alias)) return alias;
            if (t.IsArray) return Format(t.GetElementType()) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
            if (t.IsGenericParameter) return t.Name;
            if (Nullable.GetUnderlyingType(t) is Type inner) return Format(inner) + "?";
            // A nested type is written after its declaring types without their generic arguments, and
            // carries them all itself ("HookableModule.HookRemover<TPreHook, TPostHook>").
            string name;
            if (t.IsNested) name = Regex.Replace(Format(t.DeclaringType), "<.*>$", "") + "." + t.Name;
            else name = t.Name;
            if (!t.IsNested && t.Namespace != null && t.Namespace.StartsWith("TorchSharp")) {
                // Types in TorchSharp.* namespaces are written without the namespace.
                name = t.Name;
            }
            name = Regex.Replace(name, "`[0-9]+", "");
            if (t.IsGenericType) {
                var args = t.GetGenericArguments();
                if (args.Length > 0) name += "<" + string.Join(", ", args.Select(Format)) + ">";
            }
            return name;
        }

        private static string Signature(MethodBase m)
        {
            string name = m is ConstructorInfo ? "ctor" : Format(((MethodInfo)m).ReturnType) + " " + m.Name;
            var ps = m.GetParameters().Select(p =>
                (p.GetCustomAttribute<ParamArrayAttribute>() != null ? "params " : "") +
                (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "") + Format(p.ParameterType));
            return name + "(" + string.Join(", ", ps) + ")";
        }

        // Splits "a, b<c, d>, e" at top-level commas.
        private static IEnumerable<string> SplitTopLevel(string s)
        {
            int depth = 0, start = 0;
            for (int i = 0; i < s.Length; ++i) {
                if (s[i] == '<' || s[i] == '(' || s[i] == '[') depth++;
                else if (s[i] == '>' || s[i] == ')' || s[i] == ']') depth--;
                else if (s[i] == ',' && depth == 0) { yield return s.Substring(start, i - start).Trim(); start = i + 1; }
            }
            if (start < s.Length && s.Substring(start).Trim().Length > 0) yield return s.Substring(start).Trim();
        }

        // "torch.Tensor add(torch.Tensor target, Scalar alpha = 1)" -> "add(torch.Tensor, Scalar)"
        private static string ListingSignature(string text)
        {
            int open = text.IndexOf('(');
            if (open < 0 || !text.EndsWith(")")) return null;
            // The name is the last word before "(", once a method's own generic arguments are removed.
            var head = Regex.Replace(text.Substring(0, open), @"<[^<>]*>$", "");
            head = Regex.Replace(head, @"^(?:(?:static|virtual|override|abstract|protected|sealed|new) )+", "");
            var name = head.Substring(head.LastIndexOf(' ') + 1);
            if (!Regex.IsMatch(name, @"^[A-Za-z_][A-Za-z_0-9]*$")) return null;
            if (name != "ctor") name = head;   // "ReturnType Name"
            var ps = SplitTopLevel(text.Substring(open + 1, text.Length - open - 2)).Select(p => {
                p = Regex.Replace(p, @"\s*=.*$", "");
                int lastSpace = p.LastIndexOf(' ');
                return lastSpace < 0 ? p : p.Substring(0, lastSpace);
            });
            return name + "(" + string.Join(", ", ps) + ")";
        }

        private static Dictionary<string, HashSet<string>> ReadListing(string path)
        {
            var result = new Dictionary<string, HashSet<string>>();
            foreach (var (typeName, lines) in TorchSharpListing.Blocks(path)) {
                var signatures = result[typeName] = new HashSet<string>();
                foreach (var line in lines) {
                    var sig = ListingSignature(line);
                    if (sig != null) signatures.Add(sig);
                }
            }
            return result;
        }

        [Fact]
        public void PublicMethodsAndConstructorsHaveOfficialParameterLists()
        {
            var path = TorchSharpListing.Path();
            Assert.True(System.IO.File.Exists(path), $"the TorchSharp 0.106.0 API listing is missing: {path}");
            var listing = ReadListing(path);
            var problems = new List<string>();
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var type in typeof(torch).Assembly.GetExportedTypes()) {
                var typeName = Regex.Replace(type.FullName, "`[0-9]+", "").Replace('+', '.');
                if (!listing.TryGetValue(typeName, out var signatures)) continue;   // reported by ApiConformanceTests
                if (type.IsSubclassOf(typeof(Delegate))) continue;
                var members = type.GetMethods(flags).Where(m => !m.IsSpecialName || m.Name.StartsWith("op_")).Cast<MethodBase>()
                    .Concat(type.IsAbstract ? Array.Empty<MethodBase>() : type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
                foreach (var m in members) {
                    if (m.Name is "Equals" or "GetHashCode" or "ToString" or "Dispose" or "GetType") continue;
                    var sig = Signature(m);
                    if (!signatures.Contains(sig)) problems.Add($"{typeName}: {sig}");
                }
            }
            Assert.True(problems.Count == 0, $"{problems.Count} signatures not in TorchSharp 0.106.0:\n" + string.Join("\n", problems.OrderBy(x => x)));
        }
    }
}
