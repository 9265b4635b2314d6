#!/usr/bin/env bash
# Binding overhead: a tiny op and an MNIST-MLP training step, from C++ and from C#.
# Usage: benchmarks/run-overhead.sh   (after ./build.sh test or demo has installed the prerequisites)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S native -B native/build-bench -DCMAKE_BUILD_TYPE=Release -DTA_BUILD_BENCH=ON > /dev/null
cmake --build native/build-bench --target overhead_bench -j 2 > /dev/null
dotnet build benchmarks/BindingOverhead -c Release --nologo -v quiet -clp:ErrorsOnly
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
native/build-bench/overhead_bench
dotnet benchmarks/BindingOverhead/bin/Release/net10.0/BindingOverhead.dll
