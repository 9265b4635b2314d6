using System.Globalization;
using MnistCompare.Cli;

namespace MnistCompare.Sharding
{
    /// <summary>
    /// One part of a comparison split over several processes: shard <see cref="Index"/> of
    /// <see cref="Count"/> (1-based, "--shard 2/3"). Work unit k (0-based, in the order a
    /// single-process run trains them) belongs to shard (k mod Count) + 1.
    /// </summary>
    public sealed class ShardSpec
    {
        public ShardSpec(int index, int count)
        {
            Index = index;
            Count = count;
        }

        public int Index { get; }
        public int Count { get; }

        public bool Owns(int unitIndex) => unitIndex % Count + 1 == Index;

        public override string ToString() => $"{Index}/{Count}";

        public static ShardSpec Parse(string text)
        {
            string trimmed = text.Trim();
            int slash = trimmed.IndexOf('/');
            if (slash < 0
                || !int.TryParse(trimmed.Substring(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || !int.TryParse(trimmed.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                || count < 1 || index < 1 || index > count)
                throw new OptionsException($"--shard: '{text}' is not valid: write I/N with 1 <= I <= N, e.g. 2/3");
            return new ShardSpec(index, count);
        }
    }
}
