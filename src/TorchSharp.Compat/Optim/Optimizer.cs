using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            public interface ILearningRateController
            {
                double LearningRate { get; set; }
                double InitialLearningRate { get; set; }
            }

            public interface IMomentum
            {
                double Momentum { get; set; }
            }

            public interface IBetas
            {
                (double, double) Betas { get; set; }
            }

            /// <summary>Base of optimizers: parameter groups with their own learning rate, zero_grad, step.</summary>
            public abstract class Optimizer : IDisposable
            {
                protected Optimizer(IntPtr handle) { }

                public IEnumerable<ILearningRateController> ParamGroups => _parameter_groups;

                internal readonly List<ParamGroup> _parameter_groups = new List<ParamGroup>();

                public virtual IEnumerable<Parameter> parameters() => _parameter_groups.SelectMany(g => g.Parameters);

                public virtual void add_param_group(ParamGroup param_group) => _parameter_groups.Add(param_group);

                /// <summary>Clears the gradients of all optimized parameters.</summary>
                public virtual void zero_grad()
                {
                    foreach (var p in parameters()) p.grad = null;
                }

                public virtual Tensor step(Func<Tensor> closure = null) => throw new NotImplementedException();

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing) { }
            }

            public static Modules.SGD SGD(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new Modules.SGD(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);
            public static Modules.SGD SGD(IEnumerable<(string name, Parameter parameter)> parameters, double learningRate, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                SGD(parameters.Select(p => p.parameter), learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            public static Modules.Adam Adam(IEnumerable<Parameter> parameters, double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1E-08, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new Modules.Adam(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
            public static Modules.Adam Adam(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1E-08, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                Adam(parameters.Select(p => p.parameter), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            public static Modules.AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1E-08, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new Modules.AdamW(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
            public static Modules.AdamW AdamW(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1E-08, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                AdamW(parameters.Select(p => p.parameter), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
        }
    }
}

namespace TorchSharp.Modules
{
    using static TorchSharp.torch;

    public class OptimizerOptions
    {
        public double? LearningRate { get; set; }
        public double InitialLearningRate { get; set; }
    }

    public class ParamGroup : optim.ILearningRateController
    {
        public ParamGroup() { }
        public IEnumerable<Parameter> Parameters { get; set; } = Array.Empty<Parameter>();
        public OptimizerOptions Options { get; set; } = new OptimizerOptions();
        public double LearningRate { get => Options.LearningRate ?? 0; set => Options.LearningRate = value; }
        public double InitialLearningRate { get => Options.InitialLearningRate; set => Options.InitialLearningRate = value; }
    }

    /// <summary>Shared plumbing of the optimizers implemented in C# on top of tensor ops.</summary>
    public abstract class OptimizerHelper : optim.Optimizer
    {
        protected OptimizerHelper() : base(IntPtr.Zero) { }

        // Per-parameter state tensors (momentum buffers, moments), keyed by parameter identity.
        private protected readonly Dictionary<Parameter, Dictionary<string, Tensor>> state = new Dictionary<Parameter, Dictionary<string, Tensor>>(ReferenceEqualityComparer.Instance);

        private protected Dictionary<string, Tensor> StateOf(Parameter p)
        {
            if (!state.TryGetValue(p, out var s)) state[p] = s = new Dictionary<string, Tensor>();
            return s;
        }

        private protected void AddGroup(IEnumerable<Parameter> parameters, double lr)
        {
            if (lr < 0 || double.IsNaN(lr)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be non-negative.");
            var list = parameters?.ToList() ?? throw new ArgumentNullException(nameof(parameters));
            if (list.Count == 0) throw new ArgumentException("The optimizer got an empty parameter list.", nameof(parameters));
            add_param_group(new ParamGroup { Parameters = list, Options = new OptimizerOptions { LearningRate = lr, InitialLearningRate = lr } });
        }

        /// <summary>Runs the closure (with grad enabled) if given, then the update without recording grads.</summary>
        private protected Tensor RunStep(Func<Tensor> closure)
        {
            Tensor loss = null;
            if (closure != null) using (torch.enable_grad()) loss = closure();
            using (torch.no_grad()) {
                foreach (var group in _parameter_groups) {
                    foreach (var p in group.Parameters) {
                        using var grad = p.grad;
                        if (grad is null) continue;
                        using var scope = torch.NewDisposeScope();
                        Update(p, grad, group.LearningRate);
                    }
                }
            }
            return loss;
        }

        /// <summary>Updates one parameter in place; temporaries are freed by the caller's scope, and state
        /// tensors must be detached from it.</summary>
        private protected abstract void Update(Parameter p, Tensor grad, double lr);

        protected override void Dispose(bool disposing)
        {
            if (disposing) foreach (var s in state.Values) foreach (var t in s.Values) t.Dispose();
            state.Clear();
        }
    }
}
