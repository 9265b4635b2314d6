using System;

namespace TorchActivations
{
    /// <summary>Thrown by a failing <see cref="GradCheck"/>/<see cref="GradGradCheck"/> when asked to raise, or by <see cref="GradCheckResult.ThrowIfFailed"/>.</summary>
    public sealed class GradCheckException : Exception
    {
        internal GradCheckException(GradCheckResult result) : base(result.ToString())
        {
            Result = result;
        }

        /// <summary>The failed result, with the worst entries and their locations.</summary>
        public GradCheckResult Result { get; }
    }
}
