#!/usr/bin/env bash
# Installs every Debian 12 package Interceptor needs to build, run and test.
# Idempotent: prints nothing and changes nothing when everything is present.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang-format
  # LibTorch (CPU) and a fast BLAS for it (Debian's libtorch defaults to the reference BLAS)
  libtorch-dev libopenblas0-pthread
  # oneDNN's headers, for the folded network's CPU convolutions (the library LibTorch runs on)
  libdnnl-dev
  # data-parallel training: the Gloo headers that LibTorch's c10d headers include
  libgloo-dev
  # Qt 6: widgets, charts, SQL (SQLite driver), printing to PDF
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6sql6-sqlite libgl-dev
  # pixels and faces; dlib's 68-point landmark predictor and its model (training's masks and swaps)
  libopencv-dev opencv-data libdlib-dev libdlib-data
  # media
  ffmpeg libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
  # checkpoint zip (inflate, crc32), hashes, JSON metadata
  zlib1g-dev libssl-dev nlohmann-json3-dev libsqlite3-dev
  # the pretrained backbone file (TFLite is a FlatBuffers file): the verifier and schema compiler
  libflatbuffers-dev flatbuffers-compiler
  # tests: Catch2 v2, the Python reference (parity only), PDF text/images, a virtual display
  catch2 python3 python3-torch python3-torchvision python3-numpy python3-skimage python3-sklearn python3-scipy
  # benchmarks: the seed project's own OpenCV + PyTorch path through a clip
  python3-opencv
  poppler-utils xvfb xauth fonts-dejavu-core
  # packaging checks: the .desktop entry and the AppStream metadata
  desktop-file-utils appstream
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
