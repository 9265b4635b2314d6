using System;

namespace MnistCompare.Data
{
    /// <summary>The data set is not on disk and cannot be fetched; the message says what to do about it.</summary>
    public sealed class DataUnavailableException : Exception
    {
        public DataUnavailableException(string message, Exception inner = null) : base(message, inner) { }
    }
}
