#!/usr/bin/env bash
# Installs what is missing, builds (Ninja, ccache) and runs every test with
# CTest. The last line is CTest's summary. Usage: packaging/run-tests.sh [ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev "$@"
