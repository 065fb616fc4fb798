"""Article fields from any reader, made safe: each metadata field a bounded string (or a real date), or dropped
with a note that names it.

Readers hand over whatever the input held (JSON and YAML give ints, floats, bools, lists, mappings, dates).
Definition of an acceptable field value:
- text fields (title, outlet, author, language, id): a string, or a number written as one (title 2026 is the
  title "2026"); a bool, list or mapping is no text and is dropped; at most `MAX_CHARS[field]` characters;
- language: a code such as "de" or "en-GB";
- url: a string (never fetched, only used for the outlet), at most 2,000 characters;
- published: a value `metadata.check_date` accepts (absolute day, month and year, in range);
- the article text itself: a non-blank string; anything else rejects the input with kind `no_text`.
Non-scalar values are never turned into strings: `str()` of a YAML alias bomb would expand it to gigabytes.
Lone surrogates become U+FFFD (see `decode.normalise`), so every accepted field can be written as UTF-8.
"""
from __future__ import annotations

import re

from .decode import InputError, has_surrogate, is_blank, normalise
from .metadata import check_date

MAX_CHARS = {"title": 1000, "outlet": 300, "author": 500, "language": 20, "id": 200, "url": 2000}
TEXT_FIELDS = ("title", "outlet", "author", "language", "id")
# spaCy's default `nlp.max_length` (lang/tokens.py keeps it): a longer text cannot be tokenised, so it is
# rejected with that reason instead of being accepted and silently never analysed.
MAX_TEXT_CHARS = 1_000_000
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?\Z")


def kind_of(value) -> str:
    """'a number', 'a list', ... for messages."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    return {list: "a list", dict: "a mapping", str: "a string"}.get(type(value), f"a {type(value).__name__} value")


def article_text(value) -> str:
    """The article text, normalised; raises InputError when there is none or too much."""
    if not isinstance(value, str):
        raise InputError("no_text", "no text" if value is None else f"'text' is {kind_of(value)}, not text")
    text = normalise(value)
    if is_blank(text):
        raise InputError("empty", "the input holds no visible text (only whitespace or format characters)")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError("too_long", f"the text has {len(text):,} characters; one article can have at most "
                         f"{MAX_TEXT_CHARS:,} (split it into several articles)")
    return text


def clean_fields(fields: dict) -> tuple[dict, list[str]]:
    """(fields with every metadata value acceptable, notes naming each value dropped). Never raises."""
    out: dict = {}
    notes: list[str] = []
    for key, value in fields.items():
        if value is None or value == "":
            continue
        if key in TEXT_FIELDS or key == "url":
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                notes.append(f"{key}: {kind_of(value)}, not text; ignored")
                continue
            if key == "url" and not isinstance(value, str):
                notes.append(f"url: {kind_of(value)}, not a URL; ignored")
                continue
            if isinstance(value, str) and has_surrogate(value):
                notes.append(f"{key}: invalid characters (lone surrogates) replaced by U+FFFD")
            try:
                text = " ".join(normalise(str(value)).split())  # metadata is one line
            except ValueError:  # an int past Python's digit limit for str()
                notes.append(f"{key}: a number too long to write; ignored")
                continue
            if not text:
                continue
            if key == "language" and not _LANGUAGE.match(text):
                notes.append(f"language: {text[:40]!r} is no language code; ignored")
                continue
            if len(text) > MAX_CHARS[key]:
                notes.append(f"{key}: {len(text):,} characters, over the limit of {MAX_CHARS[key]:,}; ignored")
                continue
            out[key] = text
        elif key == "published":
            parsed, why = check_date(value)
            if parsed is None:
                if why:
                    notes.append(f"published: {why}; ignored")
                continue
            out[key] = parsed
        else:  # text, line, outlet_from_html: the readers' own values
            out[key] = value
    return out, notes
