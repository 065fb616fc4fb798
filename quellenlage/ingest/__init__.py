"""Ingest: files, folders, JSONL and standard input become `Article`s, each input gets an `InputRecord`.

Cleaning (boilerplate flags), language ID and outlet inference happen here because they define the article
the analysis sees. A bad input becomes an error record; the rest of the batch goes on. Every input path is
total: files.py decides what is read (regular files only), decode.py turns bytes into text, readers.py parses
formats within bounds, fields.py judges each metadata value (a bad one is dropped and named in the record).
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..clean import find_boilerplate
from ..lang.detect import detect
from ..model import Article, InputRecord
from . import files, streams
from .decode import InputError, decode, has_surrogate
from .fields import article_text, clean_fields
from .files import Found, Skip, classify, read_bytes
from .metadata import SIDECAR_NAME, lookup, read_sidecar
from .outlet import outlet_from_text, outlet_from_url
from .readers import READERS

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "article"


def build_article(fields: dict, source: str, *, language: str | None = None, encoding: str | None = None,
                  notes: list[str] | None = None) -> Article:
    """An Article from reader fields: cleaned, language identified, outlet known or inferred.

    Metadata values are judged by `fields.clean_fields` (a value of the wrong type or out of range is dropped and
    named in `notes`); no text, blank text or text too long to analyse raises InputError.
    """
    raw = fields.get("text")
    text = article_text(raw)
    fields, dropped = clean_fields(fields)
    if notes is not None:
        if isinstance(raw, str) and has_surrogate(raw):
            dropped.insert(0, "text: invalid characters (lone surrogates) replaced by U+FFFD")
        notes.extend(dropped)
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
        outlet_evidence=evidence, title=fields.get("title"), author=fields.get("author"),
        published=fields.get("published"), language=lang, language_confidence=confidence,
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


def _display(source: str) -> str:
    """A source name that can be written as UTF-8 (undecodable bytes of a file name shown as \\xNN escapes)."""
    try:
        source.encode("utf-8")
        return source
    except UnicodeEncodeError:
        return os.fsencode(source).decode("utf-8", "backslashreplace") if source else source


def _error(source: str, exc: InputError) -> InputRecord:
    return InputRecord(source=source, status="error", error_kind=exc.kind, message=str(exc))


def _unexpected(source: str, exc: BaseException) -> InputRecord:
    """An exception no reader foresaw: still one error record, never a traceback (the fuzz suite counts these)."""
    return InputRecord(source=source, status="error", error_kind="internal_error",
                       message=f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")


def read_inputs(
    paths: Iterable[str],
    metadata: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    language: str | None = None,
) -> tuple[list[Article], list[InputRecord]]:
    """Read every input. Returns the articles and one record per input (ok, duplicate or error).

    Every file, JSONL line and skipped entry of a folder gets exactly one record; nothing in one input can
    raise out of this function or affect another input (see files.py for what is read at all). A list wrapper
    over `iter_inputs`.
    """
    articles: list[Article] = []
    records: list[InputRecord] = []
    for article, record in iter_inputs(paths, metadata=metadata, max_bytes=max_bytes, language=language):
        if article is not None:
            articles.append(article)
        records.append(record)
    return articles, records


def iter_inputs(
    paths: Iterable[str],
    metadata: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    language: str | None = None,
) -> Iterator[tuple[Article | None, InputRecord]]:
    """Every input as it is read: (article, its ok record) or (None, a duplicate or error record).

    Streams: one file is in memory at a time, a stream input (large or compressed JSONL, WARC; see streams.py)
    one line or record at a time. What stays for the whole run is one short key per distinct text (to record
    a repeated text as a duplicate of the first) and the metadata sidecars met so far.
    """
    sidecars: dict[Path, dict] = {}
    seen: dict[bytes, str] = {}  # first 16 bytes of the content hash -> article id
    explicit: dict = {}
    if metadata:
        try:
            explicit = read_sidecar(metadata)
        except InputError as exc:
            yield None, _error(_display(str(metadata)), exc)

    def add(fields: dict, source: str, encoding: str | None) -> tuple[Article | None, InputRecord]:
        notes: list[str] = []
        article = build_article(fields, source, language=language, encoding=encoding, notes=notes)
        message = "; ".join(notes) or None
        key = bytes.fromhex(article.content_hash[:32])
        if key in seen:
            first = seen[key]
            return None, InputRecord(source=source, status="duplicate", article_id=first,
                                     message=f"same text as {first}; analysed once")
        seen[key] = article.id
        return article, InputRecord(source=source, status="ok", article_id=article.id, message=message)

    def sidecar_for(path: Path) -> tuple[dict, InputRecord | None]:
        # A sidecar lies next to the files it describes; a broken one is recorded once, the files go on without it.
        side = path.parent / SIDECAR_NAME
        problem = None
        if side not in sidecars:
            sidecars[side] = {}
            if classify(side) is None:
                try:
                    sidecars[side] = read_sidecar(side)
                except InputError as exc:
                    problem = _error(_display(str(side)), exc)
        return sidecars[side], problem

    def read_one(source: str, path: Path | None, folder: Path | None) -> Iterator[tuple[Article | None, InputRecord]]:
        fmt = streams.stream_format(path, max_bytes) if path is not None else None
        encoding: str | None = None
        if fmt is not None:
            items: Iterable = streams.items(path, fmt, max_bytes)
        else:
            if path is None:
                data, suffix = sys.stdin.buffer.read(max_bytes + 1), ".txt"
                if len(data) > max_bytes:
                    raise InputError("too_large", f"standard input is over the limit of {max_bytes:,} bytes")
            else:
                suffix = path.suffix.lower()
                if suffix not in READERS:
                    raise InputError("unsupported", f"unsupported file type '{_display(suffix or path.name)}' "
                                     f"(supported: {', '.join(sorted(READERS) + list(streams.STREAM_SUFFIXES))})")
                data = read_bytes(path, max_bytes)
            text, encoding = decode(data)
        meta = {}
        if path is not None:  # read after the file itself, so a file that cannot be read never reads its sidecar
            side, problem = sidecar_for(path)
            if problem is not None:
                yield None, problem
            meta = {**lookup(side, path, path.parent), **lookup(explicit, path, folder)}
        if fmt is None:
            items = READERS[suffix](text)
        for item in items:
            if isinstance(item, InputError):  # one bad JSONL line or WARC record
                yield None, _error(f"{source}#{item.line}", item)
                continue
            item_source = f"{source}#{item['line']}" if "line" in item else source
            item_encoding = item.pop("encoding", None) or encoding
            try:  # one line's failure never loses the lines after it
                yield add({**{k: v for k, v in item.items() if v is not None}, **meta}, item_source, item_encoding)
            except InputError as exc:
                yield None, _error(item_source, exc)
            except Exception as exc:
                yield None, _unexpected(item_source, exc)

    for raw in paths:
        if raw == STDIN:
            entries: Iterable = [Found("<stdin>", None, None)]  # type: ignore[arg-type]
        else:
            entries = files.inputs(raw)
        try:
            for entry in entries:
                source = _display(entry.source)
                if isinstance(entry, Skip):
                    yield None, InputRecord(source=source, status="error", error_kind=entry.kind, message=entry.message)
                    continue
                try:
                    yield from read_one(source, entry.path, entry.folder)
                except InputError as exc:
                    yield None, _error(source, exc)
                except Exception as exc:
                    yield None, _unexpected(source, exc)
        except Exception as exc:  # files.py is total by design; if not, the path is still accounted for
            yield None, _unexpected(_display(str(raw)), exc)
