#!/usr/bin/env bash
# Scores the real face clips of ../shared/data/clips (genuine, and real face
# swaps made by other tools) with one or more checkpoints and prints eval's
# table: the video-level AUC is the honest measure of whether a model
# trained on self-blended fakes recognises real manipulations. Labels come
# from the folder's README table; stills are left out. The clips stay where
# they are (research-only licences): only a CSV naming them is written.
# usage: measure-real-clips.sh OUT_DIR CHECKPOINT... [-- extra eval options]
set -euo pipefail
out=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
clips=$root/../shared/data/clips
[ -d "$clips" ] || { echo "measure-real-clips.sh: $clips is absent (real face clips are not on this machine)" >&2; exit 1; }
checkpoints=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do checkpoints+=(--checkpoint "$1"); shift; done
[ $# -gt 0 ] && shift
mkdir -p "$out"
echo "path,label,split,group" > "$out/real-clips.csv"
# README rows: | file | label | ... ; videos only.
grep '^| ' "$clips/README.md" | awk -F'|' '{gsub(/ /,"",$2); gsub(/ /,"",$3); print $2, $3}' |
  while read -r file label; do
    case "$file" in *.mp4|*.gif|*.avi|*.mkv|*.webm) ;; *) continue ;; esac
    [ "$label" = real ] || [ "$label" = fake ] || continue
    echo "$clips/$file,$label,test,${file%.*}" >> "$out/real-clips.csv"
  done
"${INTERCEPTOR_CLI:-$root/build/dev/app/interceptor-cli}" eval --data "$out/real-clips.csv" --layout csv --split test --frames 32 \
  --cache "$out/cache" "${checkpoints[@]}" --json "$out/real-clips-eval.json" "$@"
