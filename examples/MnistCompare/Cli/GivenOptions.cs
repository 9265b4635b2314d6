using System;
using System.Collections.Generic;
using System.CommandLine.Parsing;
using System.Linq;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Reads the options a command was given from System.CommandLine's parse result: by name without the
    /// dashes, with their values (none for --help and --quick). Stray arguments, unknown options, missing,
    /// empty and repeated values are reported here as <see cref="OptionsException"/>s, each message starting
    /// with <c>prefix</c> (e.g. "search: ") so the user knows which command's options are meant.
    /// </summary>
    public static class GivenOptions
    {
        public static Dictionary<string, List<string>> Read(ParsedOptions commandLine, string prefix = "")
        {
            var parsed = commandLine.Result;
            var syntaxes = commandLine.Syntaxes;
            var template = syntaxes[0];
            var known = template.All.Select(o => o.Name.Substring(2)).ToList();

            if (parsed.Tokens.Any(t => t.Type == TokenType.DoubleDash))
                throw new OptionsException(prefix + "unexpected argument '--' (options start with --; see --help)");
            if (parsed.UnmatchedTokens.Count > 0)
                throw new OptionsException(prefix + Unmatched(parsed.UnmatchedTokens[0], template, known));

            var given = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (int i = 0; i < template.All.Count; i++)
            {
                var option = template.All[i];
                string name = option.Name.Substring(2);
                var results = syntaxes.Select(s => parsed.GetResult(s.All[i])).Where(r => r != null && !r.Implicit).ToList();
                if (results.Count == 0) continue;
                int occurrences = results.Sum(r => Math.Max(1, r.IdentifierTokenCount));
                int valueCount = results.Sum(r => r.Tokens.Count);
                if (template.IsFlag(option))
                {
                    if (valueCount > 0) throw new OptionsException($"{prefix}--{name} takes no value");
                    given[name] = new List<string>();
                    continue;
                }
                if (occurrences > 1 && option != template.Repeatable)
                    throw new OptionsException($"{prefix}--{name} is given more than once");
                if (valueCount < occurrences)
                    throw new OptionsException($"{prefix}--{name} needs a value");
                var values = new List<string>();
                foreach (var result in results)
                {
                    if (option == template.Repeatable) values.AddRange(result.GetValueOrDefault<string[]>());
                    else values.Add(result.GetValueOrDefault<string>());
                }
                if (values.Any(v => v == null || v.Trim().Length == 0))
                    throw new OptionsException($"{prefix}--{name} needs a value, got an empty one");
                given[name] = values;
            }

            // Anything else System.CommandLine found wrong with the command's options.
            var problem = parsed.Errors.FirstOrDefault(e => OptionOf(e.SymbolResult) != null);
            if (problem != null)
                throw new OptionsException(prefix + problem.Message);
            return given;
        }

        private static OptionResult OptionOf(SymbolResult result)
        {
            for (; result != null; result = result.Parent)
                if (result is OptionResult option) return option;
            return null;
        }

        private static string Unmatched(string token, OptionSet syntax, IReadOnlyList<string> known)
        {
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
                return $"unexpected argument '{token}' (options start with --; see --help)";
            string name = token.Substring(2);
            string value = null;
            int equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name.Substring(equals + 1);
                name = name.Substring(0, equals);
            }
            if (!known.Contains(name))
                return $"unknown option --{name}{Suggestion(name, known)} (see --help)";
            if (syntax.All.Any(o => o.Name == "--" + name && syntax.IsFlag(o)))
                return $"--{name} takes no value";
            if (value != null && value.Trim().Length == 0)
                return $"--{name} needs a value, got an empty one";
            return $"unexpected argument '{token}' (see --help)";
        }

        private static string Suggestion(string name, IReadOnlyList<string> known)
        {
            string close = known.FirstOrDefault(k => k.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(k, StringComparison.Ordinal));
            return close == null ? "" : $" (did you mean --{close}?)";
        }
    }
}
