using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>Runs its modules in order. Entries are named "0", "1", ... unless named explicitly.</summary>
    public class Sequential : nn.Module<Tensor, Tensor>
    {
        private readonly List<(string name, nn.IModule<Tensor, Tensor> module)> entries = new List<(string, nn.IModule<Tensor, Tensor>)>();

        protected internal Sequential(params (string name, nn.Module<Tensor, Tensor> module)[] modules) : base(nameof(Sequential))
        {
            foreach (var (n, m) in modules) append(n, m);
        }

        protected internal Sequential(params nn.Module<Tensor, Tensor>[] modules) : base(nameof(Sequential))
        {
            foreach (var m in modules) append(m);
        }

        public int Count => entries.Count;

        [System.Runtime.CompilerServices.IndexerName("SequentialItems")]   // TorchSharp's accessor name: get_SequentialItems
        public nn.IModule<Tensor, Tensor> this[int index] => entries[index].module;

        public Sequential append(nn.IModule<Tensor, Tensor> module) => append(entries.Count.ToString(), module);

        public Sequential append(string name, nn.IModule<Tensor, Tensor> module)
        {
            if (module is null) throw new ArgumentNullException(nameof(module));
            if (entries.Any(e => e.name == name)) throw new ArgumentException($"Sequential already has an entry named '{name}'.", nameof(name));
            entries.Add((name, module));
            if (module is nn.Module m) register_module(name, m);
            return this;
        }

        /// <summary>Disposes each intermediate result as soon as the next layer has consumed it.</summary>
        public override Tensor forward(Tensor tensor)
        {
            if (entries.Count == 0) return tensor.alias();
            Tensor current = tensor;
            foreach (var (_, module) in entries) {
                var next = module.call(current);
                if (!ReferenceEquals(current, tensor) && !ReferenceEquals(next, current)) current.Dispose();
                current = next;
            }
            return current;
        }
    }
}
