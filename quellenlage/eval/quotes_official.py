"""The quotation dataset authors' metric (Messages / Roles / Joint), over token-id sets, as pure functions.

Implemented from the definition in ../shared/eval/README.md and checked, detail by detail, against the behaviour of
the published scorer `eval/eval.py` of github.com/uhh-lt/german-news-quotation-attribution-2024 (Petersen-Frey &
Biemann, LREC-COLING 2024; the same scorer ships as `eval_quotes.py` in uhh-lt/seq2seq-quotation-attribution).
No code was copied; what was followed:

- Units: per document, every quotation is a set of token ids for its quote and for each role (cue, frame, speaker,
  addressee on the news data). Ids are the file's own `tokens[].id`; duplicates collapse (sets).
- Matching: gold x predicted score = token-overlap F1 of the two quotes, plus 0.01 when they overlap and have the
  same type and 0.001 when they overlap and have the same medium (tie-breakers), maximised one-to-one with
  scipy.optimize.linear_sum_assignment. As in the scorer, the assignment on a rectangular matrix pairs
  min(#gold, #pred) quotations, so pairs with zero quote overlap ARE matched (their roles are compared with each
  other); only the surplus on the larger side is unmatched. An unmatched gold quotation is scored against an
  empty one (all its tokens false negatives), an unmatched prediction likewise (all false positives).
- Per pair ("group") and per part: tp = |gold & pred|, fp = |pred - gold|, fn = |gold - pred|; precision
  tp/(tp+fp) only where the prediction has tokens, recall tp/(tp+fn) only where gold has tokens. A part empty on
  both sides contributes nothing (neither a precision nor a recall value); a role predicted where gold has none
  adds precision 0, a gold role not predicted adds recall 0.
- Averaging is macro over the defined per-(pair, part) values, not micro over tokens: Messages P = mean of the
  quote precisions over pairs; Roles P = mean over all defined (pair, role) precisions, the roles pooled into one
  list (not a mean of per-role means); Joint P = the same over quote and roles together; recall alike; each F1 is
  the harmonic mean of that P and R. Pooled token counts (micro) are reported next to them for reference.
- Type ("Form") and medium ("STWR") are scored per pair as labels: equal -> tp; else fp for the predicted label
  and fn for the gold one; micro P/R/F1.
- Per gold type (not in the published scorer; asked for by our README): the same averages over the pairs whose
  gold quotation has that type, plus the unmatched predictions of that predicted type.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

NEWS_ROLES = ("cue", "frame", "speaker", "addressee")
SPKATT_ROLES = ("cue", "speaker", "addressee")  # GePaDe-SpkAtt has no frame role
TYPE_BONUS, MEDIUM_BONUS = 0.01, 0.001


@dataclass(frozen=True)
class Quotation:
    """One quotation as token-id sets: `parts['quote']` plus one entry per role; type and medium as dataset codes."""

    parts: Mapping[str, frozenset[int]]
    type: str | None = None
    medium: str | None = None

    def get(self, part: str) -> frozenset[int]:
        return self.parts.get(part, frozenset())


@dataclass(frozen=True)
class Pair:
    """A scored group: a matched gold/prediction pair, or one side alone (the other counted as empty)."""

    gold: Quotation | None
    pred: Quotation | None
    counts: Mapping[str, tuple[int, int, int]]  # part -> (tp, fp, fn)

    @property
    def type(self) -> str | None:
        """The type this pair is reported under: gold's, or the prediction's when unmatched."""
        return self.gold.type if self.gold is not None else (self.pred.type if self.pred is not None else None)


def quotation_from_json(ann: Mapping, roles: Sequence[str] = NEWS_ROLES) -> Quotation:
    """A dataset annotation (`{"quote": {"tokenIds": [...]}, "cue": {...}, ..., "type", "medium"}`) as token sets."""
    parts = {p: frozenset((ann.get(p) or {}).get("tokenIds", [])) for p in ("quote", *roles)}
    return Quotation(parts=parts, type=ann.get("type"), medium=ann.get("medium"))


def overlap_f1(gold: frozenset[int], pred: frozenset[int]) -> float:
    """Token-overlap F1 of two sets; 0 when either is empty (the scorer would divide by zero there)."""
    both = len(gold & pred)
    if not both:
        return 0.0
    p, r = both / len(pred), both / len(gold)
    return 2 * p * r / (p + r)


def match(golds: Sequence[Quotation], preds: Sequence[Quotation]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs maximising quote-overlap F1 (+ type/medium tie-breakers)."""
    if not golds or not preds:
        return []
    scores = np.zeros((len(golds), len(preds)))
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            f = overlap_f1(g.get("quote"), p.get("quote"))
            if f > 0:
                f += TYPE_BONUS if g.type is not None and g.type == p.type else 0.0
                f += MEDIUM_BONUS if g.medium is not None and g.medium == p.medium else 0.0
            scores[gi, pi] = f
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [(int(g), int(p)) for g, p in zip(rows, cols)]


