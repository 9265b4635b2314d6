using System;
using TorchActivations.Kernels;

namespace TorchActivations.Tests
{
    /// <summary>Runs a test class on one implementation path: the fused kernels (for inputs of every size, so
    /// the tests' small inputs reach them too, at a given vector width: the widest the machine has by default)
    /// or the composite one (<see cref="ActivationKernels.ForceComposite"/>). Test classes run one at a time
    /// (AssemblyInfo.cs), so the process-wide switches are safe to flip.</summary>
    public abstract class KernelPathSetting : IDisposable
    {
        private readonly bool previousComposite;
        private readonly long previousMinimum;
        private readonly VectorWidth previousWidth;

        protected KernelPathSetting(bool composite) : this(composite, ManagedKernelWidth.Hardware) { }

        /// <summary>A width the machine lacks runs at the widest it has (the class then repeats that width).</summary>
        private protected KernelPathSetting(bool composite, VectorWidth width)
        {
            previousComposite = ActivationKernels.ForceComposite;
            previousMinimum = ActivationKernels.MinimumElements;
            previousWidth = ManagedKernelWidth.Current;
            ActivationKernels.ForceComposite = composite;
            if (!composite) {
                ActivationKernels.MinimumElements = 0;
                ManagedKernelWidth.Current = ManagedKernelWidth.IsAvailable(width) ? width : ManagedKernelWidth.Hardware;
            }
        }

        public void Dispose()
        {
            ActivationKernels.ForceComposite = previousComposite;
            ActivationKernels.MinimumElements = previousMinimum;
            ManagedKernelWidth.Current = previousWidth;
        }
    }
}
