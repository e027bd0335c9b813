#!/usr/bin/env bash
# Composites the multi-person test clips from two real face clips in
# ../shared/data/clips (research-only footage: the results stay in the build
# folder, never in the project). Usage: make_face_clips.sh OUTDIR CLIPSDIR.
# Without CLIPSDIR it writes nothing and the tests that need these skip.
set -euo pipefail
out=$1 src=$2
left="$src/polimi-ispl__icpr2020dfdc__ffpp_original_519.mp4"
right="$src/KwaiVGI__LivePortrait__d3.mp4"
[ -f "$left" ] && [ -f "$right" ] || { echo "no real clips in $src: face clips not made"; exit 0; }
stamp="$out/.complete-$(sha256sum "$0" | cut -c1-16)"
[ -f "$stamp" ] && { echo "face clips are up to date in $out"; exit 0; }
rm -rf "$out" && mkdir -p "$out"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
# Two people side by side for 4 s at 10 fps: a newsreader (FF++ 519) and a woman (LivePortrait d3).
ff -i "$left" -i "$right" -filter_complex \
   "[0:v]fps=10,scale=480:360,setsar=1[a];[1:v]fps=10,scale=360:360,setsar=1[b];[a][b]hstack[out]" \
   -map "[out]" -t 4 -c:v libx264 -pix_fmt yuv420p "$out/two-faces.mp4"
# The second person enters at 2 s: the right half is black until then.
ff -i "$left" -i "$right" -filter_complex \
   "[0:v]fps=10,scale=480:360,setsar=1,pad=840:360:0:0[a];[1:v]fps=10,scale=360:360,setsar=1[b];\
[a][b]overlay=x=480:y=0:enable='gte(t,2)'[out]" \
   -map "[out]" -t 4 -c:v libx264 -pix_fmt yuv420p "$out/face-enters.mp4"
touch "$stamp"
echo "face clips written to $out"
