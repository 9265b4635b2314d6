#!/usr/bin/env bash
# The activation search as a Slurm job array. Every array task is one search process working in the
# same directory, $RESULTS/search, on a file system every node sees. Submit from the repository root,
# after ./build.sh demo --help has built it (sbatch passes the exported RESULTS on to the tasks):
#
#   export RESULTS=$PWD/results/search-1
#   sbatch --array=1-4 examples/MnistCompare/jobs/slurm-search.sh --budget 200 --batch 16
#
# Options after the script name go to every task and must be the same for all of them (a task refuses
# results of another search). What to expect:
# - Tasks need not run at the same time. Each one takes the trainings no other task has claimed
#   ($RESULTS/search/claims/), publishes their results to $RESULTS/search/runs/ and reads the others'
#   results from there. A task running alone trains the whole search at the speed of one process; tasks
#   running together split every round; a task that starts late finds less left to do, and one that
#   starts after the search is complete reads the results and exits 0 within seconds. A throttled array
#   (--array=1-4%1), a busy queue or a node with room for one task at a time only change the wall time.
# - The results are those of a single-process search with the same options (the same leaderboard.json),
#   whatever the number of tasks and whenever they run; they depend on --batch (proposals per round).
#   A batch of at least the number of tasks keeps them all busy in the first rung.
# - The report (report.md, leaderboard.json, leaderboard.csv, plots in $RESULTS/search) is written once,
#   by the task that completes the search; the others log "written by another process" and exit 0.
# - A task that dies or hangs stops refreshing its claim; after --claim-timeout seconds (default 60)
#   another running task trains that unit. A resubmitted task (sbatch --array=I ...) skips every
#   training already published. `merge --out DIR $RESULTS/search` rewrites the report from the
#   published results without training.
# - Logs: $RESULTS/logs/activation-search-<array job id>_<task>.log. Should a task fail before its log
#   is open (RESULTS not set), the reason is in activation-search-<array job id>_<task>.error in the
#   submission folder.
# - A task trains one small MLP at a time with one libtorch thread (search --threads, default 1; the
#   scores depend on it, so keep it the same in runs to be compared): one CPU fits it, in well under 2 GB.
#   Give --cpus-per-task as many CPUs as --threads.
#SBATCH --job-name=activation-search
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=/dev/null
set -euo pipefail

fail() {
  echo "error: $*" >&2
  [ -n "${LOG:-}" ] || echo "error: $*" >"${SLURM_SUBMIT_DIR:-.}/${SLURM_JOB_NAME:-activation-search}-${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-0}}${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID}.error"
  exit 1
}

RESULTS=${RESULTS:-}
[ -n "$RESULTS" ] || fail "set RESULTS to the shared results folder (export RESULTS=DIR before sbatch)"
mkdir -p "$RESULTS/logs" "$RESULTS/search" || fail "cannot create $RESULTS/logs and $RESULTS/search"
LOG="$RESULTS/logs/${SLURM_JOB_NAME:-activation-search}-${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-0}}_${SLURM_ARRAY_TASK_ID:-0}.log"
exec >>"$LOG" 2>&1

: "${SLURM_ARRAY_TASK_ID:?run this script as a job array: sbatch --array=1-N $0 [options]}"
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set SHARDS=N (this Slurm does not export SLURM_ARRAY_TASK_COUNT)}}
DLL=examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll
[ -f "$DLL" ] || fail "$DLL not found: submit from the repository root after building (./build.sh demo --help)"
echo "task ${SLURM_ARRAY_TASK_ID} of ${SHARDS} (job ${SLURM_JOB_ID}) on $(hostname) with ${SLURM_CPUS_PER_TASK:-1} CPU(s), started $(date -u +%FT%TZ)"
exec dotnet "$DLL" search --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "$RESULTS/search" "$@"
