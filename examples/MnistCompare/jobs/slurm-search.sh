#!/usr/bin/env bash
# The activation search as a Slurm job array: array task I runs shard I of N. All shards write to the
# same directory, $RESULTS/search, on a file system every node sees: each trains its part of every
# round and reads the other shards' results from there, so the search advances round by round across
# the array, and every shard ends by writing the whole search's report into that directory. Submit
# from the repository root, after ./build.sh demo --help has built it (sbatch passes the exported
# RESULTS on to the jobs):
#
#   export RESULTS=$PWD/results/search-1
#   sbatch --array=1-4 examples/MnistCompare/jobs/slurm-search.sh --budget 200 --batch 16
#
# Options after the script name go to every shard and must be the same for all of them (a shard
# refuses results of another search). The number of shards is the array's size: --array=1-N. The
# results depend on --batch (proposals per round), never on N; a batch of N or more keeps every shard
# busy in the first rung. Tasks of an array may start at different times: a shard waits for the
# others' trainings, and after --steal-after seconds (default 300) trains a missing one itself, so a
# task that fails or never starts delays the search but does not stop it. A resubmitted task
# (sbatch --array=I ...) skips every training already saved. `merge --out DIR $RESULTS/search`
# rewrites the report from the saved results without training.
#SBATCH --job-name=activation-search
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --output=activation-search-%A_%a.log
set -euo pipefail

DLL=examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll
[ -f "$DLL" ] || { echo "error: $DLL not found: run this from the repository root after building (./build.sh demo --help)" >&2; exit 1; }

RESULTS=${RESULTS:?set RESULTS to the shared results folder (export RESULTS=DIR before sbatch)}
: "${SLURM_ARRAY_TASK_ID:?run this script as a job array: sbatch --array=1-N $0 [options]}"
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set SHARDS=N (this Slurm does not export SLURM_ARRAY_TASK_COUNT)}}
mkdir -p "$RESULTS/search"
exec dotnet "$DLL" search --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "$RESULTS/search" "$@"
