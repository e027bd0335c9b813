#!/bin/sh
# Seed corpora for the fuzz targets, made fresh: small torch.save files (a
# training dict, a bare state_dict, float16 and int tensors, a zip-wrapped
# one), their pickles, zip archives stored and deflated, tiny clips in
# several codecs and containers (ffmpeg), and small TFLite files with the
# first layers of MobileNetV2 (JSON compiled by flatc with the reader's own
# schema subset). Small inputs keep fuzzing fast.
# usage: make-seeds.sh FIXTURES_DIR OUT_DIR
set -eu
out=$2
rm -rf "$out"
mkdir -p "$out/unpickler" "$out/zip" "$out/checkpoint" "$out/decoder" "$out/tflite"
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
/usr/bin/python3 - "$out/tflite" <<'PY'
import json, sys
out = sys.argv[1]
# MobileNetV2's first convolutions as the TFLite file has them: (kind, TFLite weight shape,
# stride, ReLU6); uint8 weights, int32 biases, per-tensor quantisation.
LAYERS = [("conv", [32, 3, 3, 3], 2, True), ("dw", [1, 3, 3, 32], 1, True),
          ("conv", [16, 1, 1, 32], 1, False), ("conv", [96, 1, 1, 16], 1, True),
          ("dw", [1, 3, 3, 96], 2, True), ("conv", [24, 1, 1, 96], 1, False)]
def model(layers, input_type="UINT8", extra_ops=True):
    q = lambda scale, zero: {"scale": [scale], "zero_point": [zero]}
    tensors = [{"shape": [1, 224, 224, 3], "type": input_type, "buffer": 0, "name": "input",
                "quantization": q(0.0078125, 128)}]
    buffers, ops = [{}], []
    for i, (kind, shape, stride, relu6) in enumerate(layers):
        count = shape[0] * shape[1] * shape[2] * shape[3]
        channels = shape[3] if kind == "dw" else shape[0]
        buffers.append({"data": [(7 * k + i) % 256 for k in range(count)]})
        buffers.append({"data": [k % 256 for k in range(4 * channels)]})
        tensors.append({"shape": shape, "type": "UINT8", "buffer": len(buffers) - 2,
                        "name": f"w{i}", "quantization": q(0.02, 120)})
        tensors.append({"shape": [channels], "type": "INT32", "buffer": len(buffers) - 1,
                        "name": f"b{i}", "quantization": q(0.0002, 0)})
        options = {"padding": "SAME", "stride_w": stride, "stride_h": stride,
                   "fused_activation_function": "RELU6" if relu6 else "NONE"}
        if kind == "dw":
            options["depth_multiplier"] = 1
        ops.append({"opcode_index": 1 if kind == "dw" else 0,
                    "inputs": [0, len(tensors) - 2, len(tensors) - 1], "outputs": [0],
                    "builtin_options_type": "DepthwiseConv2DOptions" if kind == "dw" else "Conv2DOptions",
                    "builtin_options": options})
    if extra_ops:
        ops.append({"opcode_index": 2, "inputs": [0, 0], "outputs": [0]})
        ops.append({"opcode_index": 3, "inputs": [0], "outputs": [0], "builtin_options_type": "Pool2DOptions",
                    "builtin_options": {"padding": "VALID", "stride_w": 1, "stride_h": 1,
                                        "filter_width": 7, "filter_height": 7}})
    codes = [{"deprecated_builtin_code": 3, "builtin_code": "CONV_2D"},
             {"deprecated_builtin_code": 4, "builtin_code": "DEPTHWISE_CONV_2D"},
             {}, {"deprecated_builtin_code": 1, "builtin_code": "AVERAGE_POOL_2D"}]
    return {"version": 3, "operator_codes": codes, "description": "fuzz seed", "buffers": buffers,
            "subgraphs": [{"tensors": tensors, "inputs": [0], "outputs": [0], "operators": ops,
                           "name": "main"}]}
seeds = {"stem": model(LAYERS[:1], extra_ops=False), "first-blocks": model(LAYERS),
         "float-input": model(LAYERS[:1], input_type="FLOAT32"),
         "wrong-stride": model([("conv", [32, 3, 3, 3], 1, True)]), "empty-graph": model([])}
for name, m in seeds.items():
    json.dump(m, open(f"{out}/{name}.json", "w"))
PY
schema=$(dirname "$0")/../../model/src/pretrained/tflite_schema.fbs
for seed in "$out"/tflite/*.json; do
  flatc -b -o "$out/tflite" "$schema" "$seed"
  rm "$seed"
done

i=0
for spec in "libx264 mp4 yuv420p" "libx265 mkv yuv420p" "libvpx-vp9 webm yuv420p" "mjpeg avi yuvj420p" "mpeg4 avi yuv420p" "libx264 mov yuv444p"; do
  set -- $spec
  i=$((i + 1))
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=48x32:rate=10:duration=0.6" \
    -c:v "$1" -pix_fmt "$3" -g 3 -x265-params log-level=error "$out/decoder/tiny-$i.$2" </dev/null
done
echo "seed corpora in $out: $(ls "$out/unpickler" | wc -l) pickles, $(ls "$out/zip" | wc -l) zips, $(ls "$out/checkpoint" | wc -l) checkpoints, $(ls "$out/decoder" | wc -l) clips, $(ls "$out/tflite" | wc -l) TFLite files"
