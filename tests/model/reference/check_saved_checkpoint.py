"""Reads a checkpoint that Interceptor wrote, the way a Python user would:
torch.load(path, weights_only=True), then load_state_dict(strict=True) into
the reference network, and checks its logits on the parity inputs.

    python3 check_saved_checkpoint.py CHECKPOINT FIXTURE_PREFIX
    python3 check_saved_checkpoint.py CHECKPOINT --load-only

FIXTURE_PREFIX is e.g. build/fixtures/parity/small (see make_parity_fixture.py);
--load-only stops after the strict load.
Exit status 0 when everything matches; a message on stderr otherwise.
"""
import json
import sys

import numpy as np
import torch

from interceptor_reference import InterceptorLL


def main():
    path, prefix = sys.argv[1], sys.argv[2]
    checkpoint = torch.load(path, weights_only=True)
    meta = json.loads(checkpoint["interceptor"])
    c = meta["config"]
    model = InterceptorLL(c.get("backbone_variant", 0), c["attention_dim"], c["num_heads"], c["num_classes"],
                          c.get("backbone", "efficientnet"))
    model.load_state_dict(checkpoint["model_state_dict"], strict=True)
    model.eval()
    if prefix == "--load-only":
        print(f"loaded {len(checkpoint['model_state_dict'])} tensors strictly")
        return
    fixture = json.load(open(prefix + ".json"))
    size = fixture["config"]["input_size"]
    inputs = torch.from_numpy(np.fromfile(prefix + "_inputs.f32", dtype="<f4").reshape(-1, 3, size, size))
    expected = torch.from_numpy(np.fromfile(prefix + "_logits.f32", dtype="<f4").reshape(inputs.shape[0], -1))
    with torch.no_grad():
        logits = model(inputs)
    error = ((logits - expected).abs() / expected.abs().clamp(min=1)).max().item()
    print(f"epoch={checkpoint.get('epoch')} stage={checkpoint.get('current_stage')} "
          f"threshold={meta.get('threshold')} max scaled logit error={error:.3g}")
    if error > 1e-4:
        sys.exit(f"logits differ by {error}")


if __name__ == "__main__":
    main()
