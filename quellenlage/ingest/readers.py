"""Readers per input format. Each returns draft article fields (dicts) from decoded input, raw as the input
gave them (`fields.clean_fields` judges the values); a reader never raises anything but InputError.

Bounds that make every reader total: YAML front matter at most `MAX_FRONT_MATTER` characters, nested at most
`MAX_DEPTH` levels and with at most `MAX_ALIASES` aliases (an alias bomb is refused before it is expanded);
JSON nested too deep is a bad line; an HTML extractor failure (trafilatura asserts on SVG, a missing optional
import) is an error record for that file. One JSONL line never affects another.
"""
from __future__ import annotations

import json
import re

import yaml

from .decode import InputError, is_blank, normalise
from .fields import kind_of

_HEADLINE_MAX = 200
MAX_FRONT_MATTER = 64 * 1024
MAX_DEPTH = 50
MAX_ALIASES = 100


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


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses deep nesting and alias bombs while composing, before anything is built."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise InputError("bad_front_matter", f"YAML front matter uses more than {MAX_ALIASES} aliases")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise InputError("bad_front_matter", f"YAML front matter is nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_front_matter(raw: str) -> dict:
    """The front matter as a mapping; raises InputError for anything else."""
    if len(raw) > MAX_FRONT_MATTER:
        raise InputError("bad_front_matter", f"YAML front matter is over {MAX_FRONT_MATTER:,} characters")
    loader = _BoundedLoader(raw)
    try:
        meta = loader.get_single_data()
    except InputError:
        raise
    except yaml.YAMLError as exc:
        raise InputError("bad_front_matter", f"YAML front matter could not be read: {_one_line(exc)}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # e.g. an int past the digit limit
        raise InputError("bad_front_matter", f"YAML front matter could not be read ({type(exc).__name__}: "
                         f"{_one_line(exc, 120)})") from None
    finally:
        loader.dispose()
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise InputError("bad_front_matter", "YAML front matter is not a mapping of fields")
    return {k: v for k, v in meta.items() if isinstance(k, str)}


def read_md(text: str) -> list[dict]:
    """Markdown with optional YAML front matter (title, outlet, url, published, author, language)."""
    meta: dict = {}
    m = _FRONT.match(text)
    if m:
        meta = load_front_matter(m.group(1))
        text = text[m.end():]
    body = text
    if is_blank(body):
        raise InputError("empty", "the Markdown file holds front matter but no article text")
    title = meta.get("title")
    if title is None or title == "":
        heading = re.match(r"\A\s*#[ \t]+(.+)\n", body)
        title = heading.group(1).strip() if heading else split_headline(body)
    return [{**{k: meta.get(k) for k in ("outlet", "url", "published", "author", "language", "id")}, "text": body, "title": title}]


def read_html(text: str) -> list[dict]:
    """Main text and metadata with trafilatura (boilerplate of the page is removed by it)."""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    except ImportError as exc:  # e.g. lxml_html_clean missing for jusText: the file fails, not the batch
        raise InputError("reader_unavailable", f"the HTML reader could not be loaded: {exc}") from None
    except RecursionError:
        raise InputError("bad_html", "the HTML is nested too deeply to be read") from None
    except Exception as exc:  # the extractor asserts on some documents (SVG); any of its failures is this file's
        raise InputError("bad_html", f"the HTML could not be read ({type(exc).__name__}"
                         + (f": {_one_line(exc)}" if str(exc) else "") + ")") from None
    if doc is None:
        raise InputError("no_text", "no article text could be extracted from the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = normalise(data.get("text") or "")
    if is_blank(body):
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
    """One article per line: text (required), title, url, outlet, published, id, language. Bad lines → errors.

    Blank lines are no inputs; a file of blank lines only is empty (an error record for the file).
    """
    items: list[dict | InputError] = []
    for n, line in enumerate(text.split("\n"), 1):
        item = read_jsonl_line(line, n)
        if item is not None:
            items.append(item)
    if not items:
        raise InputError("empty", "the JSONL file holds no lines with content")
    return items


def read_jsonl_line(line: str, n: int) -> dict | InputError | None:
    """Line `n` of a JSONL input: article fields (with `line`), an InputError for a bad line, None when blank.

    Shared by `read_jsonl` (a file read whole) and `streams` (a large or compressed file read line by line).
    """
    if is_blank(line):
        return None
    try:
        obj = json.loads(line.lstrip("\ufeff"))  # a byte-order mark inside: files concatenated
    except json.JSONDecodeError as exc:
        return InputError("bad_json", f"line {n}: not valid JSON ({exc.msg})", line=n)
    except RecursionError:
        return InputError("bad_json", f"line {n}: JSON nested too deeply", line=n)
    except ValueError as exc:  # an integer past Python's digit limit
        return InputError("bad_json", f"line {n}: not readable JSON ({_one_line(exc)})", line=n)
    if not isinstance(obj, dict):
        return InputError("no_text", f"line {n}: {kind_of(obj)}, not an object with 'text'", line=n)
    value = obj.get("text")
    if not isinstance(value, str) or is_blank(value):
        why = "no 'text' field" if value is None else (f"'text' is {kind_of(value)}, not text"
                                                       if not isinstance(value, str) else "'text' is blank")
        return InputError("no_text", f"line {n}: {why}", line=n)
    row = {k: obj.get(k) for k in ("title", "url", "outlet", "published", "author", "language", "id")}
    row["text"] = value
    row["line"] = n
    return row


def _one_line(exc: BaseException, n: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= n else text[: n - 1] + "…"


READERS = {".txt": read_txt, ".text": read_txt, ".md": read_md, ".markdown": read_md, ".html": read_html,
           ".htm": read_html, ".jsonl": read_jsonl, ".ndjson": read_jsonl}
