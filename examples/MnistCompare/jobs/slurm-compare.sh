#!/usr/bin/env bash
# The MNIST comparison as a Slurm job array: array task I runs shard I of N, writing to
# $RESULTS/shard-I on a file system every node sees; then one merge job writes the report to
# $RESULTS/merged. Submit from the repository root, after ./build.sh demo --help has built it
# (sbatch passes the exported RESULTS on to the jobs):
#
#   export RESULTS=$PWD/results/cluster-1
#   jid=$(sbatch --parsable --array=1-4 examples/MnistCompare/jobs/slurm-compare.sh --epochs 10)
#   sbatch --dependency=afterok:$jid examples/MnistCompare/jobs/slurm-compare.sh merge
#
# Options after the script name go to every shard and must be the same for all of them (merge refuses
# shards of different configurations). The number of shards is the array's size: --array=1-N.
# A shard that fails or is preempted can be resubmitted alone (sbatch --array=I ...): it skips the
# runs it had finished. The first shard to start fetches MNIST into the shared cache; to avoid that, run
# the program once beforehand or pass --data-dir with the four files.
#SBATCH --job-name=mnist-compare
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=mnist-compare-%A_%a.log
set -euo pipefail

DLL=examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll
[ -f "$DLL" ] || { echo "error: $DLL not found: run this from the repository root after building (./build.sh demo --help)" >&2; exit 1; }

RESULTS=${RESULTS:?set RESULTS to the shared results folder (export RESULTS=DIR before sbatch)}

if [ "${1:-}" = merge ]; then
  exec dotnet "$DLL" merge --out "$RESULTS/merged" "$RESULTS"/shard-*
fi

: "${SLURM_ARRAY_TASK_ID:?run this script as a job array: sbatch --array=1-N $0 [options]}"
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set SHARDS=N (this Slurm does not export SLURM_ARRAY_TASK_COUNT)}}
mkdir -p "$RESULTS"
exec dotnet "$DLL" --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "$RESULTS/shard-${SLURM_ARRAY_TASK_ID}" "$@"
