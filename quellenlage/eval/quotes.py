"""Quotation attribution evaluation on the German news quotation dataset format (`*.json` with `originalText`
and `annotations[]` holding cue/speaker/quote/frame/addressee spans with charBegin/charEnd and a `type`).

Each article's `originalText` runs through the full per-article pipeline. Predicted attributions are matched
one-to-one to gold quotations by the largest token overlap of predicted content with the gold quote. Then, for
cue, speaker and quote:
- overlap: a predicted span is correct when it shares >= 1 (non-punctuation) token with the gold span of the
  quotation it is matched to;
- exact: the token sets are identical, punctuation tokens ignored (quote marks, final period);
- a component predicted where gold has none, or on an unmatched prediction, is a false positive; a gold component
  with no correct prediction is a false negative.
Predicted cues are not scored for attributions whose cue is implicit (free indirect, continued quotes) or lies
inside the content (type 'reported'): the dataset annotates no cue there by design.
Scores are given overall and per gold quotation type (unmatched predictions count under the mapped type).
"""
from __future__ import annotations

import bisect
import json
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console

from ..context import ArticleContext, Options
from ..model import Article
from importlib import import_module

from ..pipeline import STAGES
from .common import prf, print_table, require, write_json

TYPES = ("Direct", "Indirect", "Reported", "FreeIndirect", "IndirectFreeIndirect")
PARTS = ("cue", "speaker", "quote")


def _map_type(att) -> str:
    if att.type == "direct":
        return "Direct"
    if att.type == "reported":
        return "Reported"
    if att.type == "free_indirect":
        return "FreeIndirect" if att.cue.text.lower() in ("soll", "sollen") else "IndirectFreeIndirect"
    return "Indirect"


class _Tok:
    def __init__(self, doc):
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t.text) for t in doc]
        self.content = [not (t.is_punct or t.is_space or t.text in "„“”»«\"‚‘") for t in doc]

    def tokens(self, spans) -> frozenset:
        out = set()
        for a, b in spans:
            i = max(0, bisect.bisect_right(self.starts, a) - 1)
            while i < len(self.starts) and self.starts[i] < b:
                if self.ends[i] > a and self.content[i]:
                    out.add(i)
                i += 1
        return frozenset(out)


def _gold_spans(ann, part):
    return [(s["charBegin"], s["charEnd"]) for s in ann[part]["spans"]]


def _pred_spans(att, part):
    if part == "quote":
        return [(c.start, c.end) for c in att.content]
    if part == "speaker":
        return [(att.speaker.start, att.speaker.end)] if att.speaker else []
    if att.cue_implicit or att.type == "reported":
        return []
    parts = att.cue_parts or [att.cue]
    return [(c.start, c.end) for c in parts]


def evaluate(data: Path, out: Path | None = None, limit: int | None = None, console: Console | None = None) -> dict:
    files = sorted(require(data, "quotation data folder").glob("*.json"))
    if limit:
        files = files[:limit]
    if not files:
        raise FileNotFoundError(f"no *.json files in {data}")
    stages = []
    for name, path in STAGES:  # every stage up to attribution; one that cannot load is left out
        try:
            fn = getattr(import_module(path), "run", None)
        except Exception:
            fn = None
        if fn is not None or name in ("language", "attribution"):
            stages.append((name, fn))
        if name == "attribution":
            break
    counts = {m: {p: defaultdict(lambda: [0, 0, 0]) for p in PARTS} for m in ("overlap", "exact")}
    det = defaultdict(lambda: [0, 0, 0])  # quotation detection (matched by quote overlap)
    t_all = t_att = 0.0
    n_words = 0
    for f in files:
        d = json.loads(f.read_text(encoding="utf-8"))
        text = d["originalText"]
        n_words += len(text.split())
        art = Article(id=f.stem, source=str(f), text=text, language="de")
        ctx = ArticleContext(article=art, options=Options(language="de"))
        t0 = time.perf_counter()
        for name, run in stages:
            ts = time.perf_counter()
            try:
                upd = run(ctx)
            except Exception as exc:  # a broken stage must not stop the evaluation
                if name in ("language", "attribution"):
                    raise
                upd = {}
                _ = exc
            if name == "attribution":
                t_att += time.perf_counter() - ts
            if upd:
                ctx.annotations = ctx.annotations.model_copy(update=upd)
            if name == "attribution":
                break
        t_all += time.perf_counter() - t0
        tok = _Tok(ctx.doc)
        preds = ctx.annotations.attributions
        golds = d["annotations"]
        g_sets = [{p: tok.tokens(_gold_spans(g, p)) for p in PARTS} for g in golds]
        p_sets = [{p: tok.tokens(_pred_spans(a, p)) for p in PARTS} for a in preds]
        # One-to-one matching by quote overlap, largest first.
        pairs = sorted(((len(gs["quote"] & ps["quote"]), gi, pi) for gi, gs in enumerate(g_sets)
                        for pi, ps in enumerate(p_sets) if gs["quote"] & ps["quote"]), reverse=True)
        gm, pm = {}, {}
        for _, gi, pi in pairs:
            if gi not in gm and pi not in pm:
                gm[gi], pm[pi] = pi, gi
        for gi, g in enumerate(golds):
            typ = g["type"]
            pi = gm.get(gi)
            for key in (typ, "all"):
                det[key][0 if pi is not None else 2] += 1
            for p in PARTS:
                gs = g_sets[gi][p]
                ps = p_sets[pi][p] if pi is not None else frozenset()
                for mode in ("overlap", "exact"):
                    ok = bool(gs & ps) if mode == "overlap" else (gs == ps and bool(gs))
                    c = counts[mode][p]
                    for key in (typ, "all"):
                        if gs and ps:
                            if ok:
                                c[key][0] += 1
                            else:
                                c[key][1] += 1
                                c[key][2] += 1
                        elif ps:
                            c[key][1] += 1
                        elif gs:
                            c[key][2] += 1
        for pi, a in enumerate(preds):
            if pi in pm:
                continue
            typ = _map_type(a)
            for key in (typ, "all"):
                det[key][1] += 1
            for p in PARTS:
                if p_sets[pi][p]:
                    for mode in ("overlap", "exact"):
                        for key in (typ, "all"):
                            counts[mode][p][key][1] += 1
    result = {
        "task": "quotation_attribution", "data": str(data), "articles": len(files),
        "matching": "one-to-one by largest token overlap of predicted content with gold quote",
        "detection": {k: prf(*det[k]) for k in ("all",) + TYPES},
        "scores": {mode: {p: {k: prf(*counts[mode][p][k]) for k in ("all",) + TYPES} for p in PARTS}
                   for mode in counts},
        "speed": {
            "articles_per_second_pipeline_to_attribution": round(len(files) / t_all, 1) if t_all else None,
            "articles_per_second_attribution_stage": round(len(files) / t_att, 1) if t_att else None,
            "mean_words": round(n_words / len(files)),
        },
    }
    con = console or Console()
    for mode in ("overlap", "exact"):
        print_table(f"Quotation attribution ({mode}) on {data} — all types",
                    {p: result["scores"][mode][p]["all"] for p in PARTS}, con)
    rows = {}
    for t in TYPES:
        for p in PARTS:
            rows[f"{t} {p}"] = result["scores"]["overlap"][p][t]
    print_table("Token-overlap by gold quotation type", rows, con)
    print_table("Quotation detection", result["detection"], con)
    con.print(result["speed"])
    write_json(result, out)
    return result
