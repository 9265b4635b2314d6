// An MSBuild task (compiled by RoslynCodeTaskFactory from TorchActivations.targets) that makes the copy of
// TorchSharp's native layer in an app's output loadable on Linux systems whose libstdc++ is older than the
// one it was linked against.
//
// Why: libLibTorchSharp.so (TorchSharp 0.107.0) was linked with GCC 13, which makes every C++ library that
// includes <iostream> require the symbol std::ios_base_library_init() at version GLIBCXX_3.4.32. The
// symbol exists only to pin that libstdc++ version: nothing calls it, and no relocation refers to it.
// Debian 12 and Ubuntu 22.04 ship libstdc++ up to GLIBCXX_3.4.30, so the dynamic loader refuses the
// library although it needs nothing from 3.4.32. Marking that one version requirement weak (VER_FLG_WEAK
// in .gnu.version_r) tells the loader to accept a libstdc++ without it; everything else stays as it was.
//
// The task changes a file only when (1) the system's libstdc++ lacks a version the file requires, and
// (2) every symbol bound to that version is in PinOnlySymbols and used by no relocation. Otherwise it
// warns and leaves the file alone. It writes a patched copy next to the file and renames it into place,
// so a hard link into the NuGet cache is replaced, never written through.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MakeLibTorchSharpLoadable : Task
{
    /// <summary>Symbols that only pin a libstdc++ version and are never called.</summary>
    private static readonly HashSet<string> PinOnlySymbols = new HashSet<string> { "_ZSt21ios_base_library_initv" };

    private const ushort VerFlagWeak = 0x2;
    private const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    /// <summary>The copies of libLibTorchSharp.so to make loadable.</summary>
    [Required]
    public ITaskItem[] Files { get; set; }

    /// <summary>The libstdc++ to check against; found as the dynamic loader finds it when empty.</summary>
    public string LibStdCxx { get; set; }

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return true;
        string libstdcxx = string.IsNullOrEmpty(LibStdCxx) ? FindLibStdCxx() : LibStdCxx;
        if (libstdcxx == null) {
            Log.LogWarning("TorchActivations: could not find this system's libstdc++.so.6; libLibTorchSharp.so left unchanged.");
            return true;
        }
        HashSet<string> provided;
        try {
            provided = new HashSet<string>(new Elf(File.ReadAllBytes(libstdcxx)).DefinedVersions());
        } catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException) {
            Log.LogWarning($"TorchActivations: could not read the versions of {libstdcxx}: {e.Message}; libLibTorchSharp.so left unchanged.");
            return true;
        }
        foreach (var item in Files ?? Array.Empty<ITaskItem>()) {
            string path = item.GetMetadata("FullPath");
            if (File.Exists(path)) Process(path, libstdcxx, provided);
        }
        return !Log.HasLoggedErrors;
    }

    private void Process(string path, string libstdcxx, HashSet<string> provided)
    {
        byte[] bytes;
        Elf elf;
        try {
            bytes = File.ReadAllBytes(path);
            elf = new Elf(bytes);
        } catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException) {
            Log.LogWarning($"TorchActivations: {path} is not a readable ELF64 library ({e.Message}); left unchanged.");
            return;
        }
        var toWeaken = new List<Elf.Requirement>();
        foreach (var need in elf.Requirements().Where(r => r.File == "libstdc++.so.6" && !provided.Contains(r.Version) && (r.Flags & VerFlagWeak) == 0)) {
            var users = elf.SymbolsOfVersion(need.Index).ToList();
            var blocking = users.Where(s => s.Defined || !PinOnlySymbols.Contains(s.Name) || s.Relocated).Select(s => s.Name).ToList();
            if (blocking.Count > 0) {
                Log.LogWarning($"TorchActivations: {Path.GetFileName(path)} needs {string.Join(", ", blocking.Take(5))} from {need.Version}, " +
                               $"which {libstdcxx} lacks; it will not load here. Install a libstdc++ with {need.Version} (GCC 13 or later).");
                return;
            }
            toWeaken.Add(need);
        }
        if (toWeaken.Count == 0) return;

        foreach (var need in toWeaken) Elf.SetFlags(bytes, need.FlagsOffset, (ushort)(need.Flags | VerFlagWeak));
        string temporary = path + ".weak-glibcxx.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Replace(temporary, path, null);
        Log.LogMessage(MessageImportance.High,
            $"TorchActivations: marked {string.Join(", ", toWeaken.Select(n => n.Version))} weak in {path} ({libstdcxx} lacks it; only a version pin uses it)");
    }

    /// <summary>The libstdc++.so.6 the dynamic loader gives this process: loaded by name, then looked up in
    /// /proc/self/maps.</summary>
    private static string FindLibStdCxx()
    {
        if (dlopen("libstdc++.so.6", RtldLazy) == IntPtr.Zero) return null;
        try {
            return File.ReadLines("/proc/self/maps")
                .Select(line => line.Split((char[])null, 6, StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length == 6 && Path.GetFileName(f[5].Trim()).StartsWith("libstdc++.so"))
                .Select(f => f[5].Trim())
                .FirstOrDefault();
        } catch (IOException) {
            return null;
        }
    }

    private const int RtldLazy = 1;

    // The task is compiled against netstandard2.0, which has no NativeLibrary.
    [DllImport("libdl.so.2", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen(string file, int mode);

    /// <summary>Just enough of a little-endian ELF64 reader for symbol versions.</summary>
    private sealed class Elf
    {
        public sealed class Requirement
        {
            public string File, Version;
            public ushort Flags, Index;
            public int FlagsOffset;
        }

        public sealed class Symbol
        {
            public string Name;
            public bool Defined, Relocated;
        }

        private sealed class Section
        {
            public uint Type, Link;
            public long Offset, Size, EntrySize;
        }

        private readonly byte[] data;
        private readonly List<Section> sections = new List<Section>();

        public Elf(byte[] data)
        {
            this.data = data;
            if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                throw new InvalidDataException("no ELF header");
            if (data[4] != 2 || data[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");
            long shoff = I64(0x28);
            int shentsize = U16(0x3A), shnum = U16(0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > data.Length)
                throw new InvalidDataException("no section headers");
            for (int i = 0; i < shnum; i++) {
                long h = shoff + (long)i * shentsize;
                sections.Add(new Section { Type = U32(h + 4), Offset = I64(h + 24), Size = I64(h + 32), Link = U32(h + 40), EntrySize = I64(h + 56) });
            }
        }

        public IEnumerable<string> DefinedVersions()
        {
            foreach (var s in sections.Where(s => s.Type == ShtGnuVerdef)) {
                var strings = sections[(int)s.Link];
                long entry = s.Offset;
                while (true) {
                    int count = U16(entry + 6);
                    long aux = entry + U32(entry + 12);
                    if (count > 0) yield return String(strings, U32(aux));
                    uint next = U32(entry + 16);
                    if (next == 0) break;
                    entry += next;
                }
            }
        }

        public IEnumerable<Requirement> Requirements()
        {
            foreach (var s in sections.Where(s => s.Type == ShtGnuVerneed)) {
                var strings = sections[(int)s.Link];
                long entry = s.Offset;
                while (true) {
                    string file = String(strings, U32(entry + 4));
                    long aux = entry + U32(entry + 8);
                    for (int i = U16(entry + 2); i > 0; i--) {
                        yield return new Requirement {
                            File = file, Version = String(strings, U32(aux + 8)),
                            Flags = (ushort)U16(aux + 4), Index = (ushort)(U16(aux + 6) & 0x7fff), FlagsOffset = checked((int)(aux + 4)),
                        };
                        uint nextAux = U32(aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
            }
        }

        /// <summary>The dynamic symbols bound to version <paramref name="index"/>, and whether a relocation uses each.</summary>
        public IEnumerable<Symbol> SymbolsOfVersion(ushort index)
        {
            var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
            var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
            if (versym == null || dynsym == null) yield break;
            int dynsymIndex = sections.IndexOf(dynsym);
            var relocated = new HashSet<long>();
            foreach (var r in sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsymIndex)) {
                long size = r.EntrySize > 0 ? r.EntrySize : (r.Type == ShtRela ? 24 : 16);
                for (long e = r.Offset; e + size <= r.Offset + r.Size; e += size) relocated.Add(I64(e + 8) >> 32);
            }
            var strings = sections[(int)dynsym.Link];
            long count = dynsym.Size / 24;
            for (long i = 0; i < count; i++) {
                if ((U16(versym.Offset + 2 * i) & 0x7fff) != index) continue;
                long sym = dynsym.Offset + 24 * i;
                yield return new Symbol { Name = String(strings, U32(sym)), Defined = U16(sym + 6) != 0, Relocated = relocated.Contains(i) };
            }
        }

        public static void SetFlags(byte[] bytes, int offset, ushort flags)
        {
            bytes[offset] = (byte)flags;
            bytes[offset + 1] = (byte)(flags >> 8);
        }

        private string String(Section strings, uint offset)
        {
            long start = strings.Offset + offset, end = start;
            while (end < data.Length && data[end] != 0) end++;
            return Encoding.ASCII.GetString(data, checked((int)start), checked((int)(end - start)));
        }

        private int U16(long at) => at + 2 <= data.Length ? BitConverter.ToUInt16(data, checked((int)at)) : throw new InvalidDataException("truncated");
        private uint U32(long at) => at + 4 <= data.Length ? BitConverter.ToUInt32(data, checked((int)at)) : throw new InvalidDataException("truncated");
        private long I64(long at) => at + 8 <= data.Length ? BitConverter.ToInt64(data, checked((int)at)) : throw new InvalidDataException("truncated");
    }
}
