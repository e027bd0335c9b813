"""Checkpoints whose metrics hold NumPy arrays, as training scripts in the wild save them.

numpy_metrics.pt: a training dict whose metrics hold a confusion matrix (int64, 2x2), a
curve (float32) and a 0-d array; numpy_objects.pt: the same with an array of Python
objects (dtype object), which a loader must refuse. Prints what the first holds, as JSON.
Usage: make_numpy_checkpoints.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
state = {"w": torch.arange(6, dtype=torch.float32).reshape(2, 3)}
metrics = {
    "auc": np.float64(0.75),
    "confusion": np.array([[3, 1], [0, 4]], dtype=np.int64),
    "curve": np.array([0.5, 0.25, 0.125], dtype=np.float32),
    "best": np.array(7, dtype=np.int32),
}
torch.save({"model_state_dict": state, "epoch": 3, "metrics": metrics},
           os.path.join(out, "numpy_metrics.pt"))
objects = dict(metrics, notes=np.array([{"a": 1}, None], dtype=object))
torch.save({"model_state_dict": state, "epoch": 3, "metrics": objects},
           os.path.join(out, "numpy_objects.pt"))
print(json.dumps({"confusion": metrics["confusion"].tolist(), "curve": metrics["curve"].tolist(),
                  "best": int(metrics["best"]), "auc": float(metrics["auc"])}))
