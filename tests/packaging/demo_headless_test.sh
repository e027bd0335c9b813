#!/bin/sh
# Runs the README's first command (packaging/run-demo.sh) without a display,
# as a user on a server would, and checks that it wrote the PDF report and
# that the report names the demo clip's SHA-256.
# usage: demo_headless_test.sh SOURCE_DIR
set -eu
source=$1
out=$source/build/dev/demo
mkdir -p "$out"  # for the log; run-demo.sh makes it too, but a fresh clone has none yet
rm -f "$out/demo-report.pdf"
env -u DISPLAY -u WAYLAND_DISPLAY "$source/packaging/run-demo.sh" | tee "$out/run-demo.log"
[ -s "$out/demo-report.pdf" ] || { echo "FAIL: no $out/demo-report.pdf"; exit 1; }
grep -q "demo-report.pdf" "$out/run-demo.log" || { echo "FAIL: run-demo.sh did not say where the report is"; exit 1; }
hash=$(sha256sum "$source/resources/demo/demo-clip.mp4" | cut -d' ' -f1)
pdftotext -layout "$out/demo-report.pdf" - | tr -d ' \n' | grep -q "$hash" || { echo "FAIL: the report does not name $hash"; exit 1; }
echo "the headless demo wrote $out/demo-report.pdf naming the clip's SHA-256 $hash"
