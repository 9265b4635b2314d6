using System;
using System.Collections.Generic;
using System.Linq;

namespace TorchActivations.Monitoring
{
    /// <summary>
    /// What one monitored activation did over a probe pass. A unit is one index of dimension 1
    /// (a feature of a fully connected layer, a channel of a convolution); its samples are all
    /// probe examples times all spatial positions.
    /// </summary>
    public sealed class LayerActivity
    {
        public LayerActivity(string name, int units, long samplesPerUnit, int deadUnits, int saturatedUnits,
            double meanActivation, double zeroFraction, IReadOnlyList<double> maxDerivative)
        {
            Name = name;
            Units = units;
            SamplesPerUnit = samplesPerUnit;
            DeadUnits = deadUnits;
            SaturatedUnits = saturatedUnits;
            MeanActivation = meanActivation;
            ZeroFraction = zeroFraction;
            MaxDerivative = maxDerivative;
        }

        /// <summary>The name the layer was registered under.</summary>
        public string Name { get; }

        /// <summary>Units (size of dimension 1 of the activation's output).</summary>
        public int Units { get; }

        /// <summary>Probe samples seen by each unit.</summary>
        public long SamplesPerUnit { get; }

        /// <summary>Units whose derivative was below the dead threshold on every sample.</summary>
        public int DeadUnits { get; }

        /// <summary>Units whose derivative was below the saturation ratio of its maximum on at least the saturated fraction of samples.</summary>
        public int SaturatedUnits { get; }

        public double DeadFraction => Units == 0 ? 0 : (double)DeadUnits / Units;

        public double SaturatedFraction => Units == 0 ? 0 : (double)SaturatedUnits / Units;

        /// <summary>Mean of all outputs (a zero-centred activation gives values near 0).</summary>
        public double MeanActivation { get; }

        /// <summary>Fraction of all outputs that are exactly 0 (sparsity).</summary>
        public double ZeroFraction { get; }

        /// <summary>Per unit, the largest |f'(x)| found on the grid: the reference for saturation.</summary>
        public IReadOnlyList<double> MaxDerivative { get; }

        /// <summary>Dead units of all layers over all their units (each unit counts once, whatever its layer's width).</summary>
        public static double TotalDeadFraction(IEnumerable<LayerActivity> layers) => Fraction(layers, l => l.DeadUnits);

        /// <summary>Saturated units of all layers over all their units.</summary>
        public static double TotalSaturatedFraction(IEnumerable<LayerActivity> layers) => Fraction(layers, l => l.SaturatedUnits);

        private static double Fraction(IEnumerable<LayerActivity> layers, Func<LayerActivity, int> count)
        {
            var list = layers.ToList();
            long units = list.Sum(l => (long)l.Units);
            return units == 0 ? 0 : (double)list.Sum(l => (long)count(l)) / units;
        }

        public override string ToString() =>
            $"{Name}: {Units} units, dead {DeadFraction:P1}, saturated {SaturatedFraction:P1}, mean {MeanActivation:G4}, zeros {ZeroFraction:P1}";
    }
}
