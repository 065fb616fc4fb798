"""Evaluate the time tagger on WikiWarsDE-style data: DIR/in/*.sgm (raw) + DIR/keyinline/*.key.xml (TIMEX2 inline).

Scoring follows the TERN/TempEval conventions:
* strict extraction: a system expression counts when its offsets equal a gold expression's;
* lenient extraction: when it overlaps a gold expression (one-to-one, greedy by overlap);
* value accuracy: share of lenient matches whose normalised value equals the gold VAL;
* value F1: a lenient match with the correct value is a TP; every other system expression is an FP and every
  other gold expression an FN (so value F1 <= lenient F1).
Values are compared after mapping to a common form: upper case, time-zone suffix and trailing seconds dropped.
Only the <TEXT> part is scored; the document creation time comes from <DATETIME>. WikiWars texts are narratives,
so the tagger runs in "narrative" mode (underspecified expressions resolve against the last mentioned date).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .common import prf, print_table, require, write_json

_TAG = re.compile(r"<TIMEX2([^>]*)>|</TIMEX2>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_key(xml: str) -> tuple[str, list[dict]]:
    """(plain text of <TEXT>, gold expressions with start/end/text/val/mod) from an inline-annotated file."""
    m = re.search(r"<TEXT>(.*)</TEXT>", xml, re.S)
    body = m.group(1) if m else xml
    out, plain, stack, pos = [], [], [], 0
    length = 0
    for t in _TAG.finditer(body):
        chunk = body[pos:t.start()]
        plain.append(chunk)
        length += len(chunk)
        pos = t.end()
        if t.group(0).startswith("</"):
            if stack:
                start, attrs = stack.pop()
                out.append({"start": start, "end": length, **attrs})
        else:
            stack.append((length, dict(_ATTR.findall(t.group(1) or ""))))
    plain.append(body[pos:])
    text = "".join(plain)
    for g in out:
        g["text"] = text[g["start"]:g["end"]]
    return text, sorted(out, key=lambda g: g["start"])


def parse_sgm(sgm: str) -> tuple[str, date | None]:
    m = re.search(r"<TEXT>(.*)</TEXT>", sgm, re.S)
    text = m.group(1) if m else sgm
    d = re.search(r"<DATETIME>\s*(\d{4})-(\d{2})-(\d{2})", sgm)
    dct = date(int(d.group(1)), int(d.group(2)), int(d.group(3))) if d else None
    return text, dct


def norm_value(v: str | None) -> str | None:
    if v is None:
        return None
    v = v.strip().upper()
    v = re.sub(r"([+-]\d{2}(?::?\d{2})?|Z)$", "", v) if "T" in v else v
    v = re.sub(r"(T\d{2}:\d{2}):00$", r"\1", v)
    return v or None


def _match(sys: list, gold: list) -> tuple[int, list[tuple[int, int]]]:
    """(strict matches, lenient one-to-one pairs (sys index, gold index))."""
    gold_by_span = {(g["start"], g["end"]) for g in gold}
    strict = sum(1 for s in sys if (s.start, s.end) in gold_by_span)
    pairs, used = [], set()
    for i, s in enumerate(sys):
        best, best_ov = None, 0
        for j, g in enumerate(gold):
            if j in used or g["end"] <= s.start or g["start"] >= s.end:
                continue
            ov = min(s.end, g["end"]) - max(s.start, g["start"])
            if ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
            pairs.append((i, best))
    return strict, pairs


def evaluate_dir(data: Path) -> dict:
    from ..time.tagger import tag

    data = require(Path(data), "WikiWarsDE-style data folder")
    key_dir = require(data / "keyinline", "keyinline/ folder")
    n_sys = n_gold = strict_tp = lenient_tp = value_tp = 0
    docs, errors = {}, []
    for key in sorted(key_dir.glob("*.key.xml")):
        doc_id = key.name[: -len(".key.xml")]
        gold_text, gold = parse_key(key.read_text(encoding="utf-8"))
        sgm = data / "in" / f"{doc_id}.sgm"
        if sgm.exists():
            text, dct = parse_sgm(sgm.read_text(encoding="utf-8"))
        else:
            text, dct = gold_text, None
            d = re.search(r"<DATETIME>.*?(\d{4})-(\d{2})-(\d{2})", key.read_text(encoding="utf-8"), re.S)
            dct = date(int(d.group(1)), int(d.group(2)), int(d.group(3))) if d else None
        if text != gold_text:
            raise ValueError(f"{doc_id}: raw text and key text differ")
        sys = tag(text, dct, mode="narrative")
        strict, pairs = _match(sys, gold)
        vtp = 0
        for i, j in pairs:
            ok = norm_value(sys[i].value) == norm_value(gold[j].get("val"))
            vtp += ok
            if not ok:
                errors.append({"doc": doc_id, "kind": "value", "text": gold[j]["text"], "sys_text": sys[i].text,
                               "gold": gold[j].get("val"), "sys": sys[i].value})
        matched_sys = {i for i, _ in pairs}
        matched_gold = {j for _, j in pairs}
        for i, s in enumerate(sys):
            if i not in matched_sys:
                errors.append({"doc": doc_id, "kind": "fp", "text": s.text, "sys": s.value, "rule": s.rule,
                               "context": text[max(0, s.start - 40):s.end + 40].replace("\n", " ")})
        for j, g in enumerate(gold):
            if j not in matched_gold:
                errors.append({"doc": doc_id, "kind": "fn", "text": g["text"], "gold": g.get("val"),
                               "context": text[max(0, g["start"] - 40):g["end"] + 40].replace("\n", " ")})
        for i, j in pairs:
            if (sys[i].start, sys[i].end) != (gold[j]["start"], gold[j]["end"]):
                errors.append({"doc": doc_id, "kind": "extent", "text": gold[j]["text"], "sys_text": sys[i].text})
        docs[doc_id] = {"gold": len(gold), "system": len(sys), "strict_tp": strict, "lenient_tp": len(pairs), "value_tp": vtp}
        n_sys += len(sys)
        n_gold += len(gold)
        strict_tp += strict
        lenient_tp += len(pairs)
        value_tp += vtp
    rows = {
        "extraction strict": prf(strict_tp, n_sys - strict_tp, n_gold - strict_tp),
        "extraction lenient": prf(lenient_tp, n_sys - lenient_tp, n_gold - lenient_tp),
        "value (TempEval)": prf(value_tp, n_sys - value_tp, n_gold - value_tp),
    }
    return {
        "data": str(data),
        "documents": len(docs),
        "metrics": rows,
        "value_accuracy": round(value_tp / lenient_tp, 4) if lenient_tp else 0.0,
        "per_document": docs,
        "errors": errors,
    }


def evaluate(data: Path, out: Path | None = None, show_errors: int = 0) -> dict:
    result = evaluate_dir(data)
    print_table(f"Time expressions on {data} ({result['documents']} documents)", result["metrics"])
    print(f"value accuracy (on lenient matches): {result['value_accuracy']:.4f}")
    if show_errors:
        for e in result["errors"][:show_errors]:
            print(e)
    write_json(result, out)
    return result
