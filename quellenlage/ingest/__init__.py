"""Ingest: files, folders, JSONL and standard input become `Article`s, each input gets an `InputRecord`.

Cleaning (boilerplate flags), language ID and outlet inference happen here because they define the article
the analysis sees. A bad input becomes an error record; the rest of the batch goes on.
"""
from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from ..clean import find_boilerplate
from ..lang.detect import detect
from ..model import Article, InputRecord
from .decode import InputError, decode, normalise
from .metadata import SIDECAR_NAME, lookup, parse_date, read_sidecar
from .outlet import outlet_from_text, outlet_from_url
from .readers import READERS

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "article"


def build_article(fields: dict, source: str, *, language: str | None = None, encoding: str | None = None) -> Article:
    """An Article from reader fields: cleaned, language identified, outlet known or inferred."""
    text = normalise(fields["text"])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stem = fields.get("id") or Path(source.split("#")[0]).stem
    article_id = f"{_slug(str(stem))}-{digest[:8]}"
    flagged = find_boilerplate(article_id, text)
    outlet, inferred, evidence = fields.get("outlet"), False, None
    if outlet and fields.get("outlet_from_html"):
        inferred, evidence = True, "site name in the HTML metadata"
    if not outlet and fields.get("url"):
        outlet, inferred, evidence = outlet_from_url(fields["url"]), True, "domain of the article URL"
    if not outlet:
        found = outlet_from_text(text, flagged)
        if found:
            outlet, evidence = found
            inferred = True
    lang, confidence = (language, None) if language else (fields.get("language"), None)
    if not lang:
        lang, confidence = detect(unflagged_text(text, flagged))
    return Article(
        id=article_id, source=source, url=fields.get("url"), outlet=outlet, outlet_inferred=inferred,
        outlet_evidence=evidence, title=fields.get("title"), author=_str(fields.get("author")),
        published=parse_date(fields.get("published")), language=lang, language_confidence=confidence,
        text=text, flagged=flagged, content_hash=digest, encoding=encoding,
    )


def unflagged_text(text: str, flagged) -> str:
    """The text with flagged boilerplate left out (consent blocks would skew language ID)."""
    parts, pos = [], 0
    for span in flagged:
        parts.append(text[pos:span.start])
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def _str(value) -> str | None:
    return None if value is None else str(value)


def iter_files(paths: Iterable[str]) -> Iterable[tuple[str, Path | None, Path | None]]:
    """(source, path, folder it was found in) for every input; '-' is standard input."""
    for raw in paths:
        if raw == STDIN:
            yield "<stdin>", None, None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name == SIDECAR_NAME or child.name.startswith("."):
                    continue
                yield str(child), child, path
        else:
            yield str(path), path, None


def read_inputs(
    paths: Iterable[str],
    metadata: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    language: str | None = None,
) -> tuple[list[Article], list[InputRecord]]:
    """Read every input. Returns the articles and one record per input (ok, duplicate or error)."""
    sidecars: dict[Path, dict] = {}
    explicit = read_sidecar(metadata) if metadata else {}
    articles: list[Article] = []
    records: list[InputRecord] = []
    seen: dict[str, str] = {}

    def add(fields: dict, source: str, encoding: str | None) -> None:
        article = build_article(fields, source, language=language, encoding=encoding)
        if article.content_hash in seen:
            records.append(InputRecord(source=source, status="duplicate", article_id=seen[article.content_hash],
                                       message=f"same text as {seen[article.content_hash]}; analysed once"))
            return
        seen[article.content_hash] = article.id
        articles.append(article)
        records.append(InputRecord(source=source, status="ok", article_id=article.id))

    for source, path, folder in iter_files(paths):
        try:
            if path is None:
                data, suffix = sys.stdin.buffer.read(), ".txt"
            else:
                if not path.exists():
                    raise InputError("not_found", f"no such file or folder: {path}")
                size = path.stat().st_size
                if size > max_bytes:
                    raise InputError("too_large", f"{size:,} bytes is over the limit of {max_bytes:,} bytes")
                suffix = path.suffix.lower()
                if suffix not in READERS:
                    raise InputError("unsupported", f"unsupported file type '{suffix or path.name}' "
                                     f"(supported: {', '.join(sorted(READERS))})")
                data = path.read_bytes()
            text, encoding = decode(data)
            meta = {}
            if path is not None:
                # A sidecar lies next to the files it describes.
                side = path.parent / SIDECAR_NAME
                if side not in sidecars:
                    sidecars[side] = read_sidecar(side) if side.exists() else {}
                meta = {**lookup(sidecars[side], path, path.parent), **lookup(explicit, path, folder)}
            items = READERS[suffix](text)
            for item in items:
                if isinstance(item, InputError):  # one bad JSONL line
                    records.append(InputRecord(source=f"{source}#{item.line}", status="error",
                                               error_kind=item.kind, message=str(item)))
                    continue
                item_source = f"{source}#{item['line']}" if "line" in item else source
                fields = {**{k: v for k, v in item.items() if v not in (None, "")}, **meta}
                add(fields, item_source, encoding)
        except InputError as exc:
            records.append(InputRecord(source=source, status="error", error_kind=exc.kind, message=str(exc)))
        except (OSError, ValueError) as exc:
            records.append(InputRecord(source=source, status="error", error_kind="read_error",
                                       message=f"{type(exc).__name__}: {exc}"))
    return articles, records
