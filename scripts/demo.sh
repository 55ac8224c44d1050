#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and run the default accuracy scenario on the
# embedded simulated bench (virtual time: the 2 h test takes about a second).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh pumprig
exec build/rig/pumprig run scenarios/iec-accuracy-25mlh.yaml "$@"
