"""Large inputs read as streams: JSONL line by line (plain, gzip, zstandard) and WARC record by record.

A *stream input* is a file whose name ends in `.jsonl.gz`, `.ndjson.gz`, `.jsonl.zst`, `.jsonl.zstd` (and the
`.ndjson` forms), `.warc` or `.warc.gz`, or a plain `.jsonl`/`.ndjson` file larger than the per-input limit (a
smaller one is read whole by `readers.read_jsonl`, as before). Only one line or one WARC record is in memory at
a time, and each is bounded by the per-input limit (`max_bytes`): a longer line, or a larger HTTP body, is an
error record for that line or record and the stream goes on. A decompression bomb therefore costs time, never
memory. Streamed JSONL lines are UTF-8 (as JSON Lines are), with `decode`'s judgement for a line that is not;
a UTF-16 or UTF-32 JSONL file is only read correctly whole, i.e. within the size limit.

What becomes an item (and so an input record, `path#N`):
- JSONL: every non-blank line N, exactly as `readers.read_jsonl_line` judges it;
- WARC: every `response`, `resource` and `revisit` record, N counting all records of the file from 1. An HTML
  body (2xx status; `text/html` or `application/xhtml+xml`, or no content type) goes through `readers.read_html`
  (trafilatura), as an `.html` file does, with the record's target URI as the URL when the page names none (the
  crawl date is not the publication date and is not used). Other content types, non-2xx statuses and revisits
  are error records of kind `skipped`. `warcinfo`, `request` and `metadata` records describe the crawl, not a
  document, and get no record.

A file that breaks off (a truncated gzip member, a corrupt WARC header) keeps the items read before it; the
break is an `InputError` raised after them, which the caller records for the file.
"""
from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .decode import InputError, decode, normalise
from .files import open_regular
from .readers import read_html, read_jsonl_line

JSONL_STREAMS = (".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst", ".jsonl.zstd", ".ndjson.zstd")
WARC_STREAMS = (".warc", ".warc.gz")
STREAM_SUFFIXES = JSONL_STREAMS + WARC_STREAMS
PLAIN_JSONL = (".jsonl", ".ndjson")
HTML_TYPES = ("text/html", "application/xhtml+xml")
DOCUMENT_RECORDS = ("response", "resource", "revisit")


def stream_format(path: Path, max_bytes: int) -> str | None:
    """'jsonl' or 'warc' when `path` is read as a stream (see the module docstring), else None."""
    name = path.name.lower()
    if name.endswith(JSONL_STREAMS):
        return "jsonl"
    if name.endswith(WARC_STREAMS):
        return "warc"
    if name.endswith(PLAIN_JSONL):
        try:
            return "jsonl" if os.stat(path).st_size > max_bytes else None
        except OSError:
            return None  # the ordinary reader reports why it cannot be read
    return None


def items(path: Path, fmt: str, max_bytes: int) -> Iterator[dict | InputError]:
    """The items of a stream input, like a reader's list but one at a time (see the module docstring)."""
    return _jsonl_items(path, max_bytes) if fmt == "jsonl" else _warc_items(path, max_bytes)


# ------------------------------------------------------------------------------------------------ opening
def open_stream(path: Path) -> BinaryIO:
    """The file opened for buffered reading, with the checks of `files.read_bytes` (regular file, never blocking)."""
    fd, _ = open_regular(path)
    try:
        return os.fdopen(fd, "rb", buffering=1 << 20)
    except BaseException:
        os.close(fd)
        raise


class TruncatedStream(OSError):
    """Compressed data that ends inside a gzip member or zstandard frame (a cut-off download or copy)."""


