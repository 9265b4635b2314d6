using System;

namespace TorchActivations.Tests
{
    /// <summary>Runs a test class on one implementation path: the fused native kernels, which must then be
    /// loaded, or the composite one (<see cref="ActivationKernels.ForceComposite"/>). Test classes run one at a
    /// time (AssemblyInfo.cs), so the process-wide switch is safe to flip.</summary>
    public abstract class KernelPathSetting : IDisposable
    {
        private readonly bool previous;

        protected KernelPathSetting(bool composite)
        {
            if (!composite && !ActivationKernels.IsAvailable)
                throw new InvalidOperationException("The fused kernels should be built and loaded here: " + ActivationKernels.Status);
            previous = ActivationKernels.ForceComposite;
            ActivationKernels.ForceComposite = composite;
        }

        public void Dispose() => ActivationKernels.ForceComposite = previous;
    }
}
