using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;

namespace MnistCompare.Cli
{
    /// <summary>
    /// The compare command's options as System.CommandLine symbols. Every value option is an
    /// <see cref="Option{T}"/> of string holding the text given on the command line; --activation is an
    /// <see cref="Option{T}"/> of string[] that may be repeated (one spec each time). --help and --quick take
    /// no value; they are declared to accept one so that a value given to them ("--quick=yes") is reported as
    /// such rather than as a stray argument. What the values mean is <see cref="OptionParser"/>'s.
    /// </summary>
    public sealed class CompareSyntax
    {
        /// <summary>Options whose values are single strings; each may be given once.</summary>
        public static readonly string[] ValueOptionNames =
        {
            "--out", "--data-dir", "--dataset", "--model", "--hidden", "--optimizer", "--lr", "--momentum", "--batch-size", "--epochs",
            "--seeds", "--train-subset", "--test-subset", "--activations", "--lr-sweep", "--target-accuracy", "--shard",
        };

        public Option<string> Help { get; }
        public Option<string> Quick { get; }
        public Option<string[]> Activation { get; }

        /// <summary>The single-valued options, in the order of <see cref="ValueOptionNames"/>.</summary>
        public IReadOnlyList<Option<string>> ValueOptions { get; }

        /// <summary>Every option of compare.</summary>
        public IReadOnlyList<Option> All { get; }

        public CompareSyntax()
        {
            Help = new Option<string>("--help", "-h") { Arity = ArgumentArity.ZeroOrOne };
            Quick = new Option<string>("--quick") { Arity = ArgumentArity.ZeroOrOne };
            ValueOptions = ValueOptionNames.Select(name => new Option<string>(name) { Arity = ArgumentArity.ExactlyOne }).ToList();
            Activation = new Option<string[]>("--activation") { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
            All = new Option[] { Help, Quick }.Concat(ValueOptions).Concat(new Option[] { Activation }).ToList();
        }

        /// <summary>True for the options that take no value.</summary>
        public bool IsFlag(Option option) => option == Help || option == Quick;

        /// <summary>Declares the options on <paramref name="command"/>; tokens it does not match are left for <see cref="OptionParser"/> to report.</summary>
        public void AddTo(Command command)
        {
            command.TreatUnmatchedTokensAsErrors = false;
            foreach (var option in All)
                command.Options.Add(option);
        }
    }

    /// <summary>
    /// A command line parsed as the compare command, and the symbols of its options: the root command's
    /// (compare is the default command) and, when compare is named, compare's own, in command-line order.
    /// </summary>
    public sealed class CompareCommandLine
    {
        public CompareCommandLine(ParseResult result, params CompareSyntax[] syntaxes)
        {
            Result = result;
            Syntaxes = syntaxes;
        }

        public ParseResult Result { get; }
        public IReadOnlyList<CompareSyntax> Syntaxes { get; }
    }
}
