#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang, ASan + UBSan), makes their
# seed corpora and runs each for SECONDS (default 600), one after the other
# with one job each, or two at a time with --parallel. Prints, per target,
# executions, coverage (edges), corpus size and findings; crashing inputs are
# left in build/fuzz/findings/<target>/ - copy each into
# tests/fuzz/regressions/<target>/ once fixed, so the test suite replays it.
# usage: tests/fuzz/run-fuzzers.sh [SECONDS] [--parallel] [target...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=600 parallel=0 targets=()
for a in "$@"; do
  case $a in
    --parallel) parallel=1 ;;
    [0-9]*) seconds=$a ;;
    *) targets+=("$a") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(unpickler zip checkpoint decoder tflite)
bash packaging/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
out=build/fuzz
[ -d build/dev/fixtures ] || mkdir -p build/dev/fixtures
tests/fuzz/make-seeds.sh build/dev/fixtures "$out/seeds" >/dev/null

run_one() {
  local t=$1 corpus=$out/corpus/$1 findings=$out/findings/$1
  mkdir -p "$corpus" "$findings"
  # The checkpoint and decoder targets write their input to a file; keep it in memory.
  TMPDIR=/dev/shm ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$out/tests/fuzz/fuzz_$t" "$corpus" "$out/seeds/$t" "tests/fuzz/regressions/$t" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
      -artifact_prefix="$findings/" -print_final_stats=1 >"$out/fuzz_$t.log" 2>&1 || true
}
if [ $parallel -eq 1 ]; then
  for t in "${targets[@]}"; do run_one "$t" & sleep 1; while [ "$(jobs -rp | wc -l)" -ge 2 ]; do sleep 5; done; done
  wait
else
  for t in "${targets[@]}"; do run_one "$t"; done
fi

printf '%-11s %10s %8s %8s %8s %s\n' target seconds execs edges corpus findings
for t in "${targets[@]}"; do
  log=$out/fuzz_$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(ls "$out/corpus/$t" | wc -l)
  found=$(ls "$out/findings/$t" | wc -l)
  printf '%-11s %10s %8s %8s %8s %s\n' "$t" "$seconds" "${execs:-?}" "${edges:-?}" "$corpus" "$found"
done
