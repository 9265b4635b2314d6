using System;
using System.Linq;
using static TorchSharp.torch;

namespace TorchActivations.Monitoring
{
    /// <summary>
    /// Accumulates one layer's counts over the batches of a probe pass. Only per-unit counts are
    /// kept (in managed arrays), never the per-sample derivatives, so a probe set of any size costs
    /// memory proportional to the layer's width.
    /// </summary>
    internal sealed class LayerProbe
    {
        private readonly string _name;
        private readonly nn.Module<Tensor, Tensor> _activation;
        private readonly ActivationMonitorOptions _options;

        private long[] _offSamples;        // per unit: samples with |f'| < dead threshold
        private long[] _saturatedSamples;  // per unit: samples with |f'| < ratio * max f'
        private double[] _maxDerivative;   // per unit, from the grid search
        private Tensor _saturationThreshold;
        private long _samplesPerUnit;
        private long _outputs, _zeroOutputs;
        private double _outputSum;

        public LayerProbe(string name, nn.Module<Tensor, Tensor> activation, ActivationMonitorOptions options)
        {
            _name = name;
            _activation = activation;
            _options = options;
        }

        public string Name => _name;

        public nn.Module<Tensor, Tensor> Activation => _activation;

        public void Reset()
        {
            _offSamples = null;
            _saturatedSamples = null;
            _maxDerivative = null;
            _saturationThreshold?.Dispose();
            _saturationThreshold = null;
            _samplesPerUnit = _outputs = _zeroOutputs = 0;
            _outputSum = 0;
        }

        /// <summary>Adds one batch: <paramref name="input"/> and <paramref name="output"/> are the activation's own, as its hook saw them.</summary>
        public void Observe(Tensor input, Tensor output)
        {
            if (input.ndim < 2)
                throw new NotSupportedException($"Activation monitor, layer '{_name}': inputs need a batch and a unit dimension, got shape [{string.Join(", ", input.shape)}].");
            if (_maxDerivative == null)
                Prepare(input);

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            int units = (int)output.shape[1];
            if (units != _maxDerivative.Length)
                throw new InvalidOperationException($"Activation monitor, layer '{_name}': {units} units in this batch but {_maxDerivative.Length} in the first one.");
            long[] otherDims = Enumerable.Range(0, (int)output.ndim).Where(d => d != 1).Select(d => (long)d).ToArray();

            var derivative = UnitDerivative.Compute(_name, _activation, input).abs();
            // A non-finite output (a diverged network) says nothing about the unit's slope; ReLU's
            // backward would report 0 there and make NaN units look dead, so such samples never count as flat.
            var finite = output.isfinite();
            Add(_offSamples, derivative.lt(_options.DeadDerivativeThreshold).logical_and(finite).sum(otherDims, type: ScalarType.Int64));
            Add(_saturatedSamples, derivative.lt(_saturationThreshold).logical_and(finite).sum(otherDims, type: ScalarType.Int64));

            _samplesPerUnit += output.numel() / units;
            _outputs += output.numel();
            _zeroOutputs += output.eq(0).sum(type: ScalarType.Int64).item<long>();
            _outputSum += output.sum(type: ScalarType.Float64).item<double>();
        }

        public LayerActivity Result()
        {
            if (_maxDerivative == null)
                throw new InvalidOperationException($"Activation monitor, layer '{_name}': no batch went through this activation during the probe pass.");
            int units = _maxDerivative.Length;
            int dead = 0, saturated = 0;
            double saturatedSamples = _options.SaturatedSampleFraction * _samplesPerUnit;
            for (int u = 0; u < units; u++)
            {
                if (_offSamples[u] == _samplesPerUnit) dead++;
                if (_saturatedSamples[u] >= saturatedSamples) saturated++;
            }
            return new LayerActivity(_name, units, _samplesPerUnit, dead, saturated,
                _outputs == 0 ? double.NaN : _outputSum / _outputs,
                _outputs == 0 ? double.NaN : (double)_zeroOutputs / _outputs,
                Array.AsReadOnly((double[])_maxDerivative.Clone()));
        }

        /// <summary>
        /// Finds each unit's largest |f'| on a grid of pre-activation values (every unit of a grid row
        /// gets the same value), in chunks that keep the grid tensor near two million elements.
        /// Done per probe pass, because learnable activations (Swish's beta) change their maximum.
        /// </summary>
        private void Prepare(Tensor input)
        {
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                long inUnits = input.shape[1];
                var gridShape = new long[input.ndim];
                for (int d = 0; d < gridShape.Length; d++) gridShape[d] = 1;
                var grid = linspace(-_options.GridLimit, _options.GridLimit, _options.GridPoints, dtype: input.dtype, device: input.device);
                long chunk = Math.Max(1, 2_000_000 / Math.Max(1, inUnits));
                double[] best = null;
                for (long start = 0; start < _options.GridPoints; start += chunk)
                {
                    long length = Math.Min(chunk, _options.GridPoints - start);
                    gridShape[0] = length;
                    var values = grid.narrow(0, start, length).reshape(gridShape);
                    var expanded = new long[gridShape.Length];
                    Array.Copy(gridShape, expanded, gridShape.Length);
                    expanded[1] = inUnits;
                    var x = values.expand(expanded).contiguous();
                    var derivative = UnitDerivative.Compute(_name, _activation, x).abs();
                    long[] otherDims = Enumerable.Range(0, (int)derivative.ndim).Where(d => d != 1).Select(d => (long)d).ToArray();
                    // NaN (e.g. overflow far out on the grid) must not become the maximum.
                    var finite = derivative.nan_to_num(0.0, 0.0, 0.0);
                    double[] chunkMax = ToArray<double>(finite.amax(otherDims).to_type(ScalarType.Float64));
                    if (best == null) best = chunkMax;
                    else for (int u = 0; u < best.Length; u++) best[u] = Math.Max(best[u], chunkMax[u]);
                }
                _maxDerivative = best;
            }
            int units = _maxDerivative.Length;
            _offSamples = new long[units];
            _saturatedSamples = new long[units];
            var thresholdShape = new long[input.ndim];
            for (int d = 0; d < thresholdShape.Length; d++) thresholdShape[d] = 1;
            thresholdShape[1] = units;
            var thresholds = _maxDerivative.Select(m => (float)(m * _options.SaturationRatio)).ToArray();
            // Kept across batches, so it must outlive any dispose scope the caller has open.
            _saturationThreshold = tensor(thresholds, dtype: ScalarType.Float32).reshape(thresholdShape).to(input.dtype, input.device).DetachFromDisposeScope();
        }

        // The accessor holds its own reference to the tensor's storage; dispose it rather than leave it to the GC.
        private static T[] ToArray<T>(Tensor tensor) where T : unmanaged
        {
            using var accessor = tensor.data<T>();
            return accessor.ToArray();
        }

        private static void Add(long[] totals, Tensor counts)
        {
            long[] values = ToArray<long>(counts);
            for (int u = 0; u < totals.Length; u++) totals[u] += values[u];
        }
    }
}
