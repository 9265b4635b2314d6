using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>
    /// What the gradient-check engine differentiates: a function of the current values of some tensors
    /// (it reads them, the engine perturbs them in place) and the names used in reports.
    /// </summary>
    internal sealed class CheckProblem
    {
        public CheckProblem(Func<Tensor[]> evaluate, IReadOnlyList<Tensor> inputs, IReadOnlyList<string> names)
        {
            Evaluate = evaluate;
            Inputs = inputs;
            Names = names;
            for (int i = 0; i < inputs.Count; i++)
            {
                var t = inputs[i];
                if (t.dtype != ScalarType.Float64)
                    throw new ArgumentException(
                        $"Gradient checking needs float64 tensors (central differences in float32 are too coarse), but {names[i]} is {t.dtype}. Convert it and the module with .to(torch.float64).",
                        "inputs");
                if (!IsContiguous(t))
                    throw new ArgumentException($"Gradient checking perturbs elements in place, so {names[i]} must be contiguous; call .contiguous() first.", "inputs");
            }
        }

        /// <summary>Runs the function on the current values of the inputs.</summary>
        public Func<Tensor[]> Evaluate { get; }

        /// <summary>The tensors to differentiate with respect to.</summary>
        public IReadOnlyList<Tensor> Inputs { get; }

        /// <summary>Their names in reports.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The outputs, flattened to float64 and detached, evaluated without recording a graph.</summary>
        public Tensor[] EvaluateFlat()
        {
            Tensor[] outputs;
            using (no_grad()) outputs = Evaluate();
            var flat = new Tensor[outputs.Length];
            for (int k = 0; k < outputs.Length; k++)
                flat[k] = outputs[k].detach().reshape(-1).to(ScalarType.Float64);
            return flat;
        }

        /// <summary>Row-major dense layout, so a flat view addresses every element exactly once.</summary>
        private static bool IsContiguous(Tensor t)
        {
            long[] shape = t.shape, strides = t.stride();
            long expected = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (shape[d] != 1 && strides[d] != expected) return false;
                expected *= shape[d];
            }
            return true;
        }

        /// <summary>Whether autograd returned no tensor (an input that does not influence the output).</summary>
        public static bool Undefined(Tensor t) => t is null || t.IsInvalid;
    }
}
