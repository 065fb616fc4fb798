"""Quotation attribution evaluation on the German news quotation dataset (Wikinews, `*.pretty.json` with
`originalText`, `tokens` and `annotations[]` holding cue/speaker/quote/frame/addressee spans and a `type`) or on
GePaDe-SpkAtt task 1 (`--format spkatt`; read by `attribution.training.corpora`).

Each document's text runs through the full per-article pipeline up to attribution. Two metrics are reported.

Ours (unchanged): predicted attributions are matched one-to-one to gold quotations by the largest token overlap
of predicted content with the gold quote. Then, for cue, speaker and quote:
- overlap: a predicted span is correct when it shares >= 1 (non-punctuation) token with the gold span of the
  quotation it is matched to;
- exact: the token sets are identical, punctuation tokens ignored (quote marks, final period);
- a component predicted where gold has none, or on an unmatched prediction, is a false positive; a gold component
  with no correct prediction is a false negative.
Predicted cues are not scored for attributions whose cue is implicit (free indirect, continued quotes) or lies
inside the content (type 'reported'): the dataset annotates no cue there by design.
Scores are given overall and per gold quotation type (unmatched predictions count under the mapped type).

The dataset authors' (`official`, eval/quotes_official.py): Hungarian matching on quote token-overlap F1, token
P/R per matched quotation averaged over quotations; Messages (quote), Roles (cue + frame + speaker + addressee;
on SpkAtt cue + speaker + addressee, it has no frames), Joint. It works on the file's own tokens, as the
published scorer does; `predictions=DIR` writes the same predictions in the dataset's JSON format.
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

from ..attribution.training import corpora
from ..pipeline import STAGES
from . import quotes_official as official
from . import quotes_predictions as predictions_format
from .common import prf, print_table, require, write_json
from .quotes_predictions import map_type as _map_type, pred_spans as _pred_spans

TYPES = ("Direct", "Indirect", "Reported", "FreeIndirect", "IndirectFreeIndirect")
PARTS = ("cue", "speaker", "quote")
FORMATS = corpora.FORMATS


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
    return [(s["charBegin"], s["charEnd"]) for s in (ann.get(part) or {}).get("spans", [])]


def _stages():
    """Every stage up to attribution; one that cannot load is left out."""
    stages = []
    for name, path in STAGES:
        try:
            fn = getattr(import_module(path), "run", None)
        except Exception:
            fn = None
        if fn is not None or name in ("language", "attribution"):
            stages.append((name, fn))
        if name == "attribution":
            break
    return stages


def _read(path: Path, fmt: str) -> dict:
    """A document in the Wikinews JSON shape: the file itself, or a SpkAtt file turned into that shape."""
    if fmt == "spkatt":
        return predictions_format.corpus_document(corpora.read_spkatt_file(path))
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("originalText"), str):
        raise ValueError("not a quotation file: no originalText")
    doc.setdefault("annotations", [])
    return doc


def evaluate(data: Path, out: Path | None = None, limit: int | None = None, console: Console | None = None,
             predictions: Path | None = None, fmt: str = "wikinews") -> dict:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    files = corpora.files(require(data, "quotation data folder"), fmt)
    if limit:
        files = files[:limit]
    if not files:
        raise FileNotFoundError(f"no *.json files in {data}")
    stages = _stages()
    roles = official.SPKATT_ROLES if fmt == "spkatt" else official.NEWS_ROLES
    counts = {m: {p: defaultdict(lambda: [0, 0, 0]) for p in PARTS} for m in ("overlap", "exact")}
    det = defaultdict(lambda: [0, 0, 0])  # quotation detection (matched by quote overlap)
    groups: list[official.Pair] = []
    with_message: list[official.Pair] = []  # SpkAtt: only the gold events that have a Message
    errors = []
    t_all = t_att = 0.0
    n_words = n_docs = 0
    for f in files:
        try:
            doc = _read(f, fmt)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # one bad file is recorded, the batch goes on
            errors.append({"file": f.name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        n_docs += 1
        text = doc["originalText"]
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
        golds = doc["annotations"]
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
            typ = g.get("type")
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
        # The authors' metric, on the file's own token ids, from exactly what the predictions file holds.
        pred_doc = predictions_format.prediction_document(doc, preds)
        gold_q = [official.quotation_from_json(g, roles) for g in golds]
        pred_q = [official.quotation_from_json(a, roles) for a in pred_doc["annotations"]]
        groups += official.score_document(gold_q, pred_q, roles)
        if fmt == "spkatt":
            with_message += official.score_document([g for g in gold_q if g.get("quote")], pred_q, roles)
        if predictions is not None:
            predictions_format.write(predictions, f.name, pred_doc)
    if not n_docs:
        raise ValueError(f"no readable quotation files in {data}: {errors[:3]}")
    result = {
        "task": "quotation_attribution", "data": str(data), "format": fmt, "articles": n_docs,
        "matching": "one-to-one by largest token overlap of predicted content with gold quote",
        "detection": {k: prf(*det[k]) for k in ("all",) + TYPES},
        "scores": {mode: {p: {k: prf(*counts[mode][p][k]) for k in ("all",) + TYPES} for p in PARTS}
                   for mode in counts},
        "official": _official(groups, roles, fmt),
        "speed": {
            "articles_per_second_pipeline_to_attribution": round(n_docs / t_all, 1) if t_all else None,
            "articles_per_second_attribution_stage": round(n_docs / t_att, 1) if t_att else None,
            "mean_words": round(n_words / n_docs),
        },
    }
    if fmt == "spkatt":
        result["official_message_events_only"] = _official(with_message, roles, fmt)
    if errors:
        result["errors"] = errors
    if predictions is not None:
        result["predictions"] = str(predictions)
    con = console or Console()
    for mode in ("overlap", "exact"):
        print_table(f"Quotation attribution ({mode}) on {data} — all types",
                    {p: result["scores"][mode][p]["all"] for p in PARTS}, con)
    if fmt == "wikinews":
        rows = {}
        for t in TYPES:
            for p in PARTS:
                rows[f"{t} {p}"] = result["scores"]["overlap"][p][t]
        print_table("Token-overlap by gold quotation type", rows, con)
        print_table("Quotation detection", result["detection"], con)
    _print_official(result["official"], f"Dataset authors' metric on {data}", con)
    if fmt == "spkatt":
        _print_official(result["official_message_events_only"], "… gold events with a Message only", con)
    con.print(result["speed"])
    for e in errors:
        con.print(f"[yellow]skipped[/yellow] {e['file']}: {e['error']}")
    write_json(result, out)
    return result


def _official(groups: list, roles: tuple, fmt: str) -> dict:
    res = official.aggregate(groups, roles, TYPES if fmt == "wikinews" else ())
    res["definition"] = ("Hungarian matching on quote token-overlap F1 (type/medium tie-breakers, zero-overlap pairs "
                         "kept as the published scorer does); token P/R per group averaged over groups (macro); "
                         f"Roles = {' + '.join(roles)}; P/R of a part only where that side has tokens")
    if fmt == "spkatt":  # SpkAtt has no quotation types or medium labels to score
        for key in ("per_type", "type_label", "medium_label"):
            res.pop(key, None)
    return res


def _print_official(res: dict, title: str, con: Console) -> None:
    rows = {name.capitalize(): res["all"][name] for name in ("messages", "roles", "joint")}
    rows.update({f"  {part}": m for part, m in res["per_part"].items()})
    for t, summary in res.get("per_type", {}).items():
        for name in ("messages", "roles", "joint"):
            rows[f"{t} {name}"] = summary[name]
    for key in ("type_label", "medium_label"):
        if key in res:
            rows[key.replace("_label", " (label)")] = res[key]
    print_table(f"{title} (macro over quotations; tp/fp/fn = pooled tokens)", rows, con)
    con.print({"groups": res["groups"]})
