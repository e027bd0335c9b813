#!/usr/bin/env bash
# Builds the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer, any
# report fails the test) and runs tests under it. With no arguments it runs
# the model and core tests (what CI runs); otherwise the arguments go to
# ctest, e.g. `packaging/run-sanitizer-tests.sh` `-E packaging` for the rest.
# usage: packaging/run-sanitizer-tests.sh [ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset asan >/dev/null
cmake --build --preset asan
if [ $# -eq 0 ]; then set -- -R '^(model|core)\.'; fi
ctest --preset asan "$@"
