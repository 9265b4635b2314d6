using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchActivations
{
    /// <summary>The functions a formula may call, each with its arity and its TorchSharp implementation.</summary>
    internal static class FormulaFunctions
    {
        internal sealed class Function
        {
            public Function(string name, int arity, Func<Tensor[], Tensor> apply)
            {
                Name = name;
                Arity = arity;
                Apply = apply;
            }

            public string Name { get; }
            public int Arity { get; }
            public Func<Tensor[], Tensor> Apply { get; }
        }

        private static readonly Function[] Table =
        {
            new Function("abs", 1, a => a[0].abs()),
            new Function("sqrt", 1, a => a[0].sqrt()),
            new Function("exp", 1, a => a[0].exp()),
            new Function("log", 1, a => a[0].log()),
            new Function("sin", 1, a => a[0].sin()),
            new Function("cos", 1, a => a[0].cos()),
            new Function("sinh", 1, a => a[0].sinh()),
            new Function("cosh", 1, a => a[0].cosh()),
            new Function("tanh", 1, a => a[0].tanh()),
            new Function("asinh", 1, a => a[0].asinh()),
            new Function("atan", 1, a => a[0].atan()),
            new Function("sinc", 1, a => Sinc(a[0])),
            new Function("erf", 1, a => a[0].erf()),
            new Function("sigmoid", 1, a => a[0].sigmoid()),
            new Function("softplus", 1, a => nn.functional.softplus(a[0])),
            new Function("relu", 1, a => a[0].relu()),
            new Function("max", 2, a => a[0].maximum(a[1])),
            new Function("min", 2, a => a[0].minimum(a[1])),
        };

        private static readonly Dictionary<string, Function> ByName = BuildIndex();

        /// <summary>Function names in a fixed order.</summary>
        public static IEnumerable<string> Names
        {
            get { foreach (var f in Table) yield return f.Name; }
        }

        public static bool TryGet(string name, out Function function) => ByName.TryGetValue(name, out function);

        public static bool IsFunction(string name) => ByName.ContainsKey(name);

        /// <summary>sin(x)/x with the limit 1 at 0; the division uses 1 in place of 0 so no NaN reaches the gradient.</summary>
        private static Tensor Sinc(Tensor x)
        {
            using var zero = x.eq(0.0);
            using var one = ones_like(x);
            using var safe = x.where(zero.logical_not(), one);
            using var ratio = safe.sin() / safe;
            return one.where(zero, ratio);
        }

        private static Dictionary<string, Function> BuildIndex()
        {
            var index = new Dictionary<string, Function>(StringComparer.Ordinal);
            foreach (var f in Table) index.Add(f.Name, f);
            return index;
        }
    }
}
