using System;
using System.IO;
using System.Text;

namespace MnistCompare.Reporting
{
    /// <summary>
    /// Writes a file so that readers see either the old complete file or the new complete one:
    /// the content goes to a temporary file in the same directory (same file system, so the
    /// final rename is atomic) and is then moved over the target.
    /// </summary>
    public static class AtomicFile
    {
        private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>The indented JSON that <paramref name="write"/> produces, with a final newline.</summary>
        public static string Json(Action<System.Text.Json.Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
                write(json);
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        public static void WriteAllText(string path, string content) => Write(path, content, overwrite: true);

        /// <summary>
        /// Writes the file only if none exists under its name: of several processes writing the same name, the
        /// first to finish wins and the others leave it as it is. Returns false when a file was already there.
        /// </summary>
        public static bool CreateNew(string path, string content) => Write(path, content, overwrite: false);

        private static bool Write(string path, string content, bool overwrite)
        {
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full);
            Directory.CreateDirectory(directory);
            string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    byte[] bytes = Utf8NoBom.GetBytes(content);
                    stream.Write(bytes, 0, bytes.Length);
                    // Flush to disk before the rename so a crash cannot leave an empty file under the final name.
                    stream.Flush(flushToDisk: true);
                }
                if (!overwrite && File.Exists(full)) return false;
                try
                {
                    File.Move(temporary, full, overwrite);
                }
                catch (IOException) when (!overwrite && File.Exists(full))
                {
                    return false;   // another writer finished first
                }
                return true;
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }
}
