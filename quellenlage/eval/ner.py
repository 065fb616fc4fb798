"""NER evaluation: strict span P/R/F1 per type and micro-averaged on the outer column.

Reads GermEval 2014 TSV and two-column CoNLL BIO/IO files (see quellenlage.entities.conll), and SmartData v1
(`*.json.gz` / `*.json`: concatenated JSON documents with character-offset `conceptMentions`). Types are scored
as written in the gold file (LOCderiv, ORGpart, ... are their own types, as in GermEval's outer-column metric)
unless a type map is given (`--map`, see `TypeMap`): then gold and predicted types both go through it first, so
that corpora with other tag sets can be scored against our GermEval types.

SmartData has no tokens or sentences: its text is tokenised and split like an article (quellenlage.lang) and
scored per document on character spans. Predicted spans are first brought to SmartData's conventions
(`to_smartdata_spans`): a *part span ("HSV-Mitglieder") is narrowed to the name before its first hyphen ("HSV"),
as the entities stage does and as SmartData annotates it, and a leading '#' or '@' ("#Berlin") is left out.
Also reports tokens/s of the tagger (model only, single process).
"""
from __future__ import annotations

import fnmatch
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..entities.conll import bio_spans, read_sentences
from .common import prf, print_table, require, write_json

# Named maps for `--map NAME`. The choices, and why:
MAPS = {
    # CoNLL 2003-style PER/LOC/ORG/MISC gold: OTH is MISC; nationality adjectives (our LOCderiv, "deutsche") are
    # MISC under the CoNLL guidelines, and so are the other -deriv types; names inside compounds ("NATO-Gipfel",
    # our *part) are not CoNLL entities.
    "conll": "OTH=MISC,*deriv=MISC,*part=O",
    # corpora with PER/LOC/ORG only (e.g. Europeana newspapers): everything else is dropped.
    "plo": "MISC=O,OTH*=O,*deriv=O,*part=O",
    # SmartData v1: person / organization[-company] / location[-city, -street, -stop, -route] are PER / ORG / LOC;
    # it marks city adjectives ("Berliner") as location-city, so LOCderiv is LOC; it marks the name inside a
    # compound ("HSV" in "HSV-Mitglieder"), so *part is its base type (span narrowed, see above); it has no
    # other-name type (OTH*, PER/ORG-deriv dropped) and its date, number, trigger, org-position, ... are not names.
    "smartdata": "person=PER,organization*=ORG,location*=LOC,OTH*=O,LOCderiv=LOC,*deriv=O,*part={base},*=O",
}
DEFAULT_MAPS = {"smartdata": "smartdata"}  # used when --map is not given, by data format
_SUFFIX = re.compile(r"(deriv|part)$")


@dataclass(frozen=True)
class TypeMap:
    """`A=B,C=D,...`: rules tried in order on a span's type, the first whose pattern (fnmatch, case-sensitive)
    matches wins. B is the new type; `O` or nothing drops the span; `{base}` is the type without its -deriv/-part
    suffix (ORGpart -> ORG). A type that is itself a target of some rule (PER in `person=PER`) is already in the
    scoring tag set and stays as it is, so one map serves gold and predictions alike; a type no rule matches
    stays too."""

    rules: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, spec: str | None) -> "TypeMap | None":
        if spec is None or not spec.strip():
            return None
        spec = MAPS.get(spec.strip(), spec)
        rules = []
        for part in spec.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise ValueError(f"bad --map rule {part!r}: expected A=B (B may be O or empty to drop A)")
            a, b = (x.strip() for x in part.split("=", 1))
            if not a:
                raise ValueError(f"bad --map rule {part!r}: empty type on the left")
            rules.append((a, b if b and b != "O" else ""))
        return cls(tuple(rules))

    @property
    def targets(self) -> frozenset[str]:
        return frozenset(b for _, b in self.rules if b and "{" not in b)

    def __call__(self, label: str) -> str | None:
        """The mapped type, or None when the span is dropped."""
        if label in self.targets:
            return label
        for pattern, target in self.rules:
            if fnmatch.fnmatchcase(label, pattern):
                return target.replace("{base}", _SUFFIX.sub("", label)) or None
        return label

    def spans(self, spans) -> set:
        out = set()
        for *where, label in spans:
            new = self(label)
            if new:
                out.add((*where, new))
        return out


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


# ---------------- SmartData ----------------
def is_smartdata(path: Path) -> bool:
    return path.name.endswith((".json.gz", ".json"))


