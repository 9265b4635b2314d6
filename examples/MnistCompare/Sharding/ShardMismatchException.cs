using System;

namespace MnistCompare.Sharding
{
    /// <summary>
    /// Shard results that do not belong together: another configuration's unit files, or merge inputs
    /// that are of different comparisons or miss or repeat runs. The message says which and where.
    /// </summary>
    public sealed class ShardMismatchException : Exception
    {
        public ShardMismatchException(string message) : base(message) { }
    }
}
