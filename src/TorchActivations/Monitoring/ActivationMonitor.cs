using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace TorchActivations.Monitoring
{
    /// <summary>
    /// Measures how the activation layers of any model behave on a probe set: per layer, the fraction
    /// of dead units, of saturated units, the mean activation and the fraction of zero outputs.
    /// </summary>
    /// <remarks>
    /// <para>The monitor attaches a forward hook to each activation module it is given; the hooks do
    /// nothing except between <see cref="Begin"/> and <see cref="End"/> (or inside <see cref="Measure"/>),
    /// so the monitor can stay attached during training at no cost.</para>
    /// <para>Definitions (per unit = per index of dimension 1, over all probe samples and positions):
    /// <b>dead</b>: |f'(x)| below <see cref="ActivationMonitorOptions.DeadDerivativeThreshold"/> (1e-8) on every
    /// sample; for the ReLU family this is exactly "output is zero on every sample", and for smooth
    /// functions it means no gradient can reach the unit's weights. <b>saturated</b>: |f'(x)| below
    /// <see cref="ActivationMonitorOptions.SaturationRatio"/> (1%) of the largest derivative the unit's
    /// activation can have, on at least <see cref="ActivationMonitorOptions.SaturatedSampleFraction"/> (99%)
    /// of samples. f' is computed exactly with autograd from the activation's own forward. Samples whose
    /// output is NaN or infinite (a diverged network) count as neither, so they cannot make a unit look dead.</para>
    /// <para>Probe in eval mode (<c>model.eval()</c>), usually under <c>torch.no_grad()</c>: the monitor
    /// re-runs each activation on a copy of its input to differentiate it, which for a stochastic
    /// activation in training mode (RReLU) would draw new random numbers.</para>
    /// <example><code>
    /// using var monitor = ActivationMonitor.Attach(model, (name, module) => name.StartsWith("act"));
    /// model.eval();
    /// var layers = monitor.Measure(() => { using (torch.no_grad()) model.call(probeImages).Dispose(); });
    /// foreach (var layer in layers) Console.WriteLine(layer);
    /// </code></example>
    /// </remarks>
    public sealed class ActivationMonitor : IDisposable
    {
        private readonly List<LayerProbe> _probes = new List<LayerProbe>();
        private readonly List<Action> _removers = new List<Action>();
        private readonly ActivationMonitorOptions _options;
        private bool _recording;
        private bool _disposed;

        /// <summary>Monitors the given activation modules under the given names.</summary>
        public ActivationMonitor(IEnumerable<(string name, nn.Module<Tensor, Tensor> activation)> layers, ActivationMonitorOptions options = null)
        {
            if (layers == null) throw new ArgumentNullException(nameof(layers));
            _options = options ?? new ActivationMonitorOptions();
            _options.Validate();
            foreach (var (name, activation) in layers)
            {
                if (activation == null) throw new ArgumentException($"Layer '{name}' is null.", nameof(layers));
                if (_probes.Any(p => p.Name == name)) throw new ArgumentException($"Layer name '{name}' is used twice.", nameof(layers));
                if (_probes.Any(p => ReferenceEquals(p.Activation, activation)))
                    throw new ArgumentException($"Layer '{name}' is a module already monitored under another name; use a separate module instance per layer.", nameof(layers));
                var probe = new LayerProbe(name, activation, _options);
                _probes.Add(probe);
                var remover = activation.register_forward_hook((module, input, output) =>
                {
                    if (_recording) probe.Observe(input, output);
                    return output;
                });
                _removers.Add(remover.remove);
            }
            if (_probes.Count == 0) throw new ArgumentException("No activation layer to monitor.", nameof(layers));
        }

        /// <summary>
        /// Monitors every submodule of <paramref name="model"/> (found through <c>named_modules()</c>) that
        /// takes and returns one tensor and that <paramref name="select"/> accepts; layers are named by their path in the model.
        /// </summary>
        public static ActivationMonitor Attach(nn.Module model, Func<string, nn.Module, bool> select, ActivationMonitorOptions options = null)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            if (select == null) throw new ArgumentNullException(nameof(select));
            var layers = model.named_modules()
                .Where(m => m.module is nn.Module<Tensor, Tensor> && select(m.name, m.module))
                .Select(m => (m.name, (nn.Module<Tensor, Tensor>)m.module))
                .ToList();
            return new ActivationMonitor(layers, options);
        }

        /// <summary>The monitored layer names, in the order results are returned.</summary>
        public IReadOnlyList<string> LayerNames => _probes.Select(p => p.Name).ToList();

        /// <summary>Starts a probe pass: clears the counts; forward calls of the monitored layers are recorded until <see cref="End"/>.</summary>
        public void Begin()
        {
            ThrowIfDisposed();
            foreach (var probe in _probes) probe.Reset();
            _recording = true;
        }

        /// <summary>Stops recording and returns one result per layer. Every layer must have seen at least one batch.</summary>
        public IReadOnlyList<LayerActivity> End()
        {
            ThrowIfDisposed();
            _recording = false;
            return _probes.Select(p => p.Result()).ToList();
        }

        /// <summary>Runs <paramref name="probePass"/> (which should push the probe set through the model) while recording.</summary>
        public IReadOnlyList<LayerActivity> Measure(Action probePass)
        {
            if (probePass == null) throw new ArgumentNullException(nameof(probePass));
            Begin();
            try
            {
                probePass();
            }
            catch
            {
                _recording = false;
                throw;
            }
            return End();
        }

        /// <summary>Removes the hooks; the monitored modules behave as if the monitor had never been attached.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _recording = false;
            foreach (var remove in _removers) remove();
            foreach (var probe in _probes) probe.Reset();
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ActivationMonitor));
        }
    }
}
