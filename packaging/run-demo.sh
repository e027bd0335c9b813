#!/usr/bin/env bash
# The first command for a new user: installs what is missing, builds, and
# opens the workstation on the bundled demo clip with the demo checkpoint
# loaded and the analysis running. Without a display it runs the same
# analysis with interceptor-cli and writes the PDF report, saying where.
# The demo checkpoint is a DEMONSTRATION model trained on one public-domain
# photograph (resources/demo/PROVENANCE.md): NOT evidence-grade.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target interceptor interceptor-cli
demo=resources/demo
out=build/dev/demo
mkdir -p "$out"
# The demo keeps its cases beside its outputs, not in the user's case folder.
export INTERCEPTOR_CASE_DIR=$PWD/$out/cases

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/dev/app/interceptor --demo  # both demo stages, every frame
fi
echo "no display: analysing with interceptor-cli and writing the report instead"
status=0
build/dev/app/interceptor-cli analyze "$demo/demo-clip.mp4" --checkpoint "$demo/demo-stage1.pt" --name "DEMO stage 1" \
  --checkpoint "$demo/demo-stage2.pt" --name "DEMO stage 2" --all || status=$?
case $status in 0|3) ;; *) exit "$status" ;; esac  # 3: judged fake, not a failure
build/dev/app/interceptor-cli report "$demo/demo-clip.mp4" --out "$out/demo-report.pdf" --json "$out/demo-report.json" \
  --csv "$out/demo-frames.csv" --case-id DEMO --item-id demo-clip --examiner "Interceptor demo" \
  --notes "Demonstration run on a generated clip with a DEMONSTRATION checkpoint: not evidence."
echo "the PDF report is at $out/demo-report.pdf"
