"""Writes the parity fixture: checkpoints saved exactly as the Python training
project saved them, plus a fixed input batch and the logits PyTorch computes.

    python3 make_parity_fixture.py --config seed --out DIR

For config NAME it writes into DIR:
  NAME_training.pt   the training dict (model_state_dict, optimizer state,
                     numpy scalars in metrics, ...), as torch.save wrote it
  NAME_bare.pt       a bare state_dict (OrderedDict with _metadata)
  NAME_wrapped.zip   NAME_training.pt inside a deflated .zip archive
  NAME_inputs.f32    the input batch, float32 NCHW, little endian
  NAME_logits.f32    the logits, float32 (N, classes)
  NAME_lowlight.f32  the low-light module output, float32 (N, 3332)
  NAME.json          shapes, configuration and file names
"""
import argparse
import copy
import hashlib
import json
import os
import sys
import zipfile

import numpy as np
import torch
from torch import nn

from interceptor_reference import InterceptorLL, randomise_statistics

CONFIGS = {
    # name: (backbone, variant, input size, attention width (0 = seed rule), heads, classes)
    "seed": ("efficientnet", 4, 224, 0, 8, 2),
    "small": ("efficientnet", 0, 128, 256, 8, 2),
    "mobile": ("mobilenet_v2", 0, 160, 512, 8, 2),
}


def normalised_pixels(count, size, generator):
    """Smooth random images in [0, 1] at brightness between 15 % and 100 %
    (some as dim as low light), normalised with ImageNet statistics as the
    seed did."""
    coarse = torch.rand(count, 3, 8, 8, generator=generator)
    pixels = nn.functional.interpolate(coarse, size=(size, size), mode="bilinear", align_corners=False)
    pixels = pixels + 0.05 * torch.randn(pixels.shape, generator=generator)
    brightness = 0.15 + 0.85 * torch.rand(count, generator=generator).view(count, 1, 1, 1)
    pixels = (pixels * brightness).clamp(0, 1)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    return ((pixels - mean) / std).contiguous()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", choices=CONFIGS, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--batch", type=int, default=4)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    # Regenerating the seed fixture takes a minute: skip when this script and
    # the network definition have not changed since the last run.
    stamp = os.path.join(args.out, f"{args.config}.stamp")
    sources = [__file__, os.path.join(os.path.dirname(os.path.abspath(__file__)), "interceptor_reference.py")]
    digest = hashlib.sha256(b"".join(open(f, "rb").read() for f in sources)).hexdigest() + f" batch={args.batch}"
    if os.path.exists(stamp) and open(stamp).read() == digest:
        print(f"{args.config}: fixture is up to date in {args.out}")
        return
    backbone, variant, size, width, heads, classes = CONFIGS[args.config]

    torch.manual_seed(20260105)
    generator = torch.Generator().manual_seed(519515)
    model = InterceptorLL(variant, width, heads, classes, backbone)
    calibration = normalised_pixels(16, size, generator)
    randomise_statistics(model, calibration, generator)

    inputs = normalised_pixels(args.batch, size, generator)
    with torch.no_grad():
        logits = model(inputs)
        lowlight = model.specialist_module(inputs).flatten(1)
        # The fixture must be well conditioned: if float64 and float32 disagree,
        # a 1e-4 comparison would measure rounding, not the port.
        exact = copy.deepcopy(model).double()(inputs.double())
    conditioning = ((logits.double() - exact).abs() / exact.abs().clamp(min=1)).max().item()
    print(f"{args.config}: float32 vs float64 scaled logit difference {conditioning:.3g}")
    if conditioning > 2e-5:
        sys.exit(f"{args.config}: reference network is ill-conditioned (float32 vs float64 differ by {conditioning:.3g})")

    name = args.config
    path = lambda suffix: os.path.join(args.out, f"{name}{suffix}")
    state = model.state_dict()
    # A small stand-in for the AdamW state the project saved: real tensors and
    # integer keys that the loader must step over without reading them all.
    optimizer_state = {
        "state": {0: {"step": torch.tensor(812.0), "exp_avg": torch.zeros(48, 3, 3, 3)}},
        "param_groups": [{"lr": 5e-05, "betas": (0.9, 0.999), "eps": 1e-08, "weight_decay": 0.01,
                          "amsgrad": False, "maximize": False, "foreach": None, "capturable": False,
                          "params": [0, 1, 2]}],
    }
    torch.save(
        {
            "model_state_dict": state,
            "optimizer_state_dict": optimizer_state,
            "epoch": 3,
            "metrics": {
                "accuracy": np.float64(0.4942),
                "auc": np.float64(0.725),
                "real_recall": np.float32(0.0584),
                "fake_recall": np.float64(0.9836),
                "loss": 0.6931,
            },
            "model_type": "InterceptorLL",
            "current_stage": 2,
            "timestamp": "20260105_211721",
            "training_history": [{"epoch": 1, "loss": np.float64(0.71)}, {"epoch": 2, "loss": 0.69}],
            "stage_metrics": {"stage1": {"auc": np.float64(0.81)}},
            "total_data_processed_gb": 12.5,
        },
        path("_training.pt"),
    )
    torch.save(state, path("_bare.pt"))
    with zipfile.ZipFile(path("_wrapped.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path("_training.pt"), arcname=f"stage2_{name}_epoch1_20260105_211125.pt")

    inputs.numpy().astype("<f4").tofile(path("_inputs.f32"))
    logits.numpy().astype("<f4").tofile(path("_logits.f32"))
    lowlight.numpy().astype("<f4").tofile(path("_lowlight.f32"))
    with open(path(".json"), "w") as f:
        json.dump(
            {
                "config": {"backbone": backbone, "backbone_variant": variant, "input_size": size,
                           "attention_dim": width, "num_heads": heads, "num_classes": classes},
                "batch": args.batch,
                "state_dict_keys": len(state),
                "parameters": sum(p.numel() for p in model.parameters()),
                "logits": logits.tolist(),
            },
            f,
            indent=1,
        )
    with open(stamp, "w") as f:
        f.write(digest)
    print(f"{name}: {len(state)} keys, {sum(p.numel() for p in model.parameters())} parameters, "
          f"logits {logits.tolist()}")


if __name__ == "__main__":
    main()
