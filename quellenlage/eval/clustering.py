"""Clustering metrics over item -> cluster label maps: pairwise P/R/F1 (over all item pairs) and B-cubed."""
from __future__ import annotations

import itertools
from collections import defaultdict

from .common import prf


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> dict:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_p, same_g = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    return prf(tp, fp, fn)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict:
    pc, gc = defaultdict(set), defaultdict(set)
    for x in gold:
        pc[pred[x]].add(x)
        gc[gold[x]].add(x)
    p = sum(len(pc[pred[x]] & gc[gold[x]]) / len(pc[pred[x]]) for x in gold) / len(gold)
    r = sum(len(pc[pred[x]] & gc[gold[x]]) / len(gc[gold[x]]) for x in gold) / len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": "-", "fp": "-", "fn": "-"}
