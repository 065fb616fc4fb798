"""Turn raw bytes into text, or say clearly why not (empty, binary, undecodable).

Order of judgement, each step only when the previous one did not decide:
1. a byte-order mark names the encoding (UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one);
2. BOM-less UTF-16/UTF-32 is recognised by its pattern of NUL bytes (ASCII letters leave one or three zero
   bytes per character), so such text is never called binary;
3. NUL or many control bytes left mean binary;
4. strict UTF-8; UTF-8 with a few broken sequences (a truncated copy, one stray byte) when its valid multi-byte
   sequences outnumber the broken ones: decoded with U+FFFD for each broken sequence, because reading it as
   Windows-1252 would turn every "ü" into "Ã¼";
5. Windows-1252 (a superset of Latin-1 for text) when its decoding is *clean*: every non-ASCII character is a
   letter or a punctuation mark a German or English article uses. Charset detectors guess code pages such as
   cp775, cp1006 or EBCDIC for short German Latin-1 text; a clean Western decoding is far more likely;
6. charset detection, accepted only for encodings that keep ASCII bytes as ASCII (a mostly-ASCII file is never
   EBCDIC or UTF-16).
Text that decodes to nothing visible (whitespace, a lone byte-order mark, zero-width spaces) is empty.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes


class InputError(ValueError):
    """A problem with one input; `kind` is a short machine-readable reason."""

    def __init__(self, kind: str, message: str, line: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.line = line  # for one bad line of a JSONL file


_BOMS = (  # longest first: the UTF-32-LE mark begins with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Non-letters a Western article plausibly holds; superscripts ¹ ³ and ¿ are left out on purpose because they
# are what Polish/Czech cp1250 letters (ą ł ż) look like when misread as cp1252.
_WESTERN_MARKS = set("„“”‚‘’‹›«»–—…€£$¥¢§°±×÷·•†‡‰™®©¶²½¼¾\u00a0\u00ad\u200b")
_BROKEN_RUN = re.compile("\ufffd+")
_ASCII_PROBE = b"The quick brown fox, 0123456789 (Die Stadt) - ok."


def _bom(data: bytes) -> tuple[bytes, str] | None:
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return data[len(mark):], encoding
    return None


def _zero_pattern(data: bytes) -> str | None:
    """utf-16-le/-be or utf-32-le/-be when NUL bytes sit where mostly-ASCII text in that encoding puts them."""
    sample = data[:8192]
    n = len(sample)
    if n < 8 or b"\x00" not in sample:
        return None
    for width, encodings in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        if n % width:
            continue
        units = [sample[i:i + width] for i in range(0, n - n % width, width)]
        for encoding in encodings:
            little = encoding.endswith("le")
            # The zero bytes of an ASCII character: all but the first (LE) or all but the last (BE).
            zeros = sum(1 for u in units if (u[1:] if little else u[:-1]) == b"\x00" * (width - 1) and u != b"\x00" * width)
            if zeros >= 0.6 * len(units):
                return encoding
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 11, 12, 13))
    return control > len(sample) * 0.05


def _clean_western(text: str) -> bool:
    """Every non-ASCII character a letter or a Western punctuation mark (see module docstring, step 5)."""
    return all(ch < "\x80" or ch.isalpha() or ch in _WESTERN_MARKS for ch in set(text))


def _ascii_compatible(encoding: str) -> bool:
    try:
        return _ASCII_PROBE.decode(encoding) == _ASCII_PROBE.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError("undecodable", f"the bytes are not valid {encoding} ({exc.reason} at byte {exc.start})") from None


# A visible character: not whitespace, not a control character, not a format character (zero-width spaces and
# joiners, direction marks, soft hyphen, BOM, word joiner); searched, so a normal text is judged at its first letter.
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                      r"\u2066-\u206f\ufeff\ufff9-\ufffb]")


def is_blank(text: str) -> bool:
    """No visible character (see `_VISIBLE`)."""
    return _VISIBLE.search(text) is None


def _text_or_empty(text: str, encoding: str) -> tuple[str, str]:
    text = normalise(text)
    if is_blank(text):
        raise InputError("empty", "the input holds no visible text (only whitespace, format characters or a byte-order mark)")
    return text, encoding


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). See the module docstring for the order; raises InputError."""
    if not data.strip():
        raise InputError("empty", "the input is empty (no text)")
    marked = _bom(data)
    if marked is not None and marked[1] != "utf-8":
        body, encoding = marked
        return _text_or_empty(_strict(body, encoding), encoding)
    if marked is not None:  # UTF-8 with a mark: judged like UTF-8 without one (it may still be damaged)
        data = marked[0]
        if not data.strip():
            raise InputError("empty", "the input holds no text (only a byte-order mark)")
    wide = _zero_pattern(data) if marked is None else None
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text[:4096].encode("utf-8", "replace")):
            return _text_or_empty(text, wide)
    if _looks_binary(data):
        raise InputError("binary", "the input looks like a binary file, not text")
    try:
        return _text_or_empty(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    broken = len(_BROKEN_RUN.findall(damaged)) - data.count("\ufffd".encode("utf-8"))  # runs: one damage each
    valid = len(damaged) - len(damaged.encode("ascii", "ignore")) - damaged.count("\ufffd")  # decoded non-ASCII
    if valid and valid >= broken:
        return _text_or_empty(damaged, "utf-8 (damaged: invalid bytes replaced)")
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _clean_western(western):
        return _text_or_empty(western, "cp1252")
    best = from_bytes(data).best()
    if best is not None and _ascii_compatible(best.encoding):
        return _text_or_empty(str(best), best.encoding)
    raise InputError("undecodable", "the bytes are neither UTF-8 nor any encoding we could detect")


def normalise(text: str) -> str:
    """Unify line ends and Unicode composition so offsets are stable across platforms.

    Lone surrogates (possible from JSON "\\ud800" escapes) cannot be written as UTF-8 anywhere downstream, so each
    becomes U+FFFD: one character for one, so the text keeps its length.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_surrogate(text):
        text = replace_surrogates(text)
    return unicodedata.normalize("NFC", text)


def has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def replace_surrogates(text: str) -> str:
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
