#!/usr/bin/env bash
# The MnistCompare job files under a real Slurm: starts a throwaway single-node Slurm on this machine
# (tests/slurm/cluster.sh: Debian's munge and Slurm, installed when missing, daemons started by hand as
# root and stopped at the end, whatever happens), submits the job files as their headers say, from the
# repository root, and checks their results against single-process runs of the program:
#
#   - compare: a 2-task array and the merge job after it; the merged metrics.json equals the single
#     process's apart from timings.
#   - search: a 2-task array, once unthrottled (--array=1-2) and once one task at a time (--array=1-2%1);
#     both leaderboards (json, csv) are byte-identical to the single process's, the unthrottled array
#     finishes no later than the single process (where the machine can run two processes side by side
#     at full speed), the throttled one within twice its time, and the report is written by exactly
#     one task.
#   - the logs are in $RESULTS/logs under their documented names, none in the repository root.
#
# Times run from submission until the last task has left the queue; the single-process times are the
# program's wall time, the comparison's with as many libtorch threads as the job file gives a task (the
# search's threads are its own, --threads).
#
# The timing checks need the machine to themselves: when other work uses more than 30% of its CPU time
# in the 3 s before the test starts, they are reported as skipped, with the times measured; so is the
# check of the unthrottled array when two CPU-bound processes side by side run less than 1.5x as fast
# as one after the other (a loaded machine, or virtual CPUs shared on their host), and a timing check
# whose trainings (their own durations, summed over the tasks) ran more than 1.3x slower than the
# single process's, beyond what two at once explain: other work started during the run.
#
# Needs root, Debian (apt-get), node and the built program (./build.sh test builds it and runs this).
# The result is the line "slurm: N checks passed, M failed, K skipped", or "slurm: not run: <why>"
# (exit 0) where this machine cannot run it, or "slurm: failed: <why>" when it could not get as far
# as the checks. SLURM_TEST_KEEP=1 keeps the work folder (it is kept on failure).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

not_run() { echo "slurm: not run: $*"; exit 0; }
broken() { echo "slurm: failed: $*"; FAILED=$((${FAILED:-0} + 1)); exit 1; }

[ "$(uname -s)" = Linux ] || not_run "Slurm runs on Linux only"
[ "$(id -u)" -eq 0 ] || not_run "needs root (it starts munged, slurmctld and slurmd)"
[ -f /etc/debian_version ] && command -v apt-get >/dev/null || not_run "needs Debian and apt-get for the munge and Slurm packages"
command -v node >/dev/null || not_run "needs node to compare the results (./build.sh test installs it)"
command -v dotnet >/dev/null || not_run "needs the .NET SDK"
DLL=examples/MnistCompare/bin/Release/net10.0/MnistCompare.dll
[ -f "$DLL" ] || broken "$DLL is missing: build first (./build.sh test)"

PACKAGES=(munge slurmctld slurmd slurm-client)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "slurm: installing ${missing[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null 2>&1 ||
    broken "could not install ${missing[*]} with apt-get"
fi

# The options of the runs: small, so the whole test takes a couple of minutes.
SEARCH_OPTIONS=(--quick --epochs 4)
COMPARE_OPTIONS=(--quick --activations "relu,tanh,swish,gelu" --seeds 1,2 --epochs 1 --train-subset 3000 --test-subset 1000)
# Threads per comparison process, as the job file gives its tasks (its --cpus-per-task; the search
# sets its own, --threads, default 1).
COMPARE_THREADS=$(sed -n 's/^#SBATCH --cpus-per-task=//p' examples/MnistCompare/jobs/slurm-compare.sh)

WORK=$(mktemp -d /tmp/mnist-slurm.XXXXXX)
chmod 0755 "$WORK"
CLUSTER=$WORK/cluster
PASSED=0 FAILED=0 SKIPPED=0
# Other work on the machine makes the timings meaningless: how busy its CPUs are over 3 s before the test.
cpu_times() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat; }
read -r total0 idle0 < <(cpu_times); sleep 3; read -r total1 idle1 < <(cpu_times)
USED=$(awk -v t="$((total1 - total0))" -v i="$((idle1 - idle0))" 'BEGIN {printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0)}')
BUSY=
[ "$USED" -le 30 ] || BUSY="the machine was busy (${USED}% of its CPU time used by other work before the test)"

