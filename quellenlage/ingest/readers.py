"""Readers per input format. Each returns draft article fields (dicts) from decoded input."""
from __future__ import annotations

import json
import re

import yaml

from .decode import InputError, normalise

_HEADLINE_MAX = 200


def split_headline(text: str) -> str | None:
    """The first line is a title when it looks like a headline: short, alone on its line, no final full stop."""
    first, sep, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > _HEADLINE_MAX:
        return None
    # A full stop usually means running text, unless a blank line sets the line apart as a headline.
    if first.endswith((",", ";")) or first.endswith(".") and not rest.startswith("\n"):
        return None
    return first


def read_txt(text: str) -> list[dict]:
    return [{"text": text, "title": split_headline(text)}]


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def read_md(text: str) -> list[dict]:
    """Markdown with optional YAML front matter (title, outlet, url, published, author, language)."""
    meta: dict = {}
    m = _FRONT.match(text)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            raise InputError("bad_front_matter", f"YAML front matter could not be read: {exc}") from None
        if not isinstance(meta, dict):
            raise InputError("bad_front_matter", "YAML front matter is not a mapping of fields")
        text = text[m.end():]
    body = text
    title = meta.get("title")
    if not title:
        heading = re.match(r"\A\s*#\s+(.+)\n", body)
        title = heading.group(1).strip() if heading else split_headline(body)
    return [{**{k: meta.get(k) for k in ("outlet", "url", "published", "author", "language", "id")}, "text": body, "title": title}]


def read_html(text: str) -> list[dict]:
    """Main text and metadata with trafilatura (boilerplate of the page is removed by it)."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        raise InputError("no_text", "no article text could be extracted from the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = normalise(data.get("text") or "")
    if not body.strip():
        raise InputError("no_text", "the HTML holds no article text")
    return [{
        "text": body,
        "title": data.get("title"),
        "author": data.get("author"),
        "published": data.get("date"),
        "outlet": data.get("sitename"),
        "url": data.get("url"),
        "outlet_from_html": True,
    }]


def read_jsonl(text: str) -> list[dict | InputError]:
    """One article per line: text (required), title, url, outlet, published, id, language. Bad lines → errors."""
    items: list[dict | InputError] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append(InputError("bad_json", f"line {n}: not valid JSON ({exc.msg})", line=n))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            items.append(InputError("no_text", f"line {n}: no non-empty 'text' field", line=n))
            continue
        row = {k: obj.get(k) for k in ("title", "url", "outlet", "published", "author", "language", "id")}
        row["text"] = normalise(obj["text"])
        row["line"] = n
        items.append(row)
    return items


READERS = {".txt": read_txt, ".text": read_txt, ".md": read_md, ".markdown": read_md, ".html": read_html,
           ".htm": read_html, ".jsonl": read_jsonl, ".ndjson": read_jsonl}
