"""Temperature scaling and calibration figures computed by SciPy and
scikit-learn, for Interceptor's probability calibration tests.

Writes JSON to stdout: cases of logit margins (logit fake - logit real) and
labels from an over-confident and an under-confident "network", each with
the temperature SciPy's bounded scalar minimiser finds for the log loss,
scikit-learn's log_loss before and after, and the 10-bin expected
calibration error after (NumPy). Reference tests only: never at run time.
"""
import json
import sys

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import expit
from sklearn.metrics import log_loss


def ece(p, labels, bins=10):
    k = np.clip(np.floor(p * bins).astype(int), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        inside = k == b
        if inside.any():
            total += inside.sum() * abs(labels[inside].mean() - p[inside].mean())
    return total / len(p)


def case(margins, labels):
    loss = lambda inverse: log_loss(labels, expit(inverse * margins), labels=[0, 1])
    found = minimize_scalar(loss, bounds=(1 / 20, 1 / 0.05), method="bounded", options={"xatol": 1e-10})
    t = 1 / found.x
    after = expit(margins / t)
    return {"margins": margins.tolist(), "labels": labels.tolist(), "temperature": t,
            "log_loss_before": log_loss(labels, expit(margins), labels=[0, 1]),
            "log_loss_after": log_loss(labels, after, labels=[0, 1]), "ece_after": ece(after, labels),
            "ece_before": ece(expit(margins), labels)}


def main():
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
    labels = rng.integers(0, 2, 500)
    signal = rng.normal((2 * labels - 1) * 1.2, 1.0)
    print(json.dumps([case(4.0 * signal, labels), case(0.3 * signal, labels)]))


if __name__ == "__main__":
    main()
