namespace TorchActivations
{
    /// <summary>Settings for <see cref="GradCheck"/> and <see cref="GradGradCheck"/>. The defaults are PyTorch's.</summary>
    public sealed class GradCheckOptions
    {
        /// <summary>Step of the central difference, <c>(f(x + eps) − f(x − eps)) / (2·eps)</c>. Default 1e-6.</summary>
        public double Eps { get; set; } = 1e-6;

        /// <summary>Absolute tolerance. An entry passes when <c>|analytical − numerical| &lt;= Atol + Rtol·|numerical|</c>. Default 1e-5.</summary>
        public double Atol { get; set; } = 1e-5;

        /// <summary>Relative tolerance (see <see cref="Atol"/>). Default 1e-3.</summary>
        public double Rtol { get; set; } = 1e-3;

        /// <summary>
        /// Compare random projections <c>vᵀ·J·u</c> instead of every Jacobian entry: one backward pass per
        /// output and two forward passes per input, instead of one per entry. Meant for large inputs;
        /// a failure then reports which input/output pair disagrees but not the element. Default false.
        /// </summary>
        public bool FastMode { get; set; }

        /// <summary>Seed of the private generator for the fast-mode vectors (the global generator is not touched). Default 0.</summary>
        public ulong Seed { get; set; }

        /// <summary>Throw a <see cref="GradCheckException"/> with the details when the check fails, instead of only returning the result. Default false.</summary>
        public bool RaiseException { get; set; }

        internal GradCheckOptions Validated()
        {
            Internal.Guard.Positive(Eps, nameof(Eps));
            if (!(Atol >= 0) || double.IsInfinity(Atol))
                throw new System.ArgumentOutOfRangeException(nameof(Atol), Atol, $"Atol must be a finite number >= 0, got {Internal.Text.Num(Atol)}.");
            if (!(Rtol >= 0) || double.IsInfinity(Rtol))
                throw new System.ArgumentOutOfRangeException(nameof(Rtol), Rtol, $"Rtol must be a finite number >= 0, got {Internal.Text.Num(Rtol)}.");
            return this;
        }
    }
}
