"""An article's copy fingerprint, computed by the per-article `embed` stage and stored as base64 of little-endian
uint32: first NUM_PERM min-hashes of the crc32 hashes of its word 3-shingles (analysable text only), then its
anchors, the shingle hashes picked by content (about one in ANCHOR_RATE, the same shingles in every article), sorted.

The signature estimates Jaccard similarity (near-identical texts); the anchors find texts that share passages
whatever their lengths (a shortened or updated copy shares the anchors of its reused passages). Deterministic
across runs and processes (crc32, a fixed permutation seed), so stored fingerprints of different runs compare.
Copy detection (`crossdoc/copies.py`) reads them back with `stored_parts`; a fingerprint of the older,
signature-only format yields no anchors (they are then computed from the text).
"""
from __future__ import annotations

import base64
import binascii
import functools
import re
import zlib

import numpy as np

from ..model import Article
from .texts import analysable_text

NUM_PERM = 63
ANCHOR_RATE = 4  # one shingle in ANCHOR_RATE is an anchor: ~125 per 500-word article, ~3 per shared sentence
_WORDS = re.compile(r"\w+", re.U)


_PRIME = np.uint64(4294967311)  # > 2**32
_MASK32 = np.uint64(0xFFFFFFFF)


def _perms(num_perm: int = NUM_PERM, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    a = rng.randint(1, 2 ** 31 - 1, size=num_perm).astype(np.uint64)
    b = rng.randint(0, 2 ** 31 - 1, size=num_perm).astype(np.uint64)
    return a, b


@functools.lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    """crc32 of a word (deterministic across runs, unlike hash()); cached: a corpus repeats its vocabulary."""
    return zlib.crc32(word.encode())


def word_hashes(words) -> np.ndarray:
    """uint64 array of the crc32 of each (lowercase) word."""
    return np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))


def shingle_sequence(h: np.ndarray, k: int = 3) -> np.ndarray:
    """The hash of the k-shingle starting at each word position, from per-word hashes (empty below k words)."""
    if len(h) < k:
        return np.zeros(0, dtype=np.uint64)
    out = h[: len(h) - k + 1].copy()
    for j in range(1, k):
        out = ((out * np.uint64(1000003)) ^ h[j: len(h) - k + 1 + j]) & _MASK32
    return out


def shingle_hashes(text: str, k: int = 3) -> np.ndarray:
    """Distinct 32-bit hashes of the word k-shingles of a text (crc32 per word, combined with numpy)."""
    w = _WORDS.findall(text.lower())
    if not w:
        return np.zeros(0, dtype=np.uint64)
    h = word_hashes(w)
    if len(h) < k:
        return np.unique(h)
    return np.unique(shingle_sequence(h, k))


_GOLDEN = np.uint64(2654435761)


def anchors(hashes: np.ndarray) -> np.ndarray:
    """The anchors among distinct shingle hashes: those whose multiplicative hash falls in the lowest
    1/ANCHOR_RATE of its range (high bits, which depend on every bit of the shingle hash), sorted uint32."""
    mixed = (hashes * _GOLDEN) & _MASK32
    return np.sort(hashes[mixed < np.uint64(2 ** 32 // ANCHOR_RATE)]).astype(np.uint32)


def minhash(hashes: np.ndarray, perms: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """MinHash signature (num_perm uint32 values) of a set of 32-bit hashes; all-max for the empty set."""
    a, b = perms
    if len(hashes) == 0:
        return np.full(len(a), 0xFFFFFFFF, dtype=np.uint64)
    return (((hashes[None, :] * a[:, None] + b[:, None]) % _PRIME) & _MASK32).min(axis=1)


def fingerprint(article: Article) -> str:
    """The article's fingerprint as stored by the per-article stage: signature, then anchors (see module doc)."""
    hashes = shingle_hashes(analysable_text(article))
    sig = minhash(hashes, _perms()).astype("<u4")
    return base64.b64encode(sig.tobytes() + anchors(hashes).astype("<u4").tobytes()).decode("ascii")


def stored_parts(stored: str | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(signature, anchors) of a stored fingerprint; None for a part that is missing or damaged (then it is
    recomputed). A signature-only fingerprint (older stores) has no anchors part."""
    if not stored:
        return None, None
    try:
        raw = binascii.a2b_base64(stored)
    except ValueError:
        return None, None
    if len(raw) < 4 * NUM_PERM or len(raw) % 4:
        return None, None
    sig = np.frombuffer(raw[:4 * NUM_PERM], dtype="<u4")
    return sig, (np.frombuffer(raw[4 * NUM_PERM:], dtype="<u4") if len(raw) > 4 * NUM_PERM else None)


def stored_signature(stored: str | None) -> np.ndarray | None:
    """The signature part of a stored fingerprint, or None when it is missing or damaged."""
    return stored_parts(stored)[0]
