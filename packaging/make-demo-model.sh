#!/usr/bin/env bash
# Trains the two demo checkpoints (resources/demo/demo-stage1.pt, demo-stage2.pt) with Interceptor's
# own trainer, from genuine footage only: eight clips made from scikit-image's
# astronaut.png (NASA, public domain) with different camera moves, zoom and
# lighting (two of them fade into low light), six for training and two for
# validation, and self-blended fakes made from their face crops. The result
# is stored in half precision and is a DEMONSTRATION model: one photograph
# of one person cannot make an evidence-grade detector.
# usage: make-demo-model.sh WORK_DIR [extra train options]
set -euo pipefail
work=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${INTERCEPTOR_CLI:-$root/build/dev/app/interceptor-cli}  # a copy, to build on while it trains
mkdir -p "$work/clips"
/usr/bin/python3 "$root/packaging/make-demo-still.py" "$work/real.png" "$work/unused-fake.png"

# name zoom pan-x pan-y period low-light (0: none, 1: fades in) noise
clips=(
  "train-1 1.10 40 25 30 0 6"   "train-2 1.35 25 15 45 0 10"  "train-3 1.00 10 10 70 1 8"
  "train-4 1.55 30 30 35 0 4"   "train-5 1.20 50 10 55 1 12"  "train-6 1.45 15 35 25 0 8"
  "val-1 1.25 35 20 40 0 8"     "val-2 1.40 20 25 50 1 10"
)
echo "path,label,split,group" > "$work/demo-data.csv"
for spec in "${clips[@]}"; do
  read -r name zoom px py period dark noise <<< "$spec"
  out=$work/clips/$name.mp4
  ffmpeg -hide_banner -loglevel error -y -loop 1 -framerate 25 -i "$work/real.png" -t 4 -vf "\
zoompan=z='$zoom+0.08*sin(on/$period)':x='(iw-iw/zoom)/2+$px*sin(on/$period)':y='(ih-ih/zoom)/2+$py*cos(on/$period)':d=1:s=384x384:fps=25,\
eq=brightness='-0.35*$dark*clip(t/3,0,1)':gamma='1-0.45*$dark*clip(t/3,0,1)':eval=frame,\
noise=alls=$noise:allf=t" -c:v libx264 -crf 20 -pix_fmt yuv420p "$out"
  echo "$out,real,${name%-*},$name" >> "$work/demo-data.csv"
done

common=(--data "$work/demo-data.csv" --layout csv --self-blend --sampling paired --no-dropout --no-augment --frames 32 --steps 40
        --batch 8 --seed 7 --cache "$work/cache")
# Stage 1 from random initialisation; stage 2 goes on from stage 1's best at a lower learning rate.
"$cli" train "${common[@]}" --out "$work/run" --stage stage1 --epochs 15 --lr 1e-3 --restart-epochs 15 "$@"
"$cli" train "${common[@]}" --out "$work/run" --stage stage2 --from "$work/run/stage1_best.pt" --epochs 5 --lr 3e-4 \
  --restart-epochs 5 "$@"
demo=$root/resources/demo
mkdir -p "$demo"
for stage in 1 2; do
  "$cli" checkpoint "$work/run/stage${stage}_best.pt" --float16 "$demo/demo-stage$stage.pt" >/dev/null
done

# Figures for the provenance file: held-out self-blended frames of the validation clips, and the demo clip.
"$cli" eval --data "$work/demo-data.csv" --layout csv --split val --self-blend --frames 32 --cache "$work/cache" \
  --checkpoint "$demo/demo-stage1.pt" --name "demo stage 1" --checkpoint "$demo/demo-stage2.pt" --name "demo stage 2" \
  --quiet > "$work/eval.txt"
rm -rf "$work/cases"
status=0
INTERCEPTOR_CASE_DIR=$work/cases "$cli" analyze "$demo/demo-clip.mp4" --checkpoint "$demo/demo-stage1.pt" \
  --checkpoint "$demo/demo-stage2.pt" --all --csv "$work/demo-frames.csv" --quiet || status=$?
[ $status -eq 0 ] || [ $status -eq 3 ] || exit $status
# Mean P(fake) per stage over the genuine frames and over the manipulated stretch (frames 75-162, 3.0-6.5 s).
# Columns: clip, frame, pts, seconds, timecode, frame_sha256, checkpoint, face, track, applicable, reason,
# p_fake, ...: one row per face (one face per frame here).
stretch_means=$(awk -F, 'NR > 1 && $10 == 1 { key = $7 (($2 >= 75 && $2 <= 162) ? " manipulated" : " genuine");
  sum[key] += $12; n[key]++ } END { for (k in sum) printf "%s: mean P(fake) %.3f over %d frames\n", k, sum[k] / n[k], n[k] }' \
  "$work/demo-frames.csv" | sort)

cat > "$demo/PROVENANCE.md" <<MD
# The demo checkpoints: provenance

**THESE ARE DEMONSTRATION MODELS, NOT EVIDENCE-GRADE DETECTORS.** They were
trained on one photograph of one person and know nothing of real face swaps.
Never use their scores as evidence.

- \`demo-clip.mp4\`: made by \`packaging/make-demo-clip.sh\` from scikit-image's
  \`astronaut.png\` (NASA photograph of Eileen Collins, public domain): a camera
  move, a self-blended manipulation of the face from 3.0 s to 6.5 s (frames
  75-162) and a fade into low light from 5 s.
- \`demo-stage1.pt\`, \`demo-stage2.pt\`: the small configuration
  (EfficientNet-B0, 128 px, face crops), trained by Interceptor's own trainer with
  \`packaging/make-demo-model.sh\` on eight other clips of the same photograph
  (different camera moves, zoom, lighting; two fade into low light), genuine
  only, with self-blended fakes made from their face crops (paired sampling,
  no dropout, no augmentation beyond flips).
  Six clips train, two validate. Stage 1: 15 epochs of 40 steps of 8 from
  random initialisation (seed 7), AdamW, learning rate 1e-3 with cosine
  annealing; stage 2: 5 more epochs from stage 1's best at 3e-4. Stored in
  half precision (\`interceptor-cli checkpoint --float16\`).
- Trained with Interceptor $(sed -n 's/#define INTERCEPTOR_VERSION "\(.*\)"/\1/p' "$root/build/dev/generated/interceptor/version.h") on $(date -u +%Y-%m-%d), CPU only.

## Evaluation (held-out self-blended frames of the two validation clips)

\`\`\`
$(cat "$work/eval.txt")
\`\`\`

## On the demo clip

\`\`\`
$stretch_means
\`\`\`

Command: \`packaging/make-demo-model.sh WORK_DIR\` (13 minutes on a 2-core CPU).
MD
echo "demo checkpoints and PROVENANCE.md written to $demo"
