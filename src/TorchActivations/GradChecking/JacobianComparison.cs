using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Full gradient check: builds the analytical Jacobian row by row with autograd (one backward pass per
    /// output element) and the numerical one column by column with central differences (two forward passes
    /// per input element), then compares every entry.
    /// </summary>
    internal static class JacobianComparison
    {
        public static GradCheckResult Run(CheckProblem problem, GradCheckOptions options, int order)
        {
            using var scope = NewDisposeScope();
            // Analytical first: perturbing the inputs in place bumps their version counters, which would
            // invalidate a graph recorded earlier.
            var analytical = Analytical(problem, out var outputShapes);
            var numerical = Numerical(problem, outputShapes.Length, options.Eps);

            var tracker = new WorstEntryTracker(options);
            for (int i = 0; i < problem.Inputs.Count; i++)
                for (int k = 0; k < outputShapes.Length; k++)
                    tracker.Compare(analytical[i][k], numerical[i][k], i, problem.Names[i], problem.Inputs[i].shape, k, outputShapes[k]);
            return tracker.Result(order, fastMode: false);
        }

        /// <summary>[input i][output k] = ∂output_k/∂input_i as a [numel(output), numel(input)] float64 matrix.</summary>
        private static Tensor[][] Analytical(CheckProblem problem, out long[][] outputShapes)
        {
            var outputs = problem.Evaluate();
            var inputs = new List<Tensor>(problem.Inputs);
            outputShapes = new long[outputs.Length][];
            var result = NewTable(inputs.Count, outputs.Length);

            for (int k = 0; k < outputs.Length; k++)
            {
                var output = outputs[k];
                outputShapes[k] = output.shape;
                long count = output.numel();
                var rows = new List<Tensor>[inputs.Count];
                for (int i = 0; i < inputs.Count; i++) rows[i] = new List<Tensor>();

                for (long j = 0; j < count; j++)
                {
                    // Row j of the Jacobian is the vector-Jacobian product with the j-th unit vector.
                    IList<Tensor> grads = null;
                    if (output.requires_grad)
                    {
                        var unit = zeros(output.shape, dtype: output.dtype, device: output.device);
                        unit.view(-1)[j].fill_(1);
                        grads = SafeGrad.Grad(new List<Tensor> { output }, inputs, new List<Tensor> { unit }, retainGraph: true, createGraph: false);
                    }
                    for (int i = 0; i < inputs.Count; i++)
                    {
                        var g = grads?[i];
                        rows[i].Add(CheckProblem.Undefined(g)
                            ? zeros(inputs[i].numel(), dtype: ScalarType.Float64, device: inputs[i].device)
                            : g.reshape(-1).to(ScalarType.Float64));
                    }
                }
                for (int i = 0; i < inputs.Count; i++)
                    result[i][k] = count == 0
                        ? zeros(0, inputs[i].numel(), dtype: ScalarType.Float64)
                        : stack(rows[i], 0);
            }
            return result;
        }

        /// <summary>Same layout as <see cref="Analytical"/>, by central differences on each input element.</summary>
        private static Tensor[][] Numerical(CheckProblem problem, int outputCount, double eps)
        {
            var result = NewTable(problem.Inputs.Count, outputCount);
            for (int i = 0; i < problem.Inputs.Count; i++)
            {
                var input = problem.Inputs[i];
                long count = input.numel();
                var flat = input.detach().view(-1); // shares storage: writes reach the input itself
                var columns = new List<Tensor>[outputCount];
                for (int k = 0; k < outputCount; k++) columns[k] = new List<Tensor>();

                for (long e = 0; e < count; e++)
                {
                    using var elementScope = NewDisposeScope();
                    var element = flat[e];
                    double original = element.item<double>();
                    element.fill_(original + eps);
                    var plus = problem.EvaluateFlat();
                    element.fill_(original - eps);
                    var minus = problem.EvaluateFlat();
                    element.fill_(original);
                    for (int k = 0; k < outputCount; k++)
                        columns[k].Add(((plus[k] - minus[k]) / (2 * eps)).MoveToOuterDisposeScope());
                }
                for (int k = 0; k < outputCount; k++)
                    result[i][k] = count == 0 ? null : stack(columns[k], 1);
            }
            return result;
        }

        private static Tensor[][] NewTable(int inputs, int outputs)
        {
            var table = new Tensor[inputs][];
            for (int i = 0; i < inputs; i++) table[i] = new Tensor[outputs];
            return table;
        }
    }
}
