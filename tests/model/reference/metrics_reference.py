"""Metrics computed by scikit-learn, for Interceptor's metric tests.

Writes JSON to stdout: several cases (random scores with ties, one class
missing, perfect separation), each with its scores, labels, threshold and
scikit-learn's roc_auc_score, average_precision_score, roc_curve (every
threshold kept), accuracy, balanced accuracy, recalls, F1 and the confusion
matrix and log loss. Reference tests only: never used at run time.
"""
import json
import sys

import numpy as np
from sklearn import metrics


def case(scores, labels, threshold):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    predicted = (scores >= threshold).astype(np.int64)
    out = {"scores": scores.tolist(), "labels": labels.tolist(), "threshold": threshold}
    both = len(set(labels.tolist())) == 2
    out["auc"] = float(metrics.roc_auc_score(labels, scores)) if both else 0.5
    out["average_precision"] = float(metrics.average_precision_score(labels, scores)) if labels.sum() > 0 else 0.0
    fpr, tpr, thresholds = metrics.roc_curve(labels, scores, drop_intermediate=False) if both else ([], [], [])
    out["roc"] = [[float(t), float(f), float(p)] for t, f, p in zip(thresholds[1:], fpr[1:], tpr[1:])]
    out["accuracy"] = float(metrics.accuracy_score(labels, predicted))
    out["balanced_accuracy"] = float(metrics.balanced_accuracy_score(labels, predicted)) if both else None
    out["fake_recall"] = float(metrics.recall_score(labels, predicted, pos_label=1, zero_division=0))
    out["real_recall"] = float(metrics.recall_score(labels, predicted, pos_label=0, zero_division=0))
    out["f1"] = float(metrics.f1_score(labels, predicted, pos_label=1, zero_division=0))
    out["log_loss"] = float(metrics.log_loss(labels, scores, labels=[0, 1]))
    tn, fp, fn, tp = metrics.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    out["confusion"] = {"true_real": int(tn), "false_fake": int(fp), "false_real": int(fn), "true_fake": int(tp)}
    return out


def main():
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    cases = []
    labels = rng.integers(0, 2, 400)
    # Scores rounded to 2 decimals so that ties occur, shifted up for fakes.
    scores = np.clip(np.round(rng.normal(0.4 + 0.25 * labels, 0.2), 2), 0, 1)
    cases.append(case(scores, labels, 0.5))
    cases.append(case(scores, labels, 0.37))
    imbalanced = (rng.random(300) < 0.85).astype(np.int64)  # mostly fake, as the seed's Stage 1 data
    cases.append(case(rng.random(300) * 0.5 + 0.3 * imbalanced, imbalanced, 0.5))
    cases.append(case([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 0.5))
    cases.append(case([0.3, 0.6, 0.7], [1, 1, 1], 0.5))
    json.dump(cases, sys.stdout)


if __name__ == "__main__":
    main()
