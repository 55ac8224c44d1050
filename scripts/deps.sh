#!/usr/bin/env bash
# Installs the Debian packages pumprig needs, and only those that are missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libserialport-dev libboost-test-dev libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev
  nlohmann-json3-dev libfccp-dev libbenchmark-dev libssl-dev libsqlite3-dev
  gcc-avr avr-libc binutils-avr
  libcairo2-dev libpango1.0-dev poppler-utils libxml2-utils
  # The CI-style test (tests/ci/ci_regression.py) checks every --json output against its schema.
  python3 python3-jsonschema
  # pumprig-gui: Dear ImGui (static, with its GLFW and OpenGL3 backends), GLFW, OpenGL; xvfb and
  # xauth (only a Recommends of xvfb) for the screenshot test under xvfb-run.
  libimgui-dev libglfw3-dev libgl-dev xvfb xauth
  # The fuzz targets (scripts/fuzz.sh): libFuzzer comes with clang, but its runtime
  # (-fsanitize=fuzzer) is in libclang-rt-14-dev, which clang only Recommends; llvm-14 brings
  # llvm-symbolizer, for readable stack traces in sanitizer reports.
  clang-14 libclang-rt-14-dev llvm-14
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "pumprig: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
