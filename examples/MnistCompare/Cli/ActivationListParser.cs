using System;
using System.Collections.Generic;

namespace MnistCompare.Cli
{
    /// <summary>
    /// Splits an --activations value into registry specs. Specs may themselves contain ',' (between
    /// keys: "rrelu:lower=0.1,upper=0.3"), so two separators are understood:
    /// ';' always separates specs, and ',' separates specs unless the text after it is a further
    /// key=value of the preceding spec (it contains '=' but no ':', which no activation name does).
    /// So "relu,rrelu:lower=0.1,upper=0.3,gelu" is three specs.
    /// </summary>
    public static class ActivationListParser
    {
        public static List<string> Split(string value)
        {
            var specs = new List<string>();
            foreach (string group in value.Split(';'))
            {
                int firstSpecOfGroup = specs.Count;
                foreach (string rawPart in group.Split(','))
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
    }
}
