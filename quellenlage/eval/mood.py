"""Mood evaluation on a CoNLL-U treebank: Konjunktiv (Mood=Sub) vs indicative on finite verbs.

UD does not separate Konjunktiv I from II, so 'sub1' and 'sub2' both count as Sub. Rows: Sub detection over all
tokens (a Sub prediction on any token that is not gold Mood=Sub is a false positive), Ind detection, and
Konjunktiv I only on gold Sub tokens that are not KII forms (recall of 'sub1').
"""
from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from ..lang.sentences import set_boundaries
from ..lang.tokens import blank
from ..lang.mood import token_mood
from .common import prf, print_table, require, write_json


def read_conllu(path: Path):
    sent = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sent:
                yield sent
            sent = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                sent.append((cols[1], cols[5]))
    if sent:
        yield sent


def evaluate(data: Path, out: Path | None = None) -> dict:
    vocab = blank("de").vocab
    counts = {"Sub": [0, 0, 0], "Ind": [0, 0, 0]}
    n_tok = 0
    for sent in read_conllu(require(data, "CoNLL-U file")):
        doc = Doc(vocab, words=[w for w, _ in sent])
        set_boundaries(doc)
        for tok, (_, feats) in zip(doc, sent):
            n_tok += 1
            gold = "Sub" if "Mood=Sub" in feats else "Ind" if "Mood=Ind" in feats else None
            m = token_mood(tok)
            pred = "Sub" if m in ("sub1", "sub2") else "Ind" if m == "ind" else None
            for lab in counts:
                if pred == lab and gold == lab:
                    counts[lab][0] += 1
                elif pred == lab:
                    counts[lab][1] += 1
                elif gold == lab:
                    counts[lab][2] += 1
    rows = {lab: prf(*c) for lab, c in counts.items()}
    result = {"task": "mood", "data": str(data), "tokens": n_tok, "scores": rows,
              "note": "UD Mood=Sub covers Konjunktiv I and II; Ind recall is limited by design (only a lexicon of "
                      "frequent indicative forms is tagged 'ind')."}
    print_table(f"Mood on {data.name}", rows)
    write_json(result, out)
    return result
