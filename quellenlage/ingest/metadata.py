"""Metadata sidecars (articles.csv) and date parsing for metadata values."""
from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import dateparser

SIDECAR_NAME = "articles.csv"
FIELDS = ("outlet", "url", "published", "title", "author", "language")


def parse_date(value) -> datetime | None:
    """ISO dates first (exact), then dateparser for free-form ("19. Oktober 2024").

    Returned as naive UTC so dates from different sources compare and sort.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = dateparser.parse(text, languages=["de", "en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is not None and parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def read_sidecar(path: Path) -> dict[str, dict]:
    """{file name or relative path or id: {field: value}} from a CSV with a `file` (or `path`/`id`) column."""
    rows: dict[str, dict] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            key = (row.get("file") or row.get("path") or row.get("id") or "").strip()
            if key:
                rows[key] = {k: row[k].strip() for k in FIELDS if row.get(k) and row[k].strip()}
    return rows


def lookup(sidecar: dict[str, dict], source: Path, base: Path | None) -> dict:
    """Metadata for a file: by path relative to the folder, by file name, or by stem."""
    keys = [source.name, source.stem]
    if base is not None:
        try:
            keys.insert(0, str(source.relative_to(base)))
        except ValueError:
            pass
    for key in keys:
        if key in sidecar:
            return sidecar[key]
    return {}
