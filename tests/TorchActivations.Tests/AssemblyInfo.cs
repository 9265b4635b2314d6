using Xunit;

// libtorch's random generator is process-wide: tests that seed it and then sample (RReLU) must not
// interleave with other tests drawing random numbers. Two cores gain little from parallel tests anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
