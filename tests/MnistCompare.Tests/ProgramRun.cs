using System;
using System.IO;

namespace MnistCompare.Tests
{
    /// <summary>Runs the program in this process, as its command line would, and captures what it wrote to stderr.</summary>
    internal static class ProgramRun
    {
        /// <summary>The exit code and the standard error text of <c>Program.Main(args)</c>.</summary>
        public static (int Exit, string Error) WithArguments(params string[] args)
        {
            var saved = Console.Error;
            var error = new StringWriter();
            Console.SetError(error);
            try
            {
                return (Program.Main(args), error.ToString());
            }
            finally
            {
                Console.SetError(saved);
            }
        }
    }
}
