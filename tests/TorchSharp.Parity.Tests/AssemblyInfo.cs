// libtorch's global state (grad mode, seeds, thread count) is process-wide: run test classes one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
