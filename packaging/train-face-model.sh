#!/usr/bin/env bash
# Trains a general face model on genuine faces alone (UTKFace in
# ../shared/data/faces/utkface) with generated fakes, from the ImageNet
# MobileNetV2 of ../shared/data/weights, and measures it where it counts: on
# the hand-made composites of ../shared/data/faces/ciplab-val (never trained
# on) and on the real face swaps of ../shared/data/clips (video level). Run it
# once per mix of fakes for the ablation; the figures land in WORK_DIR as
# NAME-ciplab.txt/json, NAME-ciplab-scores.csv (every portrait's score, to break
# the figure down by difficulty) and NAME-clips/ beside the checkpoints in WORK_DIR/run.
# usage: train-face-model.sh WORK_DIR NAME FAKES STEPS_PER_EPOCH EPOCHS [extra train options]
#   e.g. train-face-model.sh /tmp/face sbi-xray-parts sbi,xray,parts 110 2 --degrade
#        train-face-model.sh /tmp/face swap68 swap 110 2 --landmarks 68
# START_FROM=CHECKPOINT continues from a checkpoint instead of the freshly initialised network.
set -euo pipefail
work=$1 name=$2 fakes=$3 steps=$4 epochs=$5
shift 5
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared/data
cli=${INTERCEPTOR_CLI:-$root/build/dev/app/interceptor-cli}  # a copy, to build on while it trains
for need in "$shared/faces/utkface" "$shared/faces/ciplab-val" "$shared/weights/mobilenet_v2_1.0_224_quant.tflite"; do
  [ -e "$need" ] || { echo "train-face-model.sh: $need is absent" >&2; exit 1; }
done
mkdir -p "$work/run"
init=$work/mobile-init.pt
[ -f "$init" ] || "$cli" init-checkpoint "$init" --config mobile --seed 1 \
  --backbone-weights "$shared/weights/mobilenet_v2_1.0_224_quant.tflite"
start=$(date +%s)
"$cli" train --data "$shared/faces/utkface" --layout images --config mobile --profile face_tight \
  --fakes "$fakes" --sampling paired --no-dropout --batch 16 --lr 2e-4 --restart-epochs "$epochs" \
  --val-fraction 0.05 --seed 1 --cache "$work/cache" --from "${START_FROM:-$init}" --out "$work/run" --stage "$name" \
  --steps "$steps" --epochs "$epochs" "$@"
echo "$name: trained in $(( $(date +%s) - start )) s" | tee "$work/$name-time.txt"
"$cli" eval --data "$shared/faces/ciplab-val" --layout folders --split all --frames 1 \
  --cache "$work/cache" --checkpoint "$work/run/${name}_best.pt" --json "$work/$name-ciplab.json" \
  --scores "$work/$name-ciplab-scores.csv" \
  | tee "$work/$name-ciplab.txt"
INTERCEPTOR_CLI=$cli "$root/packaging/measure-real-clips.sh" "$work/$name-clips" "$work/run/${name}_best.pt" \
  | tee "$work/$name-clips.txt"
