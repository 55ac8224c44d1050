#!/usr/bin/env bash
# The fuzz targets of fuzz/ as libFuzzer binaries (clang 14, ASan, UBSan), built in ./build-fuzz
# (only the targets and the libraries they need).
#   scripts/fuzz.sh TARGET SECONDS   fuzz one target (e.g. csv_readings) for SECONDS; new inputs
#                                    go to build-fuzz/fuzz/found/TARGET, a crash input to
#                                    build-fuzz/fuzz/artifacts/ (named in the output)
#   scripts/fuzz.sh --smoke          every target for a short fixed number of executions (CTest)
#   scripts/fuzz.sh --list           the target names
# Extra arguments after SECONDS go to libFuzzer (e.g. -jobs=2, -dict=...).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
targets() { for f in fuzz/fuzz_*.cpp; do f=${f#fuzz/fuzz_}; echo "${f%.cpp}"; done; }
[ $# -ge 1 ] || usage
if [ "$1" = --list ]; then targets; exit 0; fi
mode=$1
if [ "$mode" != --smoke ]; then
  [ $# -ge 2 ] || usage
  name=${1#fuzz_}
  seconds=$2
  shift 2
  [ -f "fuzz/fuzz_$name.cpp" ] || { echo "pumprig: no fuzz target '$name' (scripts/fuzz.sh --list)" >&2; exit 2; }
  [[ $seconds =~ ^[0-9]+$ ]] || { echo "pumprig: SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }
fi

CXX=${PUMPRIG_FUZZ_CXX:-clang++-14}
command -v "$CXX" >/dev/null || { echo "pumprig: $CXX not found (scripts/deps.sh installs clang-14)" >&2; exit 2; }
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX" -DPUMPRIG_FUZZ=ON >/dev/null
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"

if [ "$mode" = --smoke ]; then
  ninja -C build-fuzz -j"$(nproc)" fuzz_targets
  shift
  exec ctest --test-dir build-fuzz --output-on-failure -L fuzz "$@"
fi

ninja -C build-fuzz -j"$(nproc)" "fuzz_$name"
found=build-fuzz/fuzz/found/$name
mkdir -p "$found" build-fuzz/fuzz/artifacts
exec "build-fuzz/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="build-fuzz/fuzz/artifacts/$name-" "$@" "$found" "fuzz/corpus/$name"
