using Xunit;

// Training runs reseed libtorch's global generator and compare results across runs; tests running
// concurrently would draw from the same generator and break that determinism.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
