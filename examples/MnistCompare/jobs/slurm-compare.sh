#!/usr/bin/env bash
# The MNIST comparison as a Slurm job array: array task I runs shard I of N, writing to $RESULTS/shard-I
# on a file system every node sees; then one merge job writes the report to $RESULTS/merged. Submit from
# the repository root, after ./build.sh demo --help has built it (sbatch passes the exported RESULTS on
# to the jobs):
#
#   export RESULTS=$PWD/results/cluster-1
#   jid=$(sbatch --parsable --array=1-4 examples/MnistCompare/jobs/slurm-compare.sh --epochs 10)
#   sbatch --dependency=afterok:$jid examples/MnistCompare/jobs/slurm-compare.sh merge
#
# Options after the script name go to every shard and must be the same for all of them (merge refuses
# shards of different configurations). What to expect:
# - The number of shards is the array's size (--array=1-N); shard I runs the runs k with k mod N = I - 1,
#   on its own, so tasks need not run at the same time: a throttled array (--array=1-4%1) or a busy
#   queue only changes the wall time. The merge job starts when every shard has succeeded.
# - $RESULTS/merged then holds exactly what a single-process comparison with the same options writes
#   (metrics.json, metrics.csv, report.md, plots), apart from timings.
# - A shard that fails or is preempted can be resubmitted alone (sbatch --array=I ...): it skips the runs
#   it had finished; then submit the merge again.
# - Logs: $RESULTS/logs/mnist-compare-<array job id>_<shard>.log for the shards and
#   $RESULTS/logs/mnist-compare-merge-<job id>.log for the merge. Should a job fail before its log is
#   open (RESULTS not set), the reason is in mnist-compare-<job id>[_<shard>].error in the
#   submission folder.
# - Each shard trains one network at a time with 2 CPUs (libtorch uses the task's CPUs) in well under
#   4 GB. The first shard to start fetches MNIST into the shared cache; to avoid that, run the program
#   once beforehand or pass --data-dir with the four files.
#SBATCH --job-name=mnist-compare
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=/dev/null
set -euo pipefail

fail() {
  echo "error: $*" >&2
  [ -n "${LOG:-}" ] || echo "error: $*" >"${SLURM_SUBMIT_DIR:-.}/${SLURM_JOB_NAME:-mnist-compare}-${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-0}}${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID}.error"
  exit 1
}

RESULTS=${RESULTS:-}
[ -n "$RESULTS" ] || fail "set RESULTS to the shared results folder (export RESULTS=DIR before sbatch)"
mkdir -p "$RESULTS/logs" || fail "cannot create $RESULTS/logs"
if [ "${1:-}" = merge ]; then
  LOG="$RESULTS/logs/${SLURM_JOB_NAME:-mnist-compare}-merge-${SLURM_JOB_ID:-0}.log"
else
  LOG="$RESULTS/logs/${SLURM_JOB_NAME:-mnist-compare}-${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-0}}_${SLURM_ARRAY_TASK_ID:-0}.log"
fi
exec >>"$LOG" 2>&1

DLL=examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll
[ -f "$DLL" ] || fail "$DLL not found: submit from the repository root after building (./build.sh demo --help)"
# libtorch's threads: the task's CPUs.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}

if [ "${1:-}" = merge ]; then
  echo "merge (job ${SLURM_JOB_ID}) on $(hostname), started $(date -u +%FT%TZ)"
  exec dotnet "$DLL" merge --out "$RESULTS/merged" "$RESULTS"/shard-*
fi

: "${SLURM_ARRAY_TASK_ID:?run this script as a job array: sbatch --array=1-N $0 [options]}"
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set SHARDS=N (this Slurm does not export SLURM_ARRAY_TASK_COUNT)}}
echo "shard ${SLURM_ARRAY_TASK_ID} of ${SHARDS} (job ${SLURM_JOB_ID}) on $(hostname) with ${OMP_NUM_THREADS} CPU(s), started $(date -u +%FT%TZ)"
exec dotnet "$DLL" --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "$RESULTS/shard-${SLURM_ARRAY_TASK_ID}" "$@"
