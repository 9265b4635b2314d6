#!/usr/bin/env bash
# The fused kernels against the composite paths and libtorch's built-ins: the 2^24-element layer table (1 and
# 2 threads, interleaved medians, heap held and peak, a plain copy as the bandwidth limit), the small-input
# table behind ActivationKernels.MinimumElements, then MNIST epochs per activation with the fused kernels
# and with TORCHACTIVATIONS_KERNELS=composite.
# Usage: benchmarks/run-kernels.sh [--quick]   (after ./build.sh test or demo has installed the prerequisites)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/ActivationBenchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build examples/MnistCompare -c Release --nologo -v quiet -clp:ErrorsOnly
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dotnet benchmarks/ActivationBenchmarks/bin/Release/net10.0/ActivationBenchmarks.dll --kernels "$@"
echo
dotnet benchmarks/ActivationBenchmarks/bin/Release/net10.0/ActivationBenchmarks.dll --small "$@"

activations='swish;gelu:approximate=tanh;rrelu;clipped_relu:ceiling=6;maxout:pieces=2'
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo
echo "MNIST, MLP 784-256-256-10, batch 64, 60,000 training images: median seconds of training per epoch"
echo "over 2 runs of 2 epochs each, the fused and composite runs alternating:"
echo "| activation | fused (s) | composite (s) |"
echo "|---|---:|---:|"
for round in 1 2; do
  for mode in fused composite; do
    env TORCHACTIVATIONS_KERNELS=$mode dotnet examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll \
      --epochs 2 --activations "$activations" --out "$out/$mode-$round" > /dev/null
  done
done
# metrics.csv: activation, lr, seed, parameters, epoch, train_loss, test_loss, test_accuracy, seconds, ...
median_per_activation() { # mode
  awk -F, 'FNR > 1 && $5 > 0 {print $1 "," $9}' "$out/$1"-*/metrics.csv | sort -t, -k1,1 -k2,2g |
    awk -F, '{v[$1] = v[$1] " " $2; n[$1]++} END {for (a in v) {split(substr(v[a], 2), s, " "); m = n[a] % 2 ? s[(n[a] + 1) / 2] : (s[n[a] / 2] + s[n[a] / 2 + 1]) / 2; print a "," m}}' | sort
}
join -t, <(median_per_activation fused) <(median_per_activation composite) | awk -F, '{printf "| %s | %.2f | %.2f |\n", $1, $2, $3}'
