"""Shared scoring helpers for the eval commands: P/R/F1, report printing and JSON output."""
from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 with the counts they came from."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def print_table(title: str, rows: dict[str, dict], console: Console | None = None) -> None:
    """Print {row name: prf dict} as a table."""
    table = Table(title=title)
    for col in ("", "precision", "recall", "f1", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if not col else "right")
    for name, m in rows.items():
        table.add_row(name, *(f"{m[k]:.4f}" if isinstance(m[k], float) else str(m[k]) for k in ("precision", "recall", "f1", "tp", "fp", "fn")))
    (console or Console()).print(table)


def write_json(result: dict, out: Path | None) -> None:
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


def require(path: Path, what: str) -> Path:
    """Fail with a clear message when evaluation data is missing (e.g. ../shared is absent)."""
    if not path.exists():
        raise FileNotFoundError(f"{what} not found at {path}")
    return path
