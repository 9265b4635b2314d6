#!/usr/bin/env bash
# A throwaway single-node Slurm on this machine, for tests: Debian's munge and Slurm daemons started by
# hand, as root, with every file (keys, sockets, config, state, logs) under one folder.
#
#   tests/slurm/cluster.sh start DIR   writes DIR/slurm.conf, starts munged, slurmctld and slurmd, waits
#                                      until the node is idle; prints the line to source for the clients
#                                      (export SLURM_CONF=DIR/slurm.conf)
#   tests/slurm/cluster.sh stop DIR    stops the daemons started by `start DIR` (by their pid files),
#                                      and the jobs they ran; leaves DIR for its logs
#
# The node has this machine's CPUs and memory; CPUs are the consumable resource (select/cons_tres,
# CR_CPU), so tasks asking for fewer CPUs than the node has share it. No cgroups: processes are tracked
# through /proc and tasks are not bound to CPUs. The ports are free ones found at start.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2

pid_of() { [ -s "$1" ] && cat "$1" 2>/dev/null || true; }

# Stops the process in a pid file: TERM, then KILL after a few seconds.
stop_pid_file() { # pid file, name
  local pid i
  pid=$(pid_of "$1")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "slurm cluster: $2 (pid $pid) did not stop; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$1"
}

# A TCP port nobody listens on, from a range away from Slurm's defaults.
free_port() { # after
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

stop() {
  [ -d "$dir" ] || return 0
  # Jobs still running belong to slurmstepd processes that outlive slurmd: cancel them first.
  if [ -f "$dir/slurm.conf" ] && [ -n "$(pid_of "$dir/run/slurmctld.pid")" ]; then
    SLURM_CONF=$dir/slurm.conf timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
  fi
  stop_pid_file "$dir/run/slurmd.pid" slurmd
  # slurmstepd processes of this cluster (their spool folder is ours): only those, by pid.
  local pid
  for pid in $(pgrep -x slurmstepd 2>/dev/null || true); do
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$dir" ||
       [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$dir/spool" ]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  stop_pid_file "$dir/run/slurmctld.pid" slurmctld
  stop_pid_file "$dir/run/munged.pid" munged
}

start() {
  [ "$(id -u)" -eq 0 ] || { echo "slurm cluster: must run as root" >&2; exit 1; }
  for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { echo "slurm cluster: $tool not found (Debian packages munge, slurmctld, slurmd, slurm-client)" >&2; exit 1; }
  done
  stop   # a leftover of an earlier start of the same folder
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 0755 "$dir"
  mkdir -p "$dir/munge" "$dir/run" "$dir/state" "$dir/spool" "$dir/log"
  chmod 0700 "$dir/munge"

  # munge: a fresh key and a private socket.
  [ -f "$dir/munge/munge.key" ] || { head -c 1024 /dev/urandom >"$dir/munge/munge.key"; chmod 0400 "$dir/munge/munge.key"; }
  munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

  local host cpus mem ctld_port node_port
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  ctld_port=$(free_port 16817)
  node_port=$(free_port $((ctld_port + 1)))
  cat >"$dir/slurm.conf" <<CONF
ClusterName=throwaway
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$node_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=10
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -f "$SLURM_CONF" -i
  slurmd -f "$SLURM_CONF" -N "$host"

  # Ready when the node is idle.
  local i state=
  for i in $(seq 1 150); do
    state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.2
  done
  if [ "$state" != idle ]; then
    echo "slurm cluster: the node did not become idle (state '${state:-unknown}'); logs in $dir/log" >&2
    tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 2>/dev/null || true
    stop
    exit 1
  fi
  echo "export SLURM_CONF=$SLURM_CONF"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
