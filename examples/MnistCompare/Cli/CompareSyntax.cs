using System.CommandLine;

namespace MnistCompare.Cli
{
    /// <summary>
    /// The compare command's options as System.CommandLine symbols (see <see cref="OptionSet"/>);
    /// --activation may be repeated, one spec each time. What the values mean is <see cref="OptionParser"/>'s.
    /// </summary>
    public sealed class CompareSyntax : OptionSet
    {
        /// <summary>Options whose values are single strings; each may be given once.</summary>
        public static readonly string[] ValueOptionNames =
        {
            "--out", "--data-dir", "--dataset", "--model", "--hidden", "--optimizer", "--lr", "--momentum", "--batch-size", "--epochs",
            "--seeds", "--train-subset", "--test-subset", "--activations", "--lr-sweep", "--target-accuracy", "--shard",
        };

        public CompareSyntax() : base(ValueOptionNames, "--activation") { }

        public Option<string[]> Activation => Repeatable;
    }
}
