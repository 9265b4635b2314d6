using System;

namespace TorchActivations.Tests
{
    /// <summary>Runs a test class on one implementation path: the fused kernels (for inputs of every size, so
    /// the tests' small inputs reach them too) or the composite one (<see cref="ActivationKernels.ForceComposite"/>).
    /// Test classes run one at a time (AssemblyInfo.cs), so the process-wide switches are safe to flip.</summary>
    public abstract class KernelPathSetting : IDisposable
    {
        private readonly bool previousComposite;
        private readonly long previousMinimum;

        protected KernelPathSetting(bool composite)
        {
            previousComposite = ActivationKernels.ForceComposite;
            previousMinimum = ActivationKernels.MinimumElements;
            ActivationKernels.ForceComposite = composite;
            if (!composite) ActivationKernels.MinimumElements = 0;
        }

        public void Dispose()
        {
            ActivationKernels.ForceComposite = previousComposite;
            ActivationKernels.MinimumElements = previousMinimum;
        }
    }
}
