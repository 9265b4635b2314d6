namespace MnistCompare.Cli
{
    /// <summary>
    /// The search command's options as System.CommandLine symbols (see <see cref="OptionSet"/>). What the
    /// values mean is <see cref="MnistCompare.Search.SearchOptions"/>'s.
    /// </summary>
    public sealed class SearchSyntax : OptionSet
    {
        /// <summary>Options whose values are single strings; each may be given once.</summary>
        public static readonly string[] ValueOptionNames =
        {
            "--out", "--data-dir", "--strategy", "--seed", "--budget", "--population", "--sample", "--batch", "--train-subset",
            "--validation-subset", "--test-subset", "--epochs", "--rungs", "--top", "--seeds", "--hidden", "--threads", "--batch-size", "--lr",
            "--shard", "--claim-timeout", "--steal-after",
        };

        public SearchSyntax() : base(ValueOptionNames) { }
    }
}
