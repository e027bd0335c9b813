#!/bin/sh
# Seed corpora for the fuzz targets, made fresh: small torch.save files (a
# training dict, a bare state_dict, float16 and int tensors, a zip-wrapped
# one), their pickles, zip archives stored and deflated, and tiny clips in
# several codecs and containers (ffmpeg). Small inputs keep fuzzing fast.
# usage: make-seeds.sh FIXTURES_DIR OUT_DIR
set -eu
out=$2
rm -rf "$out"
mkdir -p "$out/unpickler" "$out/zip" "$out/checkpoint" "$out/decoder"
/usr/bin/python3 - "$out" <<'PY'
import io, json, sys, zipfile
import torch
out = sys.argv[1]
torch.manual_seed(0)
state = {"backbone.features.0.0.weight": torch.randn(4, 3, 3, 3),
         "backbone.features.0.1.running_mean": torch.zeros(4),
         "backbone.features.0.1.num_batches_tracked": torch.tensor(3),
         "classifier.13.weight": torch.randn(2, 8).half(),
         "classifier.13.bias": torch.randn(2)[1:]}  # a view with an offset into its storage
training = {"epoch": 3, "current_stage": 2, "model_type": "InterceptorLL", "timestamp": "20260101_000000",
            "model_state_dict": state, "metrics": {"val_auc": 0.91},
            "interceptor": json.dumps({"threshold": 0.4, "preprocessing": "face_crop"})}
for name, obj in (("training", training), ("bare", state), ("nested", {"a": [1, 2.5, "x", (True, None)], "b": {"c": b"\x00\x01"}})):
    buf = io.BytesIO()
    torch.save(obj, buf)
    data = buf.getvalue()
    open(f"{out}/checkpoint/{name}.pt", "wb").write(data)
    open(f"{out}/zip/{name}.pt", "wb").write(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        pickle_name = next(n for n in z.namelist() if n.endswith("data.pkl"))
        open(f"{out}/unpickler/{name}.pkl", "wb").write(z.read(pickle_name))
    wrapped = io.BytesIO()
    with zipfile.ZipFile(wrapped, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{name}.pt", data)
        z.writestr("README.txt", "checkpoint wrapped as the training project shipped them\n")
    open(f"{out}/checkpoint/{name}_wrapped.zip", "wb").write(wrapped.getvalue())
    open(f"{out}/zip/{name}_wrapped.zip", "wb").write(wrapped.getvalue())
PY
i=0
for spec in "libx264 mp4 yuv420p" "libx265 mkv yuv420p" "libvpx-vp9 webm yuv420p" "mjpeg avi yuvj420p" "mpeg4 avi yuv420p" "libx264 mov yuv444p"; do
  set -- $spec
  i=$((i + 1))
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=48x32:rate=10:duration=0.6" \
    -c:v "$1" -pix_fmt "$3" -g 3 -x265-params log-level=error "$out/decoder/tiny-$i.$2" </dev/null
done
echo "seed corpora in $out: $(ls "$out/unpickler" | wc -l) pickles, $(ls "$out/zip" | wc -l) zips, $(ls "$out/checkpoint" | wc -l) checkpoints, $(ls "$out/decoder" | wc -l) clips"
