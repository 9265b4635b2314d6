// The benchmarks switch the kernels' threading (KernelThreads.OpenMp.Disabled) for A/B timings.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ActivationBenchmarks")]
