"""Sentence-boundary evaluation on a CoNLL-U treebank (`# text =` lines give the gold sentences).

Gold sentences are joined with single spaces into one text per block of `--chunk` sentences; a boundary is the
character offset where a sentence starts (the first one of each text excluded). Scores boundary P/R/F1.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..lang.tokens import make_doc
from .common import prf, print_table, require, write_json


def read_conllu_sentences(path: Path) -> list[str]:
    return [line[len("# text = "):].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text = ")]


def evaluate(data: Path, out: Path | None = None, lang: str = "de", chunk: int = 50) -> dict:
    sents = read_conllu_sentences(require(data, "CoNLL-U file"))
    tp = fp = fn = 0
    t0 = time.perf_counter()
    n_chars = 0
    for i in range(0, len(sents), chunk):
        block = sents[i:i + chunk]
        text = " ".join(block)
        n_chars += len(text)
        gold, pos = set(), 0
        for s in block[:-1]:
            pos += len(s) + 1
            gold.add(pos)
        pred = {s.start_char for s in make_doc(text, lang).sents if s.start_char > 0}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    elapsed = time.perf_counter() - t0
    result = {"task": "sentence_boundaries", "data": str(data), "sentences": len(sents),
              "boundaries": prf(tp, fp, fn), "chars_per_second": round(n_chars / elapsed) if elapsed else None}
    print_table(f"Sentence boundaries on {data.name} ({len(sents)} sentences)", {"boundary": result["boundaries"]})
    write_json(result, out)
    return result
