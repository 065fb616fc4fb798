"""Evaluate figure extraction on a JSONL gold set (default: the shipped tests/data/figures_gold.jsonl).

Gold format, one sentence per line:
  {"id": "fg001", "lang": "de", "text": "...", "figures": [
     {"surface": "etwa 10.000", "value": 10000, "low": null, "high": null, "unit": null, "kind": "count",
      "approximate": true, "lower_bound": false, "upper_bound": false, "qualifier": "etwa",
      "counts": "nordkoreanische Soldaten"}]}
`surface` is located by its first occurrence in `text` (add "occurrence": n for a later one).

Scores:
* extraction: a system figure overlapping a gold figure (one-to-one) is a TP;
* value: matched and value/low/high/unit equal (relative tolerance 1e-6);
* qualifier: matched and the approximate/lower_bound/upper_bound flags equal;
* value+qualifier: both of the above (the headline figure);
* span exact: matched with identical offsets (the qualifier must be inside the span);
* counts accuracy: of the matched gold figures that name what they count, the share whose system `counts`
  equals the gold string (exact), and the share that contains the gold head noun (lenient).
"""
from __future__ import annotations

import json
from pathlib import Path

from .common import prf, print_table, require, write_json

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "figures_gold.jsonl"


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def load(path: Path) -> list[dict]:
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _locate(text: str, surface: str, occurrence: int = 1) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            raise ValueError(f"surface {surface!r} not in {text!r}")
    return pos, pos + len(surface)


def evaluate_file(data: Path) -> dict:
    from ..figures import figures_in_text

    rows = load(require(Path(data), "figures gold file"))
    n_sys = n_gold = ext_tp = val_tp = qual_tp = vq_tp = exact_tp = 0
    counts_total = counts_exact = counts_lenient = 0
    errors = []
    for row in rows:
        text, lang = row["text"], row.get("lang", "de")
        sys = figures_in_text(text, lang)
        gold = []
        for g in row["figures"]:
            s, e = _locate(text, g["surface"], g.get("occurrence", 1))
            gold.append((s, e, g))
        n_sys += len(sys)
        n_gold += len(gold)
        used = set()
        for f in sys:
            match = None
            for j, (s, e, g) in enumerate(gold):
                if j not in used and s < f.end and f.start < e:
                    match = j
                    break
            if match is None:
                errors.append({"id": row["id"], "kind": "fp", "sys": f.text})
                continue
            used.add(match)
            s, e, g = gold[match]
            ext_tp += 1
            exact_tp += (s, e) == (f.start, f.end)
            v_ok = _close(f.value, g.get("value")) and _close(f.low, g.get("low")) and _close(f.high, g.get("high")) \
                and (f.unit or None) == (g.get("unit") or None)
            q_ok = (f.approximate, f.lower_bound, f.upper_bound) == (g["approximate"], g["lower_bound"], g["upper_bound"])
            val_tp += v_ok
            qual_tp += q_ok
            vq_tp += v_ok and q_ok
            if not (v_ok and q_ok) or (s, e) != (f.start, f.end):
                errors.append({"id": row["id"], "kind": "mismatch", "gold": g["surface"], "sys": f.text,
                               "gold_value": [g.get("value"), g.get("low"), g.get("high"), g.get("unit")],
                               "sys_value": [f.value, f.low, f.high, f.unit],
                               "gold_flags": [g["approximate"], g["lower_bound"], g["upper_bound"]],
                               "sys_flags": [f.approximate, f.lower_bound, f.upper_bound]})
            if g.get("counts"):
                counts_total += 1
                got = text[f.counts[0]:f.counts[1]] if f.counts else None
                if got == g["counts"]:
                    counts_exact += 1
                if got and g["counts"].split()[-1] in got:
                    counts_lenient += 1
                if got != g["counts"]:
                    errors.append({"id": row["id"], "kind": "counts", "figure": g["surface"], "gold": g["counts"], "sys": got})
        for j, (s, e, g) in enumerate(gold):
            if j not in used:
                errors.append({"id": row["id"], "kind": "fn", "gold": g["surface"]})
    metrics = {
        "extraction (overlap)": prf(ext_tp, n_sys - ext_tp, n_gold - ext_tp),
        "span exact": prf(exact_tp, n_sys - exact_tp, n_gold - exact_tp),
        "value": prf(val_tp, n_sys - val_tp, n_gold - val_tp),
        "qualifier": prf(qual_tp, n_sys - qual_tp, n_gold - qual_tp),
        "value+qualifier": prf(vq_tp, n_sys - vq_tp, n_gold - vq_tp),
    }
    return {
        "data": str(data),
        "sentences": len(rows),
        "gold_figures": n_gold,
        "metrics": metrics,
        "counts_accuracy": round(counts_exact / counts_total, 4) if counts_total else 0.0,
        "counts_accuracy_lenient": round(counts_lenient / counts_total, 4) if counts_total else 0.0,
        "counts_total": counts_total,
        "errors": errors,
    }


def evaluate(data: Path | None = None, out: Path | None = None, show_errors: int = 0) -> dict:
    data = data or DEFAULT_DATA
    result = evaluate_file(data)
    print_table(f"Figures on {data} ({result['sentences']} sentences, {result['gold_figures']} figures)", result["metrics"])
    print(f"what it counts: exact {result['counts_accuracy']:.4f}, head noun {result['counts_accuracy_lenient']:.4f} "
          f"(of {result['counts_total']} matched figures with a counted noun)")
    for e in result["errors"][:show_errors]:
        print(e)
    write_json(result, out)
    return result
