"""Metadata sidecars (articles.csv) and date parsing for metadata values.

A publication date is *known* only when the value names a day, a month and a year, absolutely: an ISO date or
date-time, or a written date ("19. Oktober 2024", "Mon, 19 Oct 2024 10:00 +0200"). Relative or partial values
("gestern", "now", "Montag", "12", "2024", "March") would be completed from today's date by a date parser, which
invents a date; they are reported as not a date instead. Years outside [MIN_YEAR, MAX_YEAR) are data errors
(year 1 or 9999 with a time zone cannot even be converted to UTC).
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from pathlib import Path

from .decode import InputError, decode

SIDECAR_NAME = "articles.csv"
FIELDS = ("outlet", "url", "published", "title", "author", "language")
MIN_YEAR, MAX_YEAR = 1800, 2200
MAX_DATE_CHARS = 100  # longer values are no date and would only cost the free-form parser time
MAX_SIDECAR_BYTES = 20 * 1024 * 1024
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"],
                        "PARSERS": ["custom-formats", "absolute-time"]}


def check_date(value) -> tuple[datetime | None, str | None]:
    """(naive UTC datetime, None) or (None, why the value is no publication date). Never raises."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        return None, "a true/false value, not a date"
    if isinstance(value, (int, float)):
        return None, "a number, not a date"
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_DATE_CHARS:
            return None, f"{len(text):,} characters, too long for a date"
        parsed = _parse_text(text)
        if parsed is None:
            return None, f"{_short(text)!r} names no absolute day, month and year"
    else:
        return None, f"a {'list' if isinstance(value, list) else 'mapping' if isinstance(value, dict) else type(value).__name__}, not a date"
    if not MIN_YEAR <= parsed.year < MAX_YEAR:
        return None, f"year {parsed.year} is outside {MIN_YEAR}-{MAX_YEAR - 1}"
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
        except (OverflowError, ValueError) as exc:
            return None, f"cannot be converted to UTC ({exc})"
    return parsed, None


def _parse_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if not any(ch.isdigit() for ch in text):
        return None  # a year is required; saves the free-form parser's time on prose
    import dateparser

    try:
        return dateparser.parse(text, languages=["de", "en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # the free-form parser has its own failure modes (overflow, regex errors); none is fatal here
        return None


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def read_sidecar(path: Path) -> dict[str, dict]:
    """{file name or relative path or id: {field: value}} from a CSV with a `file` (or `path`/`id`) column.

    Raises InputError("bad_metadata") for a sidecar that cannot be read; the caller records it once and reads
    the files without it.
    """
    from .files import read_bytes  # files.py imports this module for SIDECAR_NAME

    try:
        data = read_bytes(path, MAX_SIDECAR_BYTES)  # never blocks on a FIFO, never reads a device
    except InputError as exc:
        raise InputError("bad_metadata", f"metadata file could not be read: {exc}") from None
    try:
        text, _ = decode(data)
    except InputError as exc:
        if exc.kind == "empty":
            return {}
        raise InputError("bad_metadata", f"metadata file is not CSV text: {exc}") from None
    rows: dict[str, dict] = {}
    try:
        for row in csv.DictReader(io.StringIO(text, newline="")):
            key = _cell(row.get("file")) or _cell(row.get("path")) or _cell(row.get("id"))
            if key:
                rows[key] = {k: v for k in FIELDS if (v := _cell(row.get(k)))}
    except csv.Error as exc:
        raise InputError("bad_metadata", f"metadata file is not valid CSV: {exc}") from None
    return rows


def _cell(value) -> str:
    return value.strip() if isinstance(value, str) else ""


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
