using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Checks second derivatives, like PyTorch's <c>torch.autograd.gradgradcheck</c>: the function
    /// <c>(x, v) ↦ vᵀ·∂f/∂x</c> (autograd's backward with <c>create_graph</c>) is itself gradient-checked
    /// with <see cref="GradCheck"/>'s method, w.r.t. both x and the output weights v.
    /// </summary>
    /// <remarks>
    /// <para>This verifies that a backward pass is written with differentiable operations and that its own
    /// derivative is right, which double backward, Hessian-vector products and gradient penalties rely on.
    /// The weights v are random float64 tensors drawn from a private generator seeded with
    /// <see cref="GradCheckOptions.Seed"/>. Reported names are those of the inputs, plus "grad_output k".</para>
    /// <para>Piecewise-linear functions pass trivially away from their kinks (their second derivative is
    /// zero there); check them on inputs kept away from the kinks.</para>
    /// </remarks>
    public static class GradGradCheck
    {
        /// <summary>Checks the second derivatives of a function of one tensor.</summary>
        public static GradCheckResult Check(Func<Tensor, Tensor> function, Tensor input, GradCheckOptions options = null)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            if (input is null) throw new ArgumentNullException(nameof(input));
            return Check(GradCheck.OneInput(function), new[] { input }, options);
        }

        /// <summary>Checks the second derivatives of a function of several tensors with one output.</summary>
        public static GradCheckResult Check(Func<Tensor[], Tensor> function, Tensor[] inputs, GradCheckOptions options = null)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            return Check(GradCheck.OneOutput(function), inputs, options);
        }

        /// <summary>Checks the second derivatives of a function of several tensors with several outputs.</summary>
        public static GradCheckResult Check(Func<Tensor[], Tensor[]> function, Tensor[] inputs, GradCheckOptions options = null)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            var (targets, names) = GradCheck.Differentiable(inputs);
            return Run(() => function(inputs), targets, names, options);
        }

        /// <summary>Checks the second derivatives of a module w.r.t. its input (if it requires grad) and its parameters.</summary>
        public static GradCheckResult Check(nn.Module<Tensor, Tensor> module, Tensor input, GradCheckOptions options = null)
        {
            var (targets, names) = GradCheck.ModuleTargets(module, input);
            return Run(() => new[] { module.call(input) }, targets, names, options);
        }

        private static GradCheckResult Run(Func<Tensor[]> evaluate, List<Tensor> targets, List<string> names, GradCheckOptions options)
        {
            var effective = GradCheck.Effective(options);
            using var scope = NewDisposeScope();
            // A private stream (not libtorch's generator), distinct from the fast-mode vectors' one.
            var random = new Random(unchecked((int)effective.Seed ^ (int)(effective.Seed >> 32)) + 1);

            // One random weight tensor per differentiable output, shaped like it.
            Tensor[] probe;
            using (no_grad()) probe = evaluate();
            var weights = new Tensor[probe.Length];
            for (int k = 0; k < probe.Length; k++)
                weights[k] = RandomWeights(probe[k].shape, random).to(probe[k].device).requires_grad_(true);

            var allTargets = new List<Tensor>(targets);
            var allNames = new List<string>(names);
            for (int k = 0; k < weights.Length; k++)
            {
                allTargets.Add(weights[k]);
                allNames.Add($"grad_output {k}");
            }

            var problem = new CheckProblem(() => FirstDerivatives(evaluate, targets, weights), allTargets, allNames);
            return GradCheck.Finish(GradCheck.Run(problem, effective, order: 2), options);
        }

        /// <summary>Uniform values in [-1, 1) of the given shape, float64.</summary>
        private static Tensor RandomWeights(long[] shape, Random random)
        {
            long count = 1;
            foreach (long size in shape) count *= size;
            var values = new double[count];
            for (long j = 0; j < count; j++) values[j] = 2 * random.NextDouble() - 1;
            return tensor(values, dtype: ScalarType.Float64).reshape(shape);
        }

        /// <summary>vᵀ·∂f/∂x for every target x, as differentiable tensors (zeros where x does not influence f).</summary>
        private static Tensor[] FirstDerivatives(Func<Tensor[]> evaluate, List<Tensor> targets, Tensor[] weights)
        {
            // The engine evaluates numerical differences under no_grad; the inner backward needs a graph.
            using var grad = enable_grad();
            var outputs = evaluate();
            var differentiable = new List<Tensor>();
            var seeds = new List<Tensor>();
            for (int k = 0; k < outputs.Length; k++)
            {
                if (!outputs[k].requires_grad) continue;
                differentiable.Add(outputs[k]);
                seeds.Add(weights[k].to(outputs[k].dtype));
            }
            if (differentiable.Count == 0)
                return targets.Select(t => zeros_like(t)).ToArray();

            var grads = SafeGrad.Grad(differentiable, targets, seeds, retainGraph: true, createGraph: true);
            var result = new Tensor[targets.Count];
            for (int i = 0; i < targets.Count; i++)
                result[i] = CheckProblem.Undefined(grads[i]) ? zeros_like(targets[i]) : grads[i];
            return result;
        }
    }
}