def _counts(gold: Quotation | None, pred: Quotation | None, parts: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    out = {}
    for part in parts:
        g = gold.get(part) if gold is not None else frozenset()
        p = pred.get(part) if pred is not None else frozenset()
        out[part] = (len(g & p), len(p - g), len(g - p))
    return out


def score_document(golds: Sequence[Quotation], preds: Sequence[Quotation],
                   roles: Sequence[str] = NEWS_ROLES) -> list[Pair]:
    """All groups of one document: matched pairs first, then unmatched predictions, then unmatched gold."""
    parts = ("quote", *roles)
    pairs = match(golds, preds)
    done_g, done_p = {g for g, _ in pairs}, {p for _, p in pairs}
    out = [Pair(golds[g], preds[p], _counts(golds[g], preds[p], parts)) for g, p in pairs]
    out += [Pair(None, p, _counts(None, p, parts)) for i, p in enumerate(preds) if i not in done_p]
    out += [Pair(g, None, _counts(g, None, parts)) for i, g in enumerate(golds) if i not in done_g]
    return out


@dataclass
class _Mean:
    p: list[float] = field(default_factory=list)
    r: list[float] = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        if tp + fp:
            self.p.append(tp / (tp + fp))
        if tp + fn:
            self.r.append(tp / (tp + fn))
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def result(self) -> dict:
        p = sum(self.p) / len(self.p) if self.p else 0.0
        r = sum(self.r) / len(self.r) if self.r else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        mp = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        mr = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        mf = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "n_precision": len(self.p), "n_recall": len(self.r), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "micro": {"precision": round(mp, 4), "recall": round(mr, 4), "f1": round(mf, 4)}}


def _summary(pairs: Iterable[Pair], roles: Sequence[str]) -> dict:
    msg, rol, joint = _Mean(), _Mean(), _Mean()
    for pair in pairs:
        msg.add(*pair.counts["quote"])
        joint.add(*pair.counts["quote"])
        for role in roles:
            rol.add(*pair.counts[role])
            joint.add(*pair.counts[role])
    return {"messages": msg.result(), "roles": rol.result(), "joint": joint.result()}


def _label_prf(pairs: Iterable[Pair], attr: str) -> dict:
    tp = fp = fn = 0
    for pair in pairs:
        g = getattr(pair.gold, attr) if pair.gold is not None else None
        p = getattr(pair.pred, attr) if pair.pred is not None else None
        if g is not None and g == p:
            tp += 1
            continue
        fp += p is not None
        fn += g is not None
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def aggregate(pairs: Sequence[Pair], roles: Sequence[str] = NEWS_ROLES, types: Sequence[str] = ()) -> dict:
    """Messages / Roles / Joint (macro P/R/F1 as the authors' scorer reports them), per part, per type, labels."""
    per_part = {}
    for part in ("quote", *roles):
        m = _Mean()
        for pair in pairs:
            m.add(*pair.counts[part])
        per_part[part] = m.result()
    return {
        "roles": list(roles),
        "all": _summary(pairs, roles),
        "per_part": per_part,
        "per_type": {t: _summary([p for p in pairs if p.type == t], roles) for t in types},
        "type_label": _label_prf(pairs, "type"),
        "medium_label": _label_prf(pairs, "medium"),
        "groups": {
            "matched": sum(p.gold is not None and p.pred is not None for p in pairs),
            "matched_without_quote_overlap": sum(p.gold is not None and p.pred is not None
                                                 and not p.counts["quote"][0] for p in pairs),
            "unmatched_gold": sum(p.pred is None for p in pairs),
            "unmatched_predicted": sum(p.gold is None for p in pairs),
        },
    }


def score_documents(gold_docs: Mapping[str, Sequence[Mapping]], pred_docs: Mapping[str, Sequence[Mapping]],
                    roles: Sequence[str] = NEWS_ROLES, types: Sequence[str] = ()) -> dict:
    """Score dataset-format annotation lists keyed by document: {doc: [annotation, ...]} for gold and predictions.

    Documents only in the predictions are ignored, as in the published scorer (it walks the gold documents)."""
    pairs: list[Pair] = []
    for doc, golds in gold_docs.items():
        g = [quotation_from_json(a, roles) for a in golds]
        p = [quotation_from_json(a, roles) for a in pred_docs.get(doc, [])]
        pairs += score_document(g, p, roles)
    return aggregate(pairs, roles, types)
