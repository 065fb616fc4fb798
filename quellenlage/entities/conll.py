"""Readers for NER gold data: GermEval 2014 TSV (`#` lines, index, token, outer, nested) and CoNLL BIO/IO.

Both give sentences as (tokens, outer tags) with tags normalised to BIO, so scoring and training share one
representation. Only the outer column is read (the GermEval outer-column metric).
"""
from __future__ import annotations

from pathlib import Path


def _to_bio(tags: list[str]) -> list[str]:
    """IO or BIO tags -> BIO ('I-X' after O or another type opens a span, as conlleval does)."""
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def _clean(tag: str) -> str:
    tag = tag.strip()
    if not tag or tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    if prefix not in ("B", "I") or not label:
        return "O"
    return f"{prefix}-{label}"


def _looks_tagged(line: str) -> bool:
    parts = line.split()
    last = parts[-1] if len(parts) >= 2 else ""
    return last == "O" or last[:2] in ("B-", "I-")


def read_sentences(path: Path, max_tokens_per_chunk: int = 60) -> list[tuple[list[str], list[str]]]:
    """Sentences from a GermEval TSV or a CoNLL file (token ... tag, blank line between sentences).

    The format is sniffed per line: a GermEval line is `index<TAB>token<TAB>outer<TAB>nested`; any other line
    takes its first field as the token and its last field as the tag. Files without blank lines (some CoNLL
    dumps) are cut after sentence-final punctuation so that sentences stay short.
    """
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []

    def flush():
        if toks:
            sents.append((list(toks), _to_bio(list(tags))))
            toks.clear()
            tags.clear()

    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                flush()
                continue
            if line.startswith("#") and not _looks_tagged(line):
                continue  # GermEval source line / CoNLL comment (a '#' token with a tag is kept)
            if line.startswith("-DOCSTART-"):
                flush()
                continue
            parts = line.split("\t") if "\t" in line else line.split()
            if len(parts) >= 4 and parts[0].isdigit():  # GermEval: index token outer nested
                token, tag = parts[1], parts[2]
            elif len(parts) >= 2:
                token, tag = parts[0], parts[-1]
            else:
                continue
            toks.append(token)
            tags.append(_clean(tag))
            if len(toks) >= max_tokens_per_chunk and token in {".", "!", "?"} and tags[-1] == "O":
                flush()
    flush()
    return sents


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Strict spans (start token, end token exclusive, type) from BIO tags."""
    spans, start, label = set(), None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                spans.add((start, i, label))
                start, label = None, None
            if t != "O":
                start, label = i, t[2:]
    return spans