def read_smartdata(path: Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(text, {(start char, end char, SmartData type)}) per document of a SmartData v1 file."""
    import gzip
    import json

    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        raw = fh.read()
    dec, i, docs = json.JSONDecoder(), 0, []
    while True:
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            break
        obj, i = dec.raw_decode(raw, i)
        text = _unwrap(obj.get("text")) or ""
        mentions = (obj.get("conceptMentions") or {}).get("array") or []
        spans = {(int(m["span"]["start"]), int(m["span"]["end"]), str(m["type"])) for m in mentions
                 if m.get("span") and m.get("type") and 0 <= m["span"]["start"] < m["span"]["end"] <= len(text)}
        docs.append((text, spans))
    return docs


def _unwrap(v):
    """Avro-JSON union values come as {"string": ...}."""
    return v.get("string") if isinstance(v, dict) else v


def to_smartdata_spans(text: str, spans) -> set:
    """Predicted spans in SmartData's conventions: *part spans -> the name before the first hyphen (as
    entities.mentions.from_ner does), and no leading '#' / '@' (a hashtag or handle is one token for us, while
    SmartData marks the name in it); other spans unchanged."""
    out = set()
    for s, e, lab in spans:
        if e - s > 1 and text[s] in "#@":
            s += 1
        word = text[s:e]
        if lab.endswith("part") and "-" in word and word.split("-", 1)[0]:
            e = s + len(word.split("-", 1)[0])
        out.add((s, e, lab))
    return out


def _boundaries(doc) -> set[int]:
    """Character offsets where a predicted span can start or end after to_smartdata_spans: token edges, after a
    leading '#'/'@', and a token's first hyphen."""
    out = set()
    for t in doc:
        out.update((t.idx, t.idx + len(t.text)))
        if len(t.text) > 1 and t.text[0] in "#@":
            out.add(t.idx + 1)
        if "-" in t.text[1:]:
            out.add(t.idx + t.text.index("-", 1))
    return out


def _tag_documents(model, texts: list[str]) -> tuple[list[set], int, list[set[int]]]:
    """Predicted character spans per text, the number of tokens, and each text's token boundaries."""
    from ..entities.ner import tag_doc_with
    from ..lang.tokens import make_doc

    docs = [make_doc(t) for t in texts]
    n_tokens = sum(sum(1 for t in d if not t.is_space) for d in docs)
    bounds = [_boundaries(d) for d in docs]
    return [set(tag_doc_with(model, d)) for d in docs], n_tokens, bounds


# ---------------- the command ----------------
def evaluate(data: Path, out: Path | None = None, model_dir: Path | None = None, mode: str = "fast",
             type_map: str | None = None) -> dict:
    from ..entities.ner import MODEL_DIR, load_accurate, load_model

    require(data, "NER gold file")
    fmt = "smartdata" if is_smartdata(data) else "conll"
    tmap = TypeMap.parse(type_map if type_map is not None else DEFAULT_MAPS.get(fmt))
    loader = load_accurate if mode == "accurate" else load_model
    model = loader(str(model_dir or MODEL_DIR))
    if model is None:
        raise FileNotFoundError(f"no {mode} NER model at {model_dir or MODEL_DIR}; run `quellenlage train ner` first")
    if fmt == "smartdata":
        docs = read_smartdata(data)
        _tag_documents(model, [t for t, _ in docs[:5]])  # warm-up (lazy loads) outside the timing
        t0, c0 = time.perf_counter(), time.process_time()
        pred, n_tokens, bounds = _tag_documents(model, [t for t, _ in docs])
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        pred = [to_smartdata_spans(t, p) for (t, _), p in zip(docs, pred)]
        gold = [g for _, g in docs]
        units = f"{len(docs)} documents"
        # gold spans that do not start and end where our spans can: no token tagger can match them exactly
        unaligned = sum(1 for g, b in zip(gold, bounds) for s, e, _ in (tmap.spans(g) if tmap else g)
                        if s not in b or e not in b)
    else:
        sents = read_sentences(data)
        words = [w for w, _ in sents]
        model.tag_words(words[:50])  # warm-up (lazy loads) outside the timing
        t0, c0 = time.perf_counter(), time.process_time()
        pred = [set(p) for p in model.tag_words(words)]
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        n_tokens = sum(len(w) for w in words)
        gold = [bio_spans(t) for _, t in sents]
        units = f"{len(sents)} sentences"
    if tmap is not None:
        gold, pred = [tmap.spans(g) for g in gold], [tmap.spans(p) for p in pred]
    rows = score_spans(gold, pred)
    result = {"task": "ner", "data": str(data), "format": fmt, "units": units, "tokens": n_tokens,
              "scores": rows, "tokens_per_second": round(n_tokens / elapsed) if elapsed else None,
              # per second of this process's CPU time: comparable across runs on a shared, busy machine
              "tokens_per_cpu_second": round(n_tokens / cpu) if cpu else None, "mode": mode,
              "type_map": ",".join(f"{a}={b or 'O'}" for a, b in tmap.rules) if tmap else None}
    if fmt == "smartdata":
        result["gold_spans_unmatchable"] = unaligned
    else:
        result["sentences"] = len(gold)
    title = (f"NER ({mode}) strict spans on {data.name} ({units}, {result['tokens_per_second']} tokens/s, "
             f"{result['tokens_per_cpu_second']} per CPU second)")
    if tmap is not None:
        title += f"\ntypes mapped: {result['type_map']}"
    print_table(title, rows)
    write_json(result, out)
    return result
