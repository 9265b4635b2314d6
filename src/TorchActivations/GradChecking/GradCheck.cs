using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// Checks autograd's gradients against central differences, like PyTorch's <c>torch.autograd.gradcheck</c>.
    /// </summary>
    /// <remarks>
    /// <para>For every tensor that requires grad (inputs, and for a module also its parameters), the
    /// numerical Jacobian <c>(f(x + eps·eₑ) − f(x − eps·eₑ)) / (2·eps)</c> is compared entry by entry with the
    /// analytical one from autograd; an entry passes when <c>|a − n| &lt;= atol + rtol·|n|</c>. Defaults are
    /// PyTorch's: eps 1e-6, atol 1e-5, rtol 1e-3 (see <see cref="GradCheckOptions"/>). With
    /// <see cref="GradCheckOptions.FastMode"/> random projections are compared instead, for large inputs.</para>
    /// <para>The tensors checked must be float64 and contiguous. They are perturbed in place and restored;
    /// the function must be deterministic (for a random layer such as RReLU in training mode, reseed inside
    /// the function).</para>
    /// <para>Unlike PyTorch, a failure is returned in the <see cref="GradCheckResult"/> rather than thrown,
    /// unless <see cref="GradCheckOptions.RaiseException"/> is set or <see cref="GradCheckResult.ThrowIfFailed"/> is called.</para>
    /// <example><code>
    /// var x = torch.randn(3, 4, dtype: torch.float64, requires_grad: true);
    /// var result = GradCheck.Check(t => ActivationFunctions.gelu(t, "tanh"), x);
    /// result.ThrowIfFailed();
    /// </code></example>
    /// </remarks>
    public static class GradCheck
    {
        /// <summary>Checks a function of one tensor.</summary>
        public static GradCheckResult Check(Func<Tensor, Tensor> function, Tensor input, GradCheckOptions options = null)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            if (input is null) throw new ArgumentNullException(nameof(input));
            return Check(OneInput(function), new[] { input }, options);
        }

        /// <summary>Checks a function of several tensors with one output, differentiating w.r.t. those that require grad.</summary>
        public static GradCheckResult Check(Func<Tensor[], Tensor> function, Tensor[] inputs, GradCheckOptions options = null)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            return Check(OneOutput(function), inputs, options);
        }

        /// <summary>Checks a function of several tensors with several outputs, differentiating w.r.t. those that require grad.</summary>
        public static GradCheckResult Check(Func<Tensor[], Tensor[]> function, Tensor[] inputs, GradCheckOptions options = null)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            var (targets, names) = Differentiable(inputs);
            var problem = new CheckProblem(() => function(inputs), targets, names);
            return Finish(Run(problem, Effective(options), order: 1), options);
        }

        /// <summary>
        /// Checks a module: the gradient w.r.t. <paramref name="input"/> (if it requires grad) and w.r.t. every
        /// parameter that requires grad (reported by name, e.g. "beta" or "linear.weight").
        /// </summary>
        public static GradCheckResult Check(nn.Module<Tensor, Tensor> module, Tensor input, GradCheckOptions options = null)
        {
            var (targets, names) = ModuleTargets(module, input);
            var problem = new CheckProblem(() => new[] { module.call(input) }, targets, names);
            return Finish(Run(problem, Effective(options), order: 1), options);
        }

        // The single-tensor overloads of both checkers reduce to the general many-to-many form.
        internal static Func<Tensor[], Tensor[]> OneInput(Func<Tensor, Tensor> function) => xs => new[] { function(xs[0]) };
        internal static Func<Tensor[], Tensor[]> OneOutput(Func<Tensor[], Tensor> function) => xs => new[] { function(xs) };

        internal static GradCheckOptions Effective(GradCheckOptions options) => (options ?? new GradCheckOptions()).Validated();

        internal static GradCheckResult Run(CheckProblem problem, GradCheckOptions options, int order) =>
            options.FastMode ? ProjectionComparison.Run(problem, options, order) : JacobianComparison.Run(problem, options, order);

        internal static GradCheckResult Finish(GradCheckResult result, GradCheckOptions options)
        {
            if (options?.RaiseException == true) result.ThrowIfFailed();
            return result;
        }

        /// <summary>The inputs that require grad, named by their position in <paramref name="inputs"/>.</summary>
        internal static (List<Tensor> Targets, List<string> Names) Differentiable(Tensor[] inputs)
        {
            if (inputs is null) throw new ArgumentNullException(nameof(inputs));
            var targets = new List<Tensor>();
            var names = new List<string>();
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] is not null && inputs[i].requires_grad)
                {
                    targets.Add(inputs[i]);
                    names.Add($"input {i}");
                }
            }
            if (targets.Count == 0)
                throw new ArgumentException("None of the inputs requires grad, so there is nothing to check; create them with requires_grad: true.", nameof(inputs));
            return (targets, names);
        }

        /// <summary>The module's input (if it requires grad) and its parameters that require grad.</summary>
        internal static (List<Tensor> Targets, List<string> Names) ModuleTargets(nn.Module<Tensor, Tensor> module, Tensor input)
        {
            if (module is null) throw new ArgumentNullException(nameof(module));
            if (input is null) throw new ArgumentNullException(nameof(input));
            var targets = new List<Tensor>();
            var names = new List<string>();
            if (input.requires_grad)
            {
                targets.Add(input);
                names.Add("input");
            }
            foreach (var (name, parameter) in module.named_parameters())
            {
                if (!parameter.requires_grad) continue;
                targets.Add(parameter);
                names.Add(name);
            }
            if (targets.Count == 0)
                throw new ArgumentException("Neither the input nor any parameter of the module requires grad, so there is nothing to check.", nameof(input));
            return (targets, names);
        }
    }
}
