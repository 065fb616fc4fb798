"""Turn raw bytes into text, or say clearly why not (empty, binary, undecodable)."""
from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes


class InputError(ValueError):
    """A problem with one input; `kind` is a short machine-readable reason."""

    def __init__(self, kind: str, message: str, line: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.line = line  # for one bad line of a JSONL file


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 first, then charset detection; raises InputError."""
    if not data.strip():
        raise InputError("empty", "the input is empty (no text)")
    if _looks_binary(data):
        raise InputError("binary", "the input looks like a binary file, not text")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputError("undecodable", "the bytes are neither UTF-8 nor any encoding we could detect") from None
        text, encoding = str(best), best.encoding
        # Detectors often name a Central European code page for German Latin-1 text; when Western European
        # decoding gives the same characters, report that (it is what the file most likely is).
        try:
            if data.decode("cp1252") == text:
                encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    return normalise(text), encoding


def normalise(text: str) -> str:
    """Unify line ends and Unicode composition so offsets are stable across platforms."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
