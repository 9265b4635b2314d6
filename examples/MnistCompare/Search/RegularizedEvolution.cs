using System;
using System.Collections.Generic;
using System.Linq;

namespace MnistCompare.Search
{
    /// <summary>
    /// Regularized (aging) evolution, Real et al. 2019: until the population holds P members, proposals
    /// are random; afterwards a tournament of S members drawn at random picks the best, and the proposal is
    /// that winner with one choice mutated. Every evaluated child joins the population and the oldest member
    /// leaves, so the population keeps its size and no member lives forever.
    /// </summary>
    public sealed class RegularizedEvolution
    {
        private readonly LinkedList<Member> _population = new LinkedList<Member>();
        private readonly Random _random;

        public RegularizedEvolution(int populationSize, int sampleSize, Random random)
        {
            if (populationSize < 1) throw new ArgumentOutOfRangeException(nameof(populationSize), "the population needs at least one member");
            if (sampleSize < 1 || sampleSize > populationSize)
                throw new ArgumentOutOfRangeException(nameof(sampleSize), $"the tournament sample must be in [1, {populationSize}], got {sampleSize}");
            PopulationSize = populationSize;
            SampleSize = sampleSize;
            _random = random;
        }

        public sealed class Member
        {
            public Member(Genome genome, double score)
            {
                Genome = genome;
                Score = score;
            }

            public Genome Genome { get; }
            public double Score { get; }
        }

        public int PopulationSize { get; }
        public int SampleSize { get; }

        /// <summary>The members, oldest first.</summary>
        public IReadOnlyList<Member> Population => _population.ToList();

        /// <summary>The next genome to evaluate.</summary>
        public Genome Propose()
        {
            if (_population.Count < PopulationSize) return SearchSpace.Sample(_random);
            var members = _population.ToList();
            Member best = null;
            for (int i = 0; i < SampleSize; i++)
            {
                var drawn = members[_random.Next(members.Count)];
                if (best == null || drawn.Score > best.Score) best = drawn;
            }
            return SearchSpace.Mutate(best.Genome, _random);
        }

        /// <summary>Adds an evaluated genome as the youngest member and removes the oldest when the population is full.</summary>
        public void Add(Genome genome, double score)
        {
            _population.AddLast(new Member(genome, score));
            if (_population.Count > PopulationSize) _population.RemoveFirst();
        }
    }
}
