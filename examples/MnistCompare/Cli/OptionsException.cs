using System;

namespace MnistCompare.Cli
{
    /// <summary>The command line is invalid; the message is meant for the user as it stands (no stack trace).</summary>
    public sealed class OptionsException : Exception
    {
        public OptionsException(string message) : base(message) { }
    }
}
