#!/usr/bin/env bash
# The fused kernels against the composite paths and libtorch's built-ins: the 2^24-element layer table (1 and
# 2 threads, interleaved medians, heap held and peak, a plain copy as the bandwidth limit), the small-input
# table behind ActivationKernels.MinimumElements, the MNIST example's training step on both paths in one
# process (blocks of steps alternating), then MNIST epochs per activation with the fused kernels
# and with TORCHACTIVATIONS_KERNELS=composite (--quick: one round instead of five).
# Usage: benchmarks/run-kernels.sh [--quick]   (after ./build.sh test or demo has installed the prerequisites)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/ActivationBenchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build examples/MnistCompare -c Release --nologo -v quiet -clp:ErrorsOnly
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
dotnet benchmarks/ActivationBenchmarks/bin/Release/net10.0/ActivationBenchmarks.dll --kernels "$@"
echo
dotnet benchmarks/ActivationBenchmarks/bin/Release/net10.0/ActivationBenchmarks.dll --small "$@"
echo
dotnet benchmarks/ActivationBenchmarks/bin/Release/net10.0/ActivationBenchmarks.dll --mlp "$@"

activations='relu;swish;gelu;gelu:approximate=tanh;rrelu;clipped_relu:ceiling=6;maxout:pieces=2'
rounds=5
[[ " $* " == *" --quick "* ]] && rounds=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo
echo "MNIST, MLP 784-256-256-10, batch 64, 60,000 training images, seconds of training per epoch: in each of"
echo "$rounds rounds one fused and one composite process (alternating) train every activation for 3 epochs; a"
echo "training's time is the median of its epochs 2 and 3 (the first pays for JIT compilation), and the table"
echo "gives the median over rounds, then each round's. relu runs the same code in both modes: its spread is the"
echo "machine's noise (a whole training sometimes runs 20-30% slow, in either mode)."
echo "| activation | fused (s) | composite (s) | fused, by round | composite, by round |"
echo "|---|---:|---:|---|---|"
for round in $(seq 1 $rounds); do
  for mode in fused composite; do
    env TORCHACTIVATIONS_KERNELS=$mode dotnet examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll \
      --epochs 3 --activations "$activations" --out "$out/$mode-$round" > /dev/null
  done
done
median() { sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# metrics.csv: activation, lr, seed, parameters, epoch, train_loss, test_loss, test_accuracy, seconds, ...
per_round() { # mode activation: one training time per round
  for round in $(seq 1 $rounds); do
    awk -F, -v a="$2" 'FNR > 1 && $1 == a && $5 > 1 {print $9}' "$out/$1-$round/metrics.csv" | median
    echo
  done
}
IFS=';' read -ra names <<< "$activations"
for a in "${names[@]}"; do
  f=$(per_round fused "$a"); c=$(per_round composite "$a")
  echo "| $a | $(median <<< "$f") | $(median <<< "$c") | $(paste -sd' ' <<< "$f") | $(paste -sd' ' <<< "$c") |"
done
