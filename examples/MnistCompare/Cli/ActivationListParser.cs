using System;
using System.Collections.Generic;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Splits an --activations value into registry specs. Specs may themselves contain ',' (between
    /// keys: "rrelu:lower=0.1,upper=0.3"), so two separators are understood:
    /// ';' always separates specs, and ',' separates specs unless the text after it is a further
    /// key=value of the preceding spec (it contains '=' but no ':', which no activation name does).
    /// So "relu,rrelu:lower=0.1,upper=0.3,gelu" is three specs. Separators inside parentheses belong to a
    /// formula ("formula:max(x, 0)*sigmoid(beta*x)|beta=1.5") and split nothing.
    /// </summary>
    public static class ActivationListParser
    {
        public static List<string> Split(string value)
        {
            var specs = new List<string>();
            foreach (string group in SplitOutsideParentheses(value, ';'))
            {
                int firstSpecOfGroup = specs.Count;
                foreach (string rawPart in SplitOutsideParentheses(group, ','))
                {
                    string part = rawPart.Trim();
                    bool continuesPreviousSpec = part.Contains('=') && !part.Contains(':');
                    if (continuesPreviousSpec)
                    {
                        if (specs.Count == firstSpecOfGroup || !specs[specs.Count - 1].Contains(':'))
                            throw new OptionsException(
                                $"--activations: '{part}' looks like a key=value but follows no 'name:key=value' spec (write e.g. rrelu:lower=0.1,upper=0.3)");
                        specs[specs.Count - 1] += "," + part;
                    }
                    else if (part.Length > 0)
                    {
                        specs.Add(part);
                    }
                }
            }
            if (specs.Count == 0)
                throw new OptionsException("--activations: no activation given");
            return specs;
        }

        private static IEnumerable<string> SplitOutsideParentheses(string text, char separator)
        {
            int depth = 0, start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')' && depth > 0) depth--;
                else if (text[i] == separator && depth == 0)
                {
                    yield return text.Substring(start, i - start);
                    start = i + 1;
                }
            }
            yield return text.Substring(start);
        }
    }
}
