using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace MnistCompare.Cli
{
    /// <summary>
    /// A command's options as System.CommandLine symbols. Every value option is an <see cref="Option{T}"/> of
    /// string holding the text given on the command line; an optional repeatable option is an
    /// <see cref="Option{T}"/> of string[] (one value each time it is given). --help and --quick take no
    /// value; they are declared to accept one so that a value given to them ("--quick=yes") is reported as
    /// such rather than as a stray argument. What the values mean is up to the command's parser;
    /// <see cref="GivenOptions"/> reads them.
    /// </summary>
    public abstract class OptionSet
    {
        protected OptionSet(IReadOnlyList<string> valueOptionNames, string repeatableName = null)
        {
            Help = new Option<string>("--help", "-h") { Arity = ArgumentArity.ZeroOrOne };
            Quick = new Option<string>("--quick") { Arity = ArgumentArity.ZeroOrOne };
            ValueOptions = valueOptionNames.Select(name => new Option<string>(name) { Arity = ArgumentArity.ExactlyOne }).ToList();
            Repeatable = repeatableName == null ? null : new Option<string[]>(repeatableName) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
            var all = new List<Option> { Help, Quick };
            all.AddRange(ValueOptions);
            if (Repeatable != null) all.Add(Repeatable);
            All = all;
        }

        public Option<string> Help { get; }
        public Option<string> Quick { get; }

        /// <summary>The option that may be given several times, or null.</summary>
        public Option<string[]> Repeatable { get; }

        /// <summary>The single-valued options, each given at most once.</summary>
        public IReadOnlyList<Option<string>> ValueOptions { get; }

        /// <summary>Every option of the command.</summary>
        public IReadOnlyList<Option> All { get; }

        /// <summary>True for the options that take no value.</summary>
        public bool IsFlag(Option option) => option == Help || option == Quick;

        /// <summary>Declares the options on <paramref name="command"/>; tokens it does not match are left for <see cref="GivenOptions"/> to report.</summary>
        public void AddTo(Command command)
        {
            command.TreatUnmatchedTokensAsErrors = false;
            foreach (var option in All)
                command.Options.Add(option);
        }
    }
}
