using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Fast gradient check: for each input i and output k, compares <c>vₖᵀ·J·uᵢ</c> computed two ways, with
    /// random unit vectors u and v. Analytically it is one backward pass per output (seeded with vₖ) dotted
    /// with uᵢ; numerically one central difference along uᵢ, dotted with vₖ. A wrong Jacobian entry changes
    /// the projection unless u or v happens to be orthogonal to the error, which random vectors almost never are.
    /// </summary>
    internal static class ProjectionComparison
    {
        public static GradCheckResult Run(CheckProblem problem, GradCheckOptions options, int order)
        {
            using var scope = NewDisposeScope();
            var random = new System.Random(unchecked((int)options.Seed ^ (int)(options.Seed >> 32)));
            var inputs = new List<Tensor>(problem.Inputs);
            var u = new Tensor[inputs.Count];
            for (int i = 0; i < inputs.Count; i++)
                u[i] = UnitVector(inputs[i].numel(), random).to(inputs[i].device);

            // Analytical: vₖᵀ·J for all inputs at once, then the dot product with each uᵢ.
            var outputs = problem.Evaluate();
            var v = new Tensor[outputs.Length];
            var analytical = new double[inputs.Count, outputs.Length];
            for (int k = 0; k < outputs.Length; k++)
            {
                v[k] = UnitVector(outputs[k].numel(), random).to(outputs[k].device);
                if (!outputs[k].requires_grad || outputs[k].numel() == 0) continue;
                var seed = v[k].to(outputs[k].dtype).view(outputs[k].shape);
                var grads = SafeGrad.Grad(new List<Tensor> { outputs[k] }, inputs, new List<Tensor> { seed }, retainGraph: true, createGraph: false);
                for (int i = 0; i < inputs.Count; i++)
                    if (!CheckProblem.Undefined(grads[i]))
                        analytical[i, k] = grads[i].reshape(-1).to(ScalarType.Float64).dot(u[i]).item<double>();
            }

            // Numerical: a central difference along uᵢ (after the analytical pass, whose graph the in-place
            // perturbation would otherwise invalidate).
            var tracker = new WorstEntryTracker(options);
            double eps = options.Eps;
            for (int i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].numel() == 0) continue;
                var values = inputs[i].detach(); // shares storage with the input
                var original = values.clone();
                var direction = u[i].view(values.shape);
                values.copy_(original + direction * eps);
                var plus = problem.EvaluateFlat();
                values.copy_(original - direction * eps);
                var minus = problem.EvaluateFlat();
                values.copy_(original);

                for (int k = 0; k < outputs.Length; k++)
                {
                    if (outputs[k].numel() == 0) continue;
                    double numerical = ((plus[k] - minus[k]) / (2 * eps)).dot(v[k]).item<double>();
                    // The full check allows atol on every entry; projected, that allowance becomes
                    // vᵀ·(atol·𝟙𝟙ᵀ)·u = atol·Σu·Σv.
                    double atol = options.Atol * u[i].sum().item<double>() * v[k].sum().item<double>();
                    tracker.CompareProjection(analytical[i, k], numerical, atol, i, problem.Names[i], k);
                }
            }
            return tracker.Result(order, fastMode: true);
        }

        /// <summary>A random float64 vector with positive entries and unit length.</summary>
        // Drawn from a private System.Random, not libtorch's generator, so checking never shifts the
        // random stream of the code under test (nor depends on it).
        private static Tensor UnitVector(long count, System.Random random)
        {
            var values = new double[count];
            for (long j = 0; j < count; j++) values[j] = random.NextDouble() + 1e-3;
            var r = tensor(values, dtype: ScalarType.Float64);
            return count == 0 ? r : r / r.norm();
        }
    }
}