class _Decompressed(io.RawIOBase):
    """The data of a gzip or zstandard file, members (frames) one after another, read a small block at a time.

    Written here rather than taken from `gzip`/`zstandard` readers because those either end a cut-off file
    quietly (zstandard) or lose the last decompressed block to the error (gzip). This one serves every byte
    before a cut, then reports end of file and sets `truncated`; `check()` raises `TruncatedStream` then (an
    exception from inside a read would make the buffered reader above drop the bytes it had gathered). One
    read decompresses at most `BLOCK` compressed bytes, so a highly compressible file (a bomb) expands a block
    at a time.
    """

    BLOCK = 8192

    def __init__(self, raw: BinaryIO, new: Callable[[], object]):
        self.raw, self.new = raw, new
        self.dec = new()
        self.in_member = False
        self.data, self.pos = b"", 0
        self.truncated = False

    def check(self) -> None:
        if self.truncated:
            raise TruncatedStream("the compressed data ends in the middle (the file is cut off)")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.pos >= len(self.data):
            chunk = self.raw.read(self.BLOCK)
            if not chunk:
                self.truncated = self.in_member
                return 0
            self.in_member = True
            out = [self.dec.decompress(chunk)]
            while self.dec.eof:  # a member ended: what follows it starts the next one
                rest = self.dec.unused_data
                self.dec = self.new()
                self.in_member = bool(rest)
                if not rest:
                    break
                out.append(self.dec.decompress(rest))
            self.data, self.pos = b"".join(out), 0
        n = min(len(buffer), len(self.data) - self.pos)
        buffer[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


@contextlib.contextmanager
def _decompressed(path: Path) -> Iterator[tuple[BinaryIO, Callable[[], None]]]:
    """(stream of the file's data, check): `check()` after reading to the end raises if the file was cut off."""
    with open_stream(path) as raw:
        name = path.name.lower()
        if name.endswith((".gz", ".zst", ".zstd")):
            if name.endswith(".gz"):
                data = _Decompressed(raw, lambda: zlib.decompressobj(wbits=31))
            else:
                import zstandard

                data = _Decompressed(raw, zstandard.ZstdDecompressor().decompressobj)
            yield io.BufferedReader(data, buffer_size=1 << 16), data.check
        else:
            yield raw, lambda: None


def _cut(check: Callable[[], None]) -> TruncatedStream | None:
    try:
        check()
    except TruncatedStream as exc:
        return exc
    return None


# Errors of a broken container: truncated or corrupt compressed data, an unreadable disk.
def _broken(exc: BaseException) -> bool:
    if isinstance(exc, (EOFError, zlib.error, OSError)):
        return True
    try:
        import zstandard

        return isinstance(exc, zstandard.ZstdError)
    except ImportError:
        return False


def _one_line(exc: BaseException, n: int = 200) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= n else text[: n - 1] + "…"


# ------------------------------------------------------------------------------------------------ JSONL
def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line over `max_bytes` (its rest is read and dropped)."""
    n = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip to the end of the oversized line, a megabyte at a time
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def _line_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of one line: strict UTF-8 (what JSONL is) fast, else `decode`'s judgement; None when blank."""
    if b"\x00" not in data:
        try:
            return normalise(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return decode(data)
    except InputError as exc:
        if exc.kind == "empty":
            return None
        raise


def _jsonl_items(path: Path, max_bytes: int) -> Iterator[dict | InputError]:
    found = False
    n = 0
    with _decompressed(path) as (fh, check):
        try:
            for n, data in _lines(fh, max_bytes):
                if data is None:
                    found = True
                    yield InputError("too_large", f"line {n}: over the limit of {max_bytes:,} bytes", line=n)
                    continue
                try:
                    decoded = _line_text(data.rstrip(b"\r\n"))
                except InputError as exc:
                    found = True
                    yield InputError(exc.kind, f"line {n}: {exc}", line=n)
                    continue
                item = read_jsonl_line(decoded[0], n) if decoded is not None else None
                if item is not None:
                    found = True
                    yield {**item, "encoding": decoded[1]} if isinstance(item, dict) else item
            check()
        except Exception as exc:
            exc = _cut(check) or exc
            if not _broken(exc):
                raise
            raise InputError("broken_stream", f"the file breaks off after line {n}: {_one_line(exc)} "
                             f"({'lines before it were read' if n else 'nothing could be read'})") from None
    if not found:
        raise InputError("empty", "the JSONL file holds no lines with content")


# ------------------------------------------------------------------------------------------------ WARC
def _warc_items(path: Path, max_bytes: int) -> Iterator[dict | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    n = 0
    # Decompressed here, not by warcio: its reader ends a truncated gzip member quietly (the records in it would
    # vanish without an input record); `check` reports the cut.
    with _decompressed(path) as (fh, check):
        try:
            for record in ArchiveIterator(fh, no_record_parse=False):
                n += 1
                kind = record.rec_type
                if kind not in DOCUMENT_RECORDS:
                    continue
                found = True
                yield _warc_item(record, n, max_bytes)
            check()
        except Exception as exc:
            exc = _cut(check) or exc  # a parser error at a cut is the cut's
            if isinstance(exc, ArchiveLoadFailed):
                raise InputError("bad_warc", f"the WARC file cannot be read past record {n}: {_one_line(exc)}") from None
            if not _broken(exc):
                raise
            raise InputError("broken_stream", f"the WARC file breaks off after record {n}: {_one_line(exc)}") from None
    if not found:
        raise InputError("empty", "the WARC file holds no response or resource records")


def _warc_item(record, n: int, max_bytes: int) -> dict | InputError:
    """One document record as article fields, or the InputError that becomes its record."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"record {n}" + (f" ({uri[:200]})" if uri else "")
    if record.rec_type == "revisit":
        return InputError("skipped", f"{where}: a revisit record (a repeat of an earlier capture, no content)", line=n)
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if not str(status).startswith("2"):
            return InputError("skipped", f"{where}: HTTP status {status}, not a page", line=n)
        ctype = record.http_headers.get_header("Content-Type")
    else:
        ctype = record.rec_headers.get_header("Content-Type")
    mime = (ctype or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return InputError("skipped", f"{where}: content type {mime[:80]}; only HTML pages are read", line=n)
    try:
        body = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # a broken chunked or compressed body: this record's error
        return InputError("read_error", f"{where}: the body could not be read ({_one_line(exc)})", line=n)
    if len(body) > max_bytes:
        return InputError("too_large", f"{where}: the body is over the limit of {max_bytes:,} bytes", line=n)
    try:
        text, encoding = decode(body)
        (fields,) = read_html(text)
    except InputError as exc:
        return InputError(exc.kind, f"{where}: {exc}", line=n)
    if not fields.get("url") and uri:
        fields["url"] = uri
    return {**fields, "line": n, "encoding": encoding}


# ------------------------------------------------------------------------------------------------ totals
def count_lines(path: Path, budget: float) -> int | None:
    """Lines of a plain file (a progress total), or None when counting would take longer than `budget` seconds."""
    import time

    deadline = time.monotonic() + budget
    total, last = 0, b"\n"
    try:
        with open_stream(path) as fh:
            while chunk := fh.read(1 << 22):
                total += chunk.count(b"\n")
                last = chunk[-1:]
                if time.monotonic() > deadline:
                    return None
    except (InputError, OSError):
        return 1  # its one error record
    return total + (last != b"\n")


def count_inputs(paths: list[str], max_bytes: int, budget: float = 3.0) -> int | None:
    """About how many input records `paths` give, when that is cheap to know (for a progress bar's ETA).

    Files and folder entries count one each, a plain JSONL file its lines. None (rate only) for standard input,
    compressed or WARC files, or when the walk takes longer than `budget` seconds.
    """
    import time

    from . import files

    deadline = time.monotonic() + budget
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        for entry in files.inputs(raw):
            if time.monotonic() > deadline:
                return None
            path = getattr(entry, "path", None)
            name = path.name.lower() if path is not None else ""
            if name.endswith(STREAM_SUFFIXES):
                return None
            if name.endswith(PLAIN_JSONL):
                lines = count_lines(path, max(0.0, deadline - time.monotonic()))
                if lines is None:
                    return None
                total += lines
            else:
                total += 1
    return total
