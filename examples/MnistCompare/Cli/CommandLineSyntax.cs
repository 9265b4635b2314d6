using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.Linq;

namespace MnistCompare.Cli
{
    /// <summary>
    /// The program's commands, parsed with System.CommandLine: <c>compare</c> (the default when no command
    /// is named), <c>merge --out DIR SHARD_DIR...</c> and <c>search</c>. Compare's and search's options are
    /// parsed here (<see cref="CompareSyntax"/>, <see cref="SearchSyntax"/>; a value such as <c>--out merge</c>
    /// stays a value); their meaning, defaults and validation messages are <see cref="OptionParser"/>'s and
    /// <see cref="MnistCompare.Search.SearchOptions"/>'s, which read their values from the parse result.
    /// </summary>
    public sealed class CommandLineSyntax
    {
        public const string CompareName = "compare";
        public const string MergeName = "merge";
        public const string SearchName = "search";

        private readonly RootCommand _root;
        private readonly Command _compare;
        private readonly Command _merge;
        private readonly Command _search;
        private readonly CompareSyntax _rootCompareOptions = new CompareSyntax();
        private readonly CompareSyntax _compareOptions = new CompareSyntax();
        private readonly SearchSyntax _searchOptions = new SearchSyntax();
        private readonly Option<string> _mergeOut;
        private readonly Argument<string[]> _shardDirectories;

        public CommandLineSyntax()
        {
            _root = new RootCommand("Train the same network with each activation on real MNIST and compare them.");
            // --help is compare's own (HelpText); there is no --version.
            foreach (var option in _root.Options.Where(o => o is HelpOption || o is VersionOption).ToList())
                _root.Options.Remove(option);
            _root.Directives.Clear();
            _rootCompareOptions.AddTo(_root);

            _compare = new Command(CompareName, "run the comparison, or one shard of it (--shard I/N); the default command");
            _compareOptions.AddTo(_compare);

            _mergeOut = new Option<string>("--out") { Description = "directory for the merged results", Required = true };
            _shardDirectories = new Argument<string[]>("SHARD_DIR") { Description = "the --out directories of the shards", Arity = ArgumentArity.OneOrMore };
            _merge = new Command(MergeName, "combine the results of shard directories into the report of the whole comparison")
            {
                _mergeOut, _shardDirectories, new HelpOption(),
            };
            _root.Subcommands.Add(_compare);
            _root.Subcommands.Add(_merge);

            _search = new Command(SearchName, "search for activation functions over Swish's search space (see search --help)");
            _searchOptions.AddTo(_search);
            _root.Subcommands.Add(_search);
        }

        /// <summary>What the command line asks for.</summary>
        public sealed class Invocation
        {
            /// <summary>True for merge, false for compare.</summary>
            public bool IsMerge { get; set; }

            /// <summary>True for search.</summary>
            public bool IsSearch { get; set; }

            /// <summary>Search: the parsed command line, for <see cref="MnistCompare.Search.SearchOptions"/>.</summary>
            public ParsedOptions Search { get; set; }

            /// <summary>Compare: the parsed command line, for <see cref="OptionParser"/>.</summary>
            public ParsedOptions Compare { get; set; }

            public string MergeOutput { get; set; }
            public IReadOnlyList<string> ShardDirectories { get; set; }

            /// <summary>Merge: System.CommandLine's usage errors; empty when the command line is valid.</summary>
            public IReadOnlyList<string> Errors { get; set; } = Array.Empty<string>();

            /// <summary>Merge: --help was given; <see cref="ShowHelp"/> prints it.</summary>
            public bool HelpRequested { get; set; }

            internal ParseResult Parsed { get; set; }

            /// <summary>Prints the merge command's help.</summary>
            public int ShowHelp() => Parsed.Invoke();
        }

        public Invocation Parse(IReadOnlyList<string> args)
        {
            var parsed = _root.Parse(args.ToArray(), new ParserConfiguration { ResponseFileTokenReplacer = null });
            var command = parsed.CommandResult.Command;
            if (command != _merge)
            {
                // Compare's and search's options are validated by their own parsers, with their own messages.
                if (args.Any(IsEmptyAssignment))
                {
                    parsed = _root.Parse(KeepEmptyValues(args), new ParserConfiguration { ResponseFileTokenReplacer = null });
                    command = parsed.CommandResult.Command;
                }
                if (command == _search)
                    return new Invocation { IsSearch = true, Search = new ParsedOptions(parsed, _searchOptions), Parsed = parsed };
                var compare = command == _compare
                    ? new ParsedOptions(parsed, _rootCompareOptions, _compareOptions)
                    : new ParsedOptions(parsed, _rootCompareOptions);
                return new Invocation { Compare = compare, Parsed = parsed };
            }
            var invocation = new Invocation
            {
                IsMerge = true,
                Parsed = parsed,
                HelpRequested = parsed.Action is HelpAction,
                Errors = parsed.Errors.Select(e => e.Message).ToList(),
            };
            if (!invocation.HelpRequested && invocation.Errors.Count == 0)
            {
                invocation.MergeOutput = parsed.GetValue(_mergeOut);
                invocation.ShardDirectories = parsed.GetValue(_shardDirectories);
            }
            return invocation;
        }

        /// <summary>Parses <paramref name="args"/> as the options of the search command.</summary>
        public ParsedOptions ParseSearch(IReadOnlyList<string> args)
        {
            var parsed = _root.Parse(KeepEmptyValues(new[] { SearchName }.Concat(args).ToList()), new ParserConfiguration { ResponseFileTokenReplacer = null });
            return new ParsedOptions(parsed, _searchOptions);
        }

        /// <summary>Parses <paramref name="args"/> as the options of the compare command.</summary>
        public ParsedOptions ParseCompare(IReadOnlyList<string> args)
        {
            var parsed = _root.Parse(KeepEmptyValues(new[] { CompareName }.Concat(args).ToList()), new ParserConfiguration { ResponseFileTokenReplacer = null });
            return new ParsedOptions(parsed, _rootCompareOptions, _compareOptions);
        }

        // System.CommandLine reads "--out=" as "--out" without a value; compare reports an empty value as
        // such, so the empty value is passed on explicitly: "--out=" becomes "--out" "".
        private static bool IsEmptyAssignment(string arg) =>
            arg.Length > 3 && arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') == arg.Length - 1;

        private static string[] KeepEmptyValues(IReadOnlyList<string> args) =>
            args.SelectMany(arg => IsEmptyAssignment(arg) ? new[] { arg.Substring(0, arg.Length - 1), "" } : new[] { arg }).ToArray();
    }
}
