using System;
using System.Linq;
using MnistCompare.Search;
using Xunit;

namespace MnistCompare.Tests.Search
{
    public sealed class RegularizedEvolutionTests
    {
        [Fact]
        public void PopulationKeepsItsSizeAndTheOldestLeaves()
        {
            var evolution = new RegularizedEvolution(populationSize: 5, sampleSize: 2, new Random(1));
            var added = new System.Collections.Generic.List<Genome>();
            for (int i = 0; i < 20; i++)
            {
                var genome = evolution.Propose();
                evolution.Add(genome, i);
                added.Add(genome);
                Assert.Equal(Math.Min(i + 1, 5), evolution.Population.Count);
                // Oldest first: exactly the last (up to) five added, in order.
                Assert.Equal(added.Skip(Math.Max(0, added.Count - 5)).ToList(), evolution.Population.Select(m => m.Genome).ToList());
            }
        }

        [Fact]
        public void OnceFullProposalsAreOneMutationFromAMember()
        {
            var evolution = new RegularizedEvolution(populationSize: 4, sampleSize: 4, new Random(2));
            for (int i = 0; i < 4; i++) evolution.Add(evolution.Propose(), i);
            for (int i = 0; i < 20; i++)
            {
                var child = evolution.Propose();
                // The tournament winner is some member (drawn with replacement); the child differs from it in one choice.
                Assert.Contains(evolution.Population, m => m.Genome.Choices.Count == child.Choices.Count
                    && m.Genome.Choices.Zip(child.Choices, (p, c) => p != c ? 1 : 0).Sum() == 1);
            }
        }

        [Fact]
        public void RefusesASampleLargerThanThePopulation()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RegularizedEvolution(3, 4, new Random(1)));
        }
    }
}
