"""The seed project's own way through a clip, for the pipeline benchmark:
OpenCV decodes every frame, each is resized to the network's input (bilinear,
as Interceptor's whole-frame profile does), normalised with the ImageNet
statistics and scored at batch 1 by the PyTorch eager network, with the same
thread count. Loading the checkpoint is timed too, as it is on the C++ side.

    python3 python_pipeline_benchmark.py CLIP CHECKPOINT --threads T [--size 224]

Prints one line: RESULT fps=<frames per second> frames=<N> seconds=<s>
"""
import argparse
import os
import sys
import time

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_eager_benchmark import load_seed_model  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("clip")
    parser.add_argument("checkpoint")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--size", type=int, default=224)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)

    start = time.perf_counter()
    model = load_seed_model(args.checkpoint)

    capture = cv2.VideoCapture(args.clip)
    if not capture.isOpened():
        sys.exit(f"{args.clip}: OpenCV cannot open it")
    frames = 0
    with torch.no_grad():
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            rgb = cv2.cvtColor(cv2.resize(bgr, (args.size, args.size), interpolation=cv2.INTER_LINEAR),
                               cv2.COLOR_BGR2RGB)
            x = (rgb.astype(np.float32) / 255.0 - MEAN) / STD
            x = torch.from_numpy(x.transpose(2, 0, 1).copy()).unsqueeze(0)
            torch.softmax(model(x), dim=1)
            frames += 1
    elapsed = time.perf_counter() - start
    if frames == 0:
        sys.exit(f"{args.clip}: no frame decoded")
    print(f"RESULT fps={frames / elapsed:.3f} frames={frames} seconds={elapsed:.2f}")


if __name__ == "__main__":
    main()
