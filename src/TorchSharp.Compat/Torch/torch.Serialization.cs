using System;
using System.Collections.Generic;
using System.IO;

namespace TorchSharp
{
    public static partial class torch
    {
        /// <summary>Writes one tensor to a file in the binding's state format (see StateDictFormat),
        /// atomically: a temporary file in the same folder is renamed over the target.</summary>
        public static void save(Tensor t, string location)
        {
            string full = Path.GetFullPath(location);
            string temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
            try {
                using (var stream = File.Create(temp))
                using (var writer = new BinaryWriter(stream)) {
                    StateDictFormat.Write(writer, new[] { new KeyValuePair<string, Tensor>("tensor", t) });
                }
                File.Move(temp, full, overwrite: true);
            } finally {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>Reads a tensor written by <see cref="save(Tensor, string)"/>.</summary>
        public static Tensor load(string location)
        {
            if (!File.Exists(location)) throw new FileNotFoundException($"No saved tensor at '{location}'.", location);
            using var stream = File.OpenRead(location);
            using var reader = new BinaryReader(stream);
            var entries = StateDictFormat.Read(reader);
            if (!entries.TryGetValue("tensor", out var t) || entries.Count != 1) {
                foreach (var e in entries.Values) e.Dispose();
                throw new InvalidDataException($"'{location}' does not hold a single saved tensor.");
            }
            return t;
        }
    }
}
