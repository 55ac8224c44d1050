#!/usr/bin/env bash
# Quick start 2: install what is missing, build everything, run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2 "$@"
