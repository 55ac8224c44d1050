#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and run the default suite (2 h accuracy,
# occlusion at the lowest and highest alarm thresholds and at 1 ml/h, free flow) on the embedded
# simulated bench. Virtual time: the whole suite takes a few seconds. Arguments go to `pumprig
# run` (e.g. --runs-dir DIR, --speed 600).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh pumprig
exec build/rig/pumprig run scenarios/suite.yaml "$@"
