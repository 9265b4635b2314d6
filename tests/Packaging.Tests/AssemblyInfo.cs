using Xunit;

// The consumer test builds and runs a whole app; the package checks are quick. Nothing to gain from running them side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
