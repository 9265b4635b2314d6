using System.Linq;
using MnistCompare.Cli;
using MnistCompare.Sharding;
using Xunit;

namespace MnistCompare.Tests.Sharding
{
    public sealed class ShardAssignmentTests
    {
        private static readonly string[] Activations = { "relu", "rrelu:lower=0.1,upper=0.3", "maxout:pieces=2", "tanh" };

        [Fact]
        public void UnitsFollowTheSingleProcessOrderWithStableFileSafeIds()
        {
            var units = WorkUnit.Enumerate(new[] { 0.01, 0.1 }, Activations, new long[] { 1, 2 });
            Assert.Equal(16, units.Count);
            Assert.Equal(Enumerable.Range(0, 16), units.Select(u => u.Index));
            Assert.Equal(("relu", 1L, 0.01), (units[0].Activation, units[0].Seed, units[0].LearningRate));
            Assert.Equal(("relu", 2L, 0.01), (units[1].Activation, units[1].Seed, units[1].LearningRate));
            Assert.Equal(("rrelu:lower=0.1,upper=0.3", 1L, 0.01), (units[2].Activation, units[2].Seed, units[2].LearningRate));
            Assert.Equal(("relu", 1L, 0.1), (units[8].Activation, units[8].Seed, units[8].LearningRate));
            Assert.Equal("0002-rrelu_lower_0.1_upper_0.3-seed1-lr0.01", units[2].Id);
            Assert.Equal(units.Count, units.Select(u => u.Id).Distinct().Count());
            Assert.All(units, u => Assert.Matches("^[A-Za-z0-9._-]+$", u.Id));
            var again = WorkUnit.Enumerate(new[] { 0.01, 0.1 }, Activations, new long[] { 1, 2 });
            Assert.Equal(units.Select(u => u.Id), again.Select(u => u.Id));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(4, 3)]
        [InlineData(8, 3)]
        [InlineData(16, 5)]
        [InlineData(7, 7)]
        public void EveryUnitBelongsToExactlyOneShardInRoundRobin(int unitCount, int shardCount)
        {
            var shards = Enumerable.Range(1, shardCount).Select(i => new ShardSpec(i, shardCount)).ToList();
            for (int k = 0; k < unitCount; k++)
            {
                var owners = shards.Where(s => s.Owns(k)).ToList();
                Assert.Single(owners);
                Assert.Equal(k % shardCount + 1, owners[0].Index);
            }
            Assert.All(shards, s => Assert.Contains(Enumerable.Range(0, unitCount), s.Owns));
        }

        [Theory]
        [InlineData("1/3", 1, 3)]
        [InlineData(" 3/3 ", 3, 3)]
        [InlineData("1/1", 1, 1)]
        public void ParsesShardSpecs(string text, int index, int count)
        {
            var shard = ShardSpec.Parse(text);
            Assert.Equal((index, count), (shard.Index, shard.Count));
            Assert.Equal($"{index}/{count}", shard.ToString());
        }

        [Theory]
        [InlineData("0/3")]
        [InlineData("4/3")]
        [InlineData("3")]
        [InlineData("1/0")]
        [InlineData("a/b")]
        [InlineData("-1/3")]
        public void RejectsInvalidShardSpecs(string text)
        {
            var e = Assert.Throws<OptionsException>(() => ShardSpec.Parse(text));
            Assert.StartsWith("--shard:", e.Message);
        }

        [Fact]
        public void MoreShardsThanRunsIsAUsageError()
        {
            var e = Assert.Throws<OptionsException>(() => new OptionParser().Parse(new[] { "--activations", "relu,tanh", "--shard", "3/3" }));
            Assert.Contains("more shards than runs", e.Message);
            Assert.Equal(new ShardSpec(2, 2).ToString(), new OptionParser().Parse(new[] { "--activations", "relu,tanh", "--shard=2/2" }).Shard.ToString());
        }
    }
}
