#!/usr/bin/env bash
# Screenshots of the workstation on the bundled demo, under Xvfb, for the
# README: the main window mid-analysis, the finished analysis with a bookmark
# on the manipulated stretch, and compare mode with the two demo stage
# checkpoints, and a two-person clip with a box and a timeline curve per face
# track. Settings and cases go to a temporary folder.
# usage: packaging/make-screenshots.sh [OUT_DIR]   (default docs/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
app=build/dev/app/interceptor
[ -x "$app" ] || { echo "build first: cmake --build --preset dev"; exit 1; }
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shoot() {
  XDG_CONFIG_HOME="$work/config" INTERCEPTOR_CASE_DIR="$work/cases" timeout 600 \
    xvfb-run -a -s "-screen 0 1600x900x24" "$app" --demo "$@" --quit-after-screenshots
}
# Frame 112 (4.5 s) is inside the manipulated stretch (3.0-6.5 s).
shoot --screenshot "$out/demo-mid-analysis.png@half"
shoot --seek 112 --bookmark "warning:seam and colour step around the face" --screenshot "$out/demo-bookmarked.png@done"
shoot --compare --seek 112 --screenshot "$out/demo-compare.png@done"
# Two people: the demo clip beside a mirrored copy of itself started 4 s later, so each face has its
# manipulated stretch at another time (the same public-domain photograph twice; no research footage
# goes into the project). Frame 40 (1.6 s): the right face is inside its stretch, the left is not.
ffmpeg -hide_banner -loglevel error -y -i resources/demo/demo-clip.mp4 -ss 4 -i resources/demo/demo-clip.mp4 \
  -filter_complex "[1:v]hflip[r];[0:v][r]hstack" -t 6 -c:v libx264 -pix_fmt yuv420p "$work/two-people.mp4"
XDG_CONFIG_HOME="$work/config" INTERCEPTOR_CASE_DIR="$work/cases" timeout 600 \
  xvfb-run -a -s "-screen 0 1600x900x24" "$app" "$work/two-people.mp4" \
  --checkpoint resources/demo/demo-stage2.pt --name "DEMO stage 2" --all --analyze --tracks --seek 40 \
  --screenshot "$out/two-people-tracks.png@done" --quit-after-screenshots
for f in demo-mid-analysis demo-bookmarked demo-compare two-people-tracks; do
  size=$(stat -c %s "$out/$f.png")
  [ "$size" -gt 20000 ] || { echo "$f.png is too small ($size bytes) to be a real screenshot"; exit 1; }
done
echo "screenshots in $out"
