using System;
using static TorchSharp.torch;

namespace ActivationBenchmarks
{
    /// <summary>One row of the table: our layer and, where libtorch has one, its built-in equivalent.</summary>
    internal sealed class BenchmarkCase
    {
        public BenchmarkCase(string name, Func<Tensor, Tensor> ours, string builtinName = null, Func<Tensor, Tensor> builtin = null,
            bool builtinHasBackward = true, string note = null)
        {
            Name = name;
            Ours = ours;
            BuiltinName = builtinName;
            Builtin = builtin;
            BuiltinHasBackward = builtinHasBackward;
            Note = note;
        }

        public string Name { get; }
        public Func<Tensor, Tensor> Ours { get; }
        public string BuiltinName { get; }
        public Func<Tensor, Tensor> Builtin { get; }
        public bool BuiltinHasBackward { get; }
        public string Note { get; }
    }
}
