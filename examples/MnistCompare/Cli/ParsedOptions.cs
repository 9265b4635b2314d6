using System.Collections.Generic;
using System.CommandLine;

namespace MnistCompare.Cli
{
    /// <summary>
    /// A command line as System.CommandLine parsed it, and the option sets whose values the command reads, in
    /// command-line order: for compare, the root command's (compare is the default command) and, when compare
    /// is named, compare's own; for search, search's.
    /// </summary>
    public sealed class ParsedOptions
    {
        public ParsedOptions(ParseResult result, params OptionSet[] syntaxes)
        {
            Result = result;
            Syntaxes = syntaxes;
        }

        public ParseResult Result { get; }
        public IReadOnlyList<OptionSet> Syntaxes { get; }
    }
}
