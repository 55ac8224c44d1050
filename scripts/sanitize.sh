#!/usr/bin/env bash
# Builds the tests with AddressSanitizer and UndefinedBehaviorSanitizer (PUMPRIG_SANITIZE=ON) in
# ./build-asan and runs them through CTest. Any sanitizer report fails the test that caused it:
# UBSan findings abort (-fno-sanitize-recover, halt_on_error), leaks are reported (LeakSanitizer,
# with scripts/lsan.supp suppressing third-party leaks only). No benchmarks; the AVR image is a
# cross build that no sanitizer applies to, so its CTest entry is left to the plain build.
# Arguments go to ctest, e.g. scripts/sanitize.sh -R analysis.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPUMPRIG_SANITIZE=ON -DPUMPRIG_BENCHES=OFF >/dev/null
ninja -C build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --output-on-failure -j2 -E '^firmware_rigio_avr$' "$@"
