using System;
using System.IO;

namespace MnistCompare.Reporting
{
    /// <summary>Checks up front that the results directory can be created and written to.</summary>
    public static class OutputDirectory
    {
        /// <exception cref="IOException">or <see cref="UnauthorizedAccessException"/> when it cannot be written.</exception>
        public static void EnsureWritable(string directory)
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, ".write-test-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
    }
}
