"""NER evaluation: strict span P/R/F1 per type and micro-averaged on the outer column.

Reads GermEval 2014 TSV and two-column CoNLL BIO/IO files (see quellenlage.entities.conll). Types are scored as
written in the gold file (LOCderiv, ORGpart, ... are their own types, as in GermEval's outer-column metric).
Also reports tokens/s of the tagger (model only, single process).
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from ..entities.conll import bio_spans, read_sentences
from .common import prf, print_table, require, write_json


def score_spans(gold: list[set], pred: list[set]) -> dict[str, dict]:
    """{type: prf, ..., 'micro': prf} from per-sentence span sets."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        for s in p & g:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    types = sorted(set(tp) | set(fp) | set(fn))
    rows = {t: prf(tp[t], fp[t], fn[t]) for t in types}
    rows["micro"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return rows


def evaluate(data: Path, out: Path | None = None, model_dir: Path | None = None, mode: str = "fast") -> dict:
    from ..entities.ner import MODEL_DIR, load_accurate, load_model

    sents = read_sentences(require(data, "NER gold file"))
    loader = load_accurate if mode == "accurate" else load_model
    model = loader(str(model_dir or MODEL_DIR))
    if model is None:
        raise FileNotFoundError(f"no {mode} NER model at {model_dir or MODEL_DIR}; run `quellenlage train ner` first")
    words = [w for w, _ in sents]
    model.tag_words(words[:50])  # warm-up (lazy loads) outside the timing
    t0 = time.perf_counter()
    pred = model.tag_words(words)
    elapsed = time.perf_counter() - t0
    n_tokens = sum(len(w) for w in words)
    rows = score_spans([bio_spans(t) for _, t in sents], [set(p) for p in pred])
    result = {"task": "ner", "data": str(data), "sentences": len(sents), "tokens": n_tokens,
              "scores": rows, "tokens_per_second": round(n_tokens / elapsed) if elapsed else None,
              "mode": mode}
    print_table(f"NER ({mode}) strict spans on {data.name} ({len(sents)} sentences, {result['tokens_per_second']} tokens/s)", rows)
    write_json(result, out)
    return result
