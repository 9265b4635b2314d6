using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>Stochastic gradient descent with momentum, dampening, Nesterov and weight decay (PyTorch's update rule).</summary>
    public class SGD : OptimizerHelper, optim.IMomentum
    {
        private readonly double dampening, weight_decay;
        private readonly bool nesterov, maximize;

        public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false)
        {
            if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be non-negative.");
            if (weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, "weight_decay must be non-negative.");
            if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening.", nameof(nesterov));
            Momentum = momentum; this.dampening = dampening; this.weight_decay = weight_decay; this.nesterov = nesterov; this.maximize = maximize;
            AddGroup(parameters, lr);
        }

        public double Momentum { get; set; }

        public override Tensor step(Func<Tensor> closure = null) => RunStep(closure);

        private protected override void Update(Parameter p, Tensor grad, double lr)
        {
            Tensor d = maximize ? grad.neg() : grad;
            if (weight_decay != 0) d = d.add(p, weight_decay);
            if (Momentum != 0) {
                var s = StateOf(p);
                if (!s.TryGetValue("momentum_buffer", out var buf)) {
                    s["momentum_buffer"] = buf = d.clone().DetachFromDisposeScope();
                } else {
                    buf.mul_(Momentum).add_(d, 1 - dampening);
                }
                d = nesterov ? d.add(buf, Momentum) : buf;
            }
            p.add_(d, -lr);
        }
    }

    /// <summary>Adam (Kingma and Ba), with optional AMSGrad and L2 weight decay added to the gradient.</summary>
    public class Adam : OptimizerHelper, optim.IBetas
    {
        private protected readonly double eps, weight_decay;
        private protected readonly bool amsgrad, maximize;

        public Adam(IEnumerable<Parameter> parameters, double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1E-08, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        {
            if (beta1 < 0 || beta1 >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
            if (beta2 < 0 || beta2 >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
            if (eps < 0) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be non-negative.");
            Betas = (beta1, beta2); this.eps = eps; this.weight_decay = weight_decay; this.amsgrad = amsgrad; this.maximize = maximize;
            AddGroup(parameters, lr);
        }

        public (double, double) Betas { get; set; }

        public override Tensor step(Func<Tensor> closure = null) => RunStep(closure);

        private readonly Dictionary<Parameter, long> steps = new Dictionary<Parameter, long>(ReferenceEqualityComparer.Instance);

        private protected virtual Tensor Decay(Parameter p, Tensor grad, double lr) => weight_decay != 0 ? grad.add(p, weight_decay) : grad;

        private protected override void Update(Parameter p, Tensor grad, double lr)
        {
            var (beta1, beta2) = Betas;
            Tensor g = maximize ? grad.neg() : grad;
            g = Decay(p, g, lr);
            var s = StateOf(p);
            if (!s.TryGetValue("exp_avg", out var m)) {
                s["exp_avg"] = m = torch.zeros_like(p).DetachFromDisposeScope();
                s["exp_avg_sq"] = torch.zeros_like(p).DetachFromDisposeScope();
                if (amsgrad) s["max_exp_avg_sq"] = torch.zeros_like(p).DetachFromDisposeScope();
            }
            var v = s["exp_avg_sq"];
            long step = steps.TryGetValue(p, out var k) ? k + 1 : 1;
            steps[p] = step;
            m.mul_(beta1).add_(g, 1 - beta1);
            v.mul_(beta2).addcmul_(g, g, 1 - beta2);
            double bias1 = 1 - Math.Pow(beta1, step);
            double bias2 = 1 - Math.Pow(beta2, step);
            Tensor second = v;
            if (amsgrad) {
                var maxV = s["max_exp_avg_sq"];
                maxV.copy_(maxV.maximum(v));
                second = maxV;
            }
            var denom = second.sqrt().div_(Math.Sqrt(bias2)).add_(eps);
            p.addcdiv_(m, denom, -lr / bias1);
        }
    }

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter): p *= 1 - lr * weight_decay.</summary>
    public class AdamW : Adam
    {
        public AdamW(IEnumerable<Parameter> parameters, double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1E-08, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

        private protected override Tensor Decay(Parameter p, Tensor grad, double lr)
        {
            if (weight_decay != 0) p.mul_(1 - lr * weight_decay);
            return grad;
        }
    }
}
