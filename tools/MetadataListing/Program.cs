using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchActivations.Tools;

// Writes the metadata surface of an assembly (see MetadataSignatures), read without loading it:
//   dotnet run --project tools/MetadataListing -- ASSEMBLY.dll OUT.txt [DEPENDENCY.dll...]
// (the assemblies its signatures mention, beyond the runtime's own, are named after the output)
// The binding's MetadataConformanceTests compare the binding with the listing made from the official
// TorchSharp 0.106.0 (tests/TorchSharp.Compat.Tests/Listing/torchsharp-0.106.0-metadata.txt).
if (args.Length < 2) {
    Console.Error.WriteLine("usage: MetadataListing ASSEMBLY.dll OUTPUT.txt [DEPENDENCY.dll...]");
    return 2;
}
string dll = Path.GetFullPath(args[0]);
if (!File.Exists(dll)) {
    Console.Error.WriteLine($"error: no assembly at {dll}");
    return 2;
}
var references = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Append(dll).Concat(args.Skip(2).Select(Path.GetFullPath));
using var context = new MetadataLoadContext(new PathAssemblyResolver(references));
var lines = MetadataSignatures.Of(context.LoadFromAssemblyPath(dll)).ToList();
File.WriteAllLines(args[1], new[] { $"# metadata surface of {context.LoadFromAssemblyPath(dll).FullName}" }.Concat(lines));
Console.WriteLine($"{lines.Count} lines written to {args[1]}");
return 0;
