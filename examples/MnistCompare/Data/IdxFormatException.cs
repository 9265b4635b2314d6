using System;

namespace MnistCompare.Data
{
    /// <summary>
    /// A file that should hold an IDX array is missing, truncated or corrupt.
    /// The message always names the file and says what is wrong with it.
    /// </summary>
    public sealed class IdxFormatException : Exception
    {
        public IdxFormatException(string path, string problem, Exception inner = null)
            : base($"{path}: {problem}", inner)
        {
            FilePath = path;
            Problem = problem;
        }

        /// <summary>The file that failed to parse.</summary>
        public string FilePath { get; }

        /// <summary>What is wrong with it, without the file name.</summary>
        public string Problem { get; }
    }
}
