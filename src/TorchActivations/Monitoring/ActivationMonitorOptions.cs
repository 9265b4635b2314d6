using System;

namespace TorchActivations.Monitoring
{
    /// <summary>
    /// Thresholds of <see cref="ActivationMonitor"/>. The defaults are the definitions used by the
    /// MNIST comparison (docs/mnist-compare.md).
    /// </summary>
    public sealed class ActivationMonitorOptions
    {
        /// <summary>A unit is dead when |f'(x)| is below this for every probe sample. Default 1e-8.</summary>
        public double DeadDerivativeThreshold { get; set; } = 1e-8;

        /// <summary>
        /// A sample saturates a unit when |f'(x)| is below this fraction of the largest derivative the
        /// unit's activation can have. Default 0.01.
        /// </summary>
        public double SaturationRatio { get; set; } = 0.01;

        /// <summary>A unit is saturated when at least this fraction of probe samples saturate it. Default 0.99.</summary>
        public double SaturatedSampleFraction { get; set; } = 0.99;

        /// <summary>
        /// The largest derivative of each unit's activation is searched on a uniform grid over
        /// [-GridLimit, GridLimit] of pre-activation values. Default 30, far past where sigmoid, tanh,
        /// GELU and Swish (beta &gt;= 0.1) reach their maximum slope.
        /// </summary>
        public double GridLimit { get; set; } = 30;

        /// <summary>Grid points for the maximum-derivative search (default 6001, a step of 0.01).</summary>
        public int GridPoints { get; set; } = 6001;

        internal void Validate()
        {
            if (!(DeadDerivativeThreshold >= 0)) throw new ArgumentOutOfRangeException(nameof(DeadDerivativeThreshold), DeadDerivativeThreshold, "must be >= 0");
            if (!(SaturationRatio > 0 && SaturationRatio < 1)) throw new ArgumentOutOfRangeException(nameof(SaturationRatio), SaturationRatio, "must be in (0, 1)");
            if (!(SaturatedSampleFraction > 0 && SaturatedSampleFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(SaturatedSampleFraction), SaturatedSampleFraction, "must be in (0, 1]");
            if (!(GridLimit > 0)) throw new ArgumentOutOfRangeException(nameof(GridLimit), GridLimit, "must be > 0");
            if (GridPoints < 3) throw new ArgumentOutOfRangeException(nameof(GridPoints), GridPoints, "must be >= 3");
        }
    }
}