cleanup() {
  tests/slurm/cluster.sh stop "$CLUSTER" >/dev/null 2>&1 || true
  if [ "$FAILED" -eq 0 ] && [ "${SLURM_TEST_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "slurm: work folder kept: $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A timing check: one that holds always counts as passed. One that does not is skipped, with the reason,
# on a busy machine, or, when it takes two CPUs (two tasks at once), on one whose two CPUs do not run two
# processes at once at full speed (a virtual machine's CPUs shared on its host).
timing_check() { # needs two CPUs (yes/no), the phase's logs (a glob), description, then the command
  local parallel=$1 logs=$2 expected slowdown
  shift 2
  # The trainings' own durations, summed over the phase's tasks, against the single process's: as
  # expected (1, or 2/speedup for two tasks at once) unless other work took CPU time during the phase.
  expected=1
  [ "$parallel" = yes ] && expected=$(awk -v s="$SPEEDUP" 'BEGIN {print 2 / s}')
  # shellcheck disable=SC2086
  slowdown=$(awk -v a="$(training_seconds $logs)" -v b="$(training_seconds "$WORK/single-search.log")" -v e="$expected" \
    'BEGIN {printf "%.2f", (b > 0 ? a / b / e : 1)}')
  if "${@:2}"; then
    check "$@"
  elif [ -n "$BUSY" ]; then
    SKIPPED=$((SKIPPED + 1)); echo "slurm: skip $1: $BUSY"
  elif [ "$parallel" = yes ] && [ -n "$NO_PARALLEL" ]; then
    SKIPPED=$((SKIPPED + 1)); echo "slurm: skip $1: $NO_PARALLEL"
  elif awk -v s="$slowdown" 'BEGIN {exit !(s > 1.3)}'; then
    SKIPPED=$((SKIPPED + 1)); echo "slurm: skip $1: other work slowed its trainings down ${slowdown}x beyond what was expected"
  else
    check "$@"
  fi
}

# The seconds of the trainings a search's output reports as trained in its own process, summed.
training_seconds() { # logs...
  cat "$@" 2>/dev/null | grep -o '(trained here[^()]*, [0-9.]* s)$' | awk -F', ' '{sub(/ s\)$/, "", $NF); s += $NF} END {print s + 0}'
}

# How much faster two CPU-bound processes run side by side than one after the other (2 at best).
parallel_speedup() {
  local t0 one two
  spin() { awk 'BEGIN {for (i = 0; i < 4e6; i++) s += i * i}'; }
  t0=$(now); spin; spin; one=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {print b - a}')
  t0=$(now); spin & spin; wait; two=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {print b - a}')
  awk -v a="$one" -v b="$two" 'BEGIN {printf "%.2f", a / b}'
}

check() { # description, then a command that succeeds when the check passes
  local what=$1
  shift
  if "$@"; then
    PASSED=$((PASSED + 1)); echo "slurm: ok   $what"
  else
    FAILED=$((FAILED + 1)); echo "slurm: FAIL $what"
  fi
}

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a <= b)}'; }
times() { awk -v a="$1" -v f="$2" 'BEGIN {printf "%.1f", a * f}'; }

# Waits until the jobs (ids, comma-separated) have left the queue; false after the time limit.
wait_jobs() { # ids, limit in seconds
  local deadline=$(($(date +%s) + $2))
  while squeue -h -j "$1" -t PD,R,CG,CF,S,RQ,RS,SE 2>/dev/null | grep -q .; do
    if [ "$(date +%s)" -ge "$deadline" ]; then scancel "${1//,/ }" 2>/dev/null; return 1; fi
    sleep 0.2
  done
}

# True when every task of the jobs completed with exit code 0.
all_completed() { # ids...
  local id states
  for id in "$@"; do
    states=$(scontrol -o show job "$id" 2>/dev/null | sed -E 's/.*JobState=([A-Z_]+) .* ExitCode=([0-9:]+).*/\1 \2/')
    [ -n "$states" ] || return 1
    if echo "$states" | grep -qv '^COMPLETED 0:0$'; then echo "$states" | sed 's/^/  job '"$id"': /'; return 1; fi
  done
}

# metrics.json without its timing fields, as one line of JSON.
metrics_without_timing() { # results folder
  node -e '
    const fs = require("fs");
    const strip = v => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).filter(([k]) => !["seconds", "elapsed_seconds", "started_utc"].includes(k)).map(([k, x]) => [k, strip(x)])) : v;
    console.log(JSON.stringify(strip(JSON.parse(fs.readFileSync(process.argv[1] + "/metrics.json", "utf8")))));' "$1"
}

same_metrics() { [ -f "$1/metrics.json" ] && [ -f "$2/metrics.json" ] && [ "$(metrics_without_timing "$1")" = "$(metrics_without_timing "$2")" ]; }
same_leaderboard() { cmp -s "$1/leaderboard.json" "$2/leaderboard.json" && cmp -s "$1/leaderboard.csv" "$2/leaderboard.csv"; }
files_exist() { local f; for f in "$@"; do [ -f "$f" ] || { echo "  missing: $f"; return 1; }; done; }
count_lines() { cat "$@" 2>/dev/null | grep -c . || true; }
# How many of the logs say that another process wrote the report, and how many name the report at all.
report_lines() { # logs...
  echo "$(cat "$@" 2>/dev/null | grep -c '^Report: .*written by another process' || true) $(cat "$@" 2>/dev/null | grep -c '^Report: ' || true)"
}
root_listing() { ls -A "$ROOT"; }

# --- Single-process runs, the references (MNIST is fetched into the cache here if missing). ---
t0=$(now)
dotnet "$DLL" search "${SEARCH_OPTIONS[@]}" --out "$WORK/single-search" >"$WORK/single-search.log" 2>&1 ||
  broken "the single-process search failed: $(tail -n 3 "$WORK/single-search.log")"
