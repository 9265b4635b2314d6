// Several tests count live native tensors, which is process-wide: run test classes one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
