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
# The test that fine-tunes the face model for minutes is left out here (under ASan it would take
# most of CI's time); the dev suite runs it.
if [ $# -eq 0 ]; then set -- -R '^(model|core)\.' -E 'fine-tuned from the pretrained backbone'; fi
ctest --preset asan "$@"