SINGLE_SEARCH=$(seconds "$t0" "$(now)")
t0=$(now)
OMP_NUM_THREADS=$COMPARE_THREADS dotnet "$DLL" "${COMPARE_OPTIONS[@]}" --out "$WORK/single-compare" >"$WORK/single-compare.log" 2>&1 ||
  broken "the single-process comparison failed: $(tail -n 3 "$WORK/single-compare.log")"
SINGLE_COMPARE=$(seconds "$t0" "$(now)")
echo "slurm: single process: search ${SINGLE_SEARCH} s, comparison ${SINGLE_COMPARE} s (${COMPARE_THREADS} thread(s))"

# --- The cluster. ---
environment=$(tests/slurm/cluster.sh start "$CLUSTER") || broken "could not start Slurm (logs in $CLUSTER/log)"
eval "$environment"
echo "slurm: single-node Slurm up: $(sinfo -h -o '%n %c CPUs %m MB %t')"
before=$(root_listing)

# --- compare: the array, then the merge, exactly as the job file's header says. ---
export RESULTS=$WORK/compare
t0=$(now)
jid=$(sbatch --parsable --array=1-2 examples/MnistCompare/jobs/slurm-compare.sh "${COMPARE_OPTIONS[@]}")
mid=$(sbatch --parsable --dependency=afterok:$jid examples/MnistCompare/jobs/slurm-compare.sh merge)
wait_jobs "$jid,$mid" 600
COMPARE_TIME=$(seconds "$t0" "$(now)")
echo "slurm: compare array (2 tasks) and merge: ${COMPARE_TIME} s"
check "compare: every task and the merge completed" all_completed "$jid" "$mid"
check "compare: the merge equals the single-process comparison" same_metrics "$WORK/single-compare" "$RESULTS/merged"
check "compare: logs in \$RESULTS/logs (mnist-compare-${jid}_1.log, _2.log, mnist-compare-merge-${mid}.log)" \
  files_exist "$RESULTS/logs/mnist-compare-${jid}_1.log" "$RESULTS/logs/mnist-compare-${jid}_2.log" "$RESULTS/logs/mnist-compare-merge-${mid}.log"

# --- search: a 2-task array, all at once and one task at a time. ---
run_search() { # name, --array value, time limit (s) for the check, whether the tasks run at once (yes/no)
  local name=$1 array=$2 limit=$3 parallel=$4 jid elapsed counts
  export RESULTS=$WORK/$name
  t0=$(now)
  jid=$(sbatch --parsable --array="$array" examples/MnistCompare/jobs/slurm-search.sh "${SEARCH_OPTIONS[@]}")
  wait_jobs "$jid" 600
  elapsed=$(seconds "$t0" "$(now)")
  echo "slurm: search array --array=$array: ${elapsed} s (single process ${SINGLE_SEARCH} s)"
  check "search --array=$array: both tasks completed" all_completed "$jid"
  check "search --array=$array: leaderboard byte-identical to the single process's" same_leaderboard "$WORK/single-search" "$RESULTS/search"
  timing_check "$parallel" "$RESULTS/logs/activation-search-${jid}_*.log" "search --array=$array: finished in ${elapsed} s, at most ${limit} s" at_most "$elapsed" "$limit"
  check "search --array=$array: logs in \$RESULTS/logs (activation-search-${jid}_1.log, _2.log)" \
    files_exist "$RESULTS/logs/activation-search-${jid}_1.log" "$RESULTS/logs/activation-search-${jid}_2.log"
  counts=$(report_lines "$RESULTS"/logs/activation-search-"${jid}"_*.log)
  check "search --array=$array: the report written by one task, the other saw it (${counts% *} of ${counts#* })" [ "$counts" = "1 2" ]
  case "$array" in *%1)
    check "search --array=$array: the second task found nothing left to train" grep -q '^0 trainings run here' "$RESULTS/logs/activation-search-${jid}_2.log" ;;
  esac
  LAST_SEARCH_TIME=$elapsed
}
# The tasks at once: no later than the single process, where the machine can run two processes at once.
SPEEDUP=$(parallel_speedup)
NO_PARALLEL=
awk -v s="$SPEEDUP" 'BEGIN {exit !(s < 1.5)}' && NO_PARALLEL="this machine runs two processes side by side only ${SPEEDUP}x as fast as one after the other"
echo "slurm: two processes side by side run ${SPEEDUP}x as fast as one after the other here"
run_search search-together 1-2 "$SINGLE_SEARCH" yes
TOGETHER=$LAST_SEARCH_TIME
# One task at a time: the first does all the work, the second finds it done.
run_search search-throttled 1-2%1 "$(times "$SINGLE_SEARCH" 2)" no
THROTTLED=$LAST_SEARCH_TIME

check "nothing written into the repository root by the jobs" [ "$before" = "$(root_listing)" ]

echo "slurm: times: single-process search ${SINGLE_SEARCH} s, array ${TOGETHER} s, array %1 ${THROTTLED} s; single-process comparison ${SINGLE_COMPARE} s, array and merge ${COMPARE_TIME} s"
echo "slurm: ${PASSED} checks passed, ${FAILED} failed, ${SKIPPED} skipped"
[ "$FAILED" -eq 0 ]
