"""The Python eager reference for the model benchmark: the seed network as
the training project ran it (PyTorch eager, torch.no_grad), on the same
weights, thread count and BLAS as the C++ paths.

    python3 python_eager_benchmark.py CHECKPOINT --batch B --threads T --frames N

Prints one line: RESULT fps=<frames per second> peak_rss_mb=<MB>
"""
import argparse
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model", "reference"))
from interceptor_reference import InterceptorLL  # noqa: E402


def load_seed_model(checkpoint):
    """The seed network (B4) with a checkpoint's weights, in eval mode."""
    state = torch.load(checkpoint, map_location="cpu")
    state = state.get("model_state_dict", state)
    model = InterceptorLL(4)
    model.load_state_dict(state)
    return model.eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("checkpoint")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--size", type=int, default=224)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = load_seed_model(args.checkpoint)
    x = torch.randn(args.batch, 3, args.size, args.size)
    with torch.no_grad():
        for _ in range(2):
            model(x)
        steps = max(1, args.frames // args.batch)
        start = time.perf_counter()
        for _ in range(steps):
            model(x)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT fps={steps * args.batch / elapsed:.3f} peak_rss_mb={peak:.1f}")


if __name__ == "__main__":
    main()
