#!/bin/sh
# Starts the real application under Xvfb on a generated clip, analyses it
# with two checkpoints, and keeps screenshots of the main window mid-analysis
# and of the compare mode as test artefacts; fails if either is missing or blank.
# usage: screenshots.sh INTERCEPTOR CLIP CHECKPOINT_A CHECKPOINT_B OUT_DIR
set -eu
app=$1 clip=$2 a=$3 b=$4 out=$5
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$out/main-mid-analysis.png" "$out/compare.png"
XDG_CONFIG_HOME="$work/config" INTERCEPTOR_CASE_DIR="$work/cases" timeout 300 \
  xvfb-run -a -s "-screen 0 1366x768x24" "$app" "$clip" \
    --checkpoint "$a" --name "Stage 1" --checkpoint "$b" --name "Stage 2" --every 2 --analyze --seek 40 \
    --screenshot "$out/main-mid-analysis.png@half" --quit-after-screenshots
XDG_CONFIG_HOME="$work/config" INTERCEPTOR_CASE_DIR="$work/cases" timeout 300 \
  xvfb-run -a -s "-screen 0 1366x768x24" "$app" "$clip" --every 2 --analyze --compare --seek 40 \
    --screenshot "$out/compare.png@done" --quit-after-screenshots
for f in main-mid-analysis compare; do
  size=$(stat -c %s "$out/$f.png")
  [ "$size" -gt 20000 ] || { echo "$f.png is too small ($size bytes) to be a real screenshot"; exit 1; }
done
echo "screenshots in $out"
