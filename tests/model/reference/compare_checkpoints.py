"""Compares the tensors of two checkpoints A and B trained from the same START:
prints, as JSON, the keys found in only one, the largest absolute difference of
the BatchNorm running statistics, and for the parameters the largest absolute
difference, the fraction that differ by more than 1e-5, and how far B's update
(B - START) is from A's, relative to A's (L2). Reference tests only."""
import json
import sys

import torch


def state(path):
    loaded = torch.load(path, map_location="cpu", weights_only=True)
    return loaded.get("model_state_dict", loaded)


a, b, start = (state(p) for p in sys.argv[1:4])
buffers = parameters = beyond = count = 0.0
off = norm = 0.0
for key in sorted(set(a) & set(b)):
    if not a[key].is_floating_point():
        continue
    x, y, s = a[key].double(), b[key].double(), start[key].double()
    d = (x - y).abs()
    if "running_" in key:
        buffers = max(buffers, float(d.max()))
        continue
    parameters = max(parameters, float(d.max()))
    beyond += float((d > 1e-5).sum())
    count += d.numel()
    off += float(((x - s) - (y - s)).pow(2).sum())
    norm += float((x - s).pow(2).sum())
print(json.dumps({"only_in_one": sorted(set(a) ^ set(b)),
                  "buffers_max_abs_diff": buffers,
                  "parameters_max_abs_diff": parameters,
                  "parameters_beyond_1e-5": beyond / max(count, 1),
                  "relative_update_difference": (off / norm) ** 0.5 if norm else 0.0}))
