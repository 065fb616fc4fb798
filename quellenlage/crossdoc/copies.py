"""Copies and translations between articles.

Copies. MinHash of word 3-shingles of the analysable text (numpy; crc32 shingle hashes, 63 permutations), LSH
banding over the whole corpus, kept at estimated Jaccard >= COPY_JACCARD (sub-quadratic). Translations: inside one story, between articles of different languages only, for
pairs among each other's TRANSLATION_K nearest lead embeddings with cosine >= TRANSLATION_LEAD, the share of sentences of the shorter article that have a
counterpart with cosine >= TRANSLATION_SENT at a similar position must reach TRANSLATION_SHARE.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import timezone

import numpy as np

from ..encoder.fingerprint import NUM_PERM, _perms, minhash, shingle_hashes, stored_signature
from ..encoder.sentences import Embedder
from ..encoder.texts import analysable_text, passage_sentences
from ..model import Article, ArticleAnnotations, CopyLink
from .graphs import UnionFind

COPY_JACCARD = 0.5
LSH_BANDS = 21
LSH_ROWS = 3
MAX_BUCKET = 200
TRANSLATION_LEAD = 0.6
TRANSLATION_SENT = 0.75
TRANSLATION_SHARE = 0.6
TRANSLATION_K = 3


def _time_key(a: Article, i: int):
    d = a.published
    if d is None:
        return (1, 0.0, i)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return (0, d.timestamp(), i)


def near_duplicates(articles: Sequence[Article], threshold: float = COPY_JACCARD,
                    fingerprints: Sequence[str | None] | None = None) -> list[CopyLink]:
    """Syndicated / near-identical articles via MinHash + LSH banding; each copy points to the earliest of its set.

    Signatures: NUM_PERM min-hashes of word 3-shingles (numpy, one vectorised pass per article). LSH: LSH_BANDS
    bands of LSH_ROWS values; articles sharing a band bucket are candidates (P(candidate) at Jaccard 0.5 ~ 0.94),
    kept when the estimated Jaccard reaches `threshold`. Cost ~O(n) in articles plus the candidate pairs.
    `fingerprints[i]`: the signature stored by the per-article stage for articles[i], used when present."""
    if len(articles) < 2:
        return []
    perms = _perms()
    sigs = np.zeros((len(articles), NUM_PERM), dtype=np.uint32)  # 32-bit values; half the bytes to compare
    for i, a in enumerate(articles):
        sig = stored_signature(fingerprints[i]) if fingerprints is not None else None
        sigs[i] = sig if sig is not None else minhash(shingle_hashes(analysable_text(a)), perms)
    nonempty = (sigs != 0xFFFFFFFF).any(axis=1)  # the empty text's signature is all-max
    # LSH: per band, one 64-bit key of its LSH_ROWS values; articles with equal keys share a bucket
    live = np.nonzero(nonempty)[0]
    buckets: list[np.ndarray] = []
    for band in range(LSH_BANDS):
        part = sigs[live, band * LSH_ROWS:(band + 1) * LSH_ROWS]
        key = np.zeros(len(live), dtype=np.uint64)
        for c in range(LSH_ROWS):
            key = key * np.uint64(4294967311) + part[:, c]
        order = np.argsort(key, kind="stable")
        ks = key[order]
        bounds = np.concatenate([[0], np.nonzero(np.diff(ks))[0] + 1, [len(ks)]])
        ranked = live[order]  # ascending inside each bucket: `live` is ascending and the argsort stable
        for g in np.nonzero(np.diff(bounds) > 1)[0].tolist():
            buckets.append(ranked[bounds[g]:bounds[g + 1]])
    uf = UnionFind()
    sims: dict[tuple[int, int], float] = {}
    left, right = [], []
    for members in buckets:
        m = members[:MAX_BUCKET]  # a giant bucket is shared boilerplate: its first members suffice
        x, y = _upper_pairs(len(m))
        left.append(m[x])
        right.append(m[y])
    if left:
        n = len(articles)
        code = np.concatenate(left).astype(np.int64) * n + np.concatenate(right)
        code.sort()  # distinct pairs by sorting: np.unique's hash table is slower on 10^5 codes
        code = code[np.concatenate(([True], code[1:] != code[:-1]))]
        I, J = code // n, code % n
        est = np.empty(len(code))
        for c0 in range(0, len(code), 65536):  # estimated Jaccard of all candidate pairs, in chunks
            est[c0:c0 + 65536] = np.count_nonzero(sigs[I[c0:c0 + 65536]] == sigs[J[c0:c0 + 65536]], axis=1) / NUM_PERM
        keep = np.nonzero(est >= threshold)[0]
        for k in keep[np.argsort(-est[keep], kind="stable")].tolist():
            i, j = int(I[k]), int(J[k])
            uf.union(i, j)
            sims[(i, j)] = float(est[k])
    return _links_from(articles, uf, sims, "near_duplicate")


@functools.lru_cache(maxsize=MAX_BUCKET)
def _upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (x < y) of all pairs in a bucket of `size` members; thousands of buckets share a few sizes."""
    return np.triu_indices(size, 1)


def _links_from(articles, uf: UnionFind, sims: dict, kind: str) -> list[CopyLink]:
    comps: dict = {}
    for i in list(uf.parent):
        comps.setdefault(uf.find(i), []).append(i)
    links = []
    for members in comps.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: _time_key(articles[i], i))
        for i in sorted(members):
            if i == first:
                continue
            s = sims.get((min(i, first), max(i, first)))
            if s is None:
                s = max((v for (x, y), v in sims.items() if i in (x, y)), default=0.0)
            links.append(CopyLink(article_id=articles[i].id, copy_of=articles[first].id, kind=kind, similarity=round(s, 3)))
    return links


def translation_candidates(
    articles: Sequence[Article],
    story_of: dict[str, str],
    lead_vecs: np.ndarray,
    already: set[str] = frozenset(),
    k: int = TRANSLATION_K,
) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of articles of one story in different languages whose lead embeddings are among each
    other's top `k` and reach TRANSLATION_LEAD. Articles without a language are compared with every language.
    One matrix product per story and language pair: O(story size x k) pairs, not all pairs."""
    by_story: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.id not in already:
            by_story.setdefault(story_of.get(a.id, a.id), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for idx in by_story.values():
        langs = {articles[i].language or "" for i in idx}
        if len(idx) < 2 or len(langs) < 2:
            continue
        idx_a = np.asarray(idx)
        lang = np.asarray([articles[i].language or "" for i in idx])
        V = lead_vecs[idx_a]
        for c0 in range(0, len(idx), 1024):
            sims = V[c0:c0 + 1024] @ V.T
            rows_lang = lang[c0:c0 + 1024]
            other = (rows_lang[:, None] != lang[None, :]) | (rows_lang[:, None] == "") | (lang[None, :] == "")
            sims = np.where(other, sims, -1.0)
            kk = min(k, len(idx) - 1)
            top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk] if kk < len(idx) else np.argsort(-sims, axis=1)
            for r in range(len(top)):
                for c in top[r]:
                    if c != c0 + r and sims[r, c] >= TRANSLATION_LEAD:
                        i, j = int(idx_a[c0 + r]), int(idx_a[c])
                        pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def translations(
    articles: Sequence[Article],
    annotations: Sequence[ArticleAnnotations],
    story_of: dict[str, str],
    lead_vecs: np.ndarray,
    embedder: Embedder,
    already: set[str] = frozenset(),
) -> list[CopyLink]:
    """Translations (cross-lingual passage similarity) between articles of one story in different languages.

    Same-language copies are MinHash's job (`near_duplicates`). Candidates come from `translation_candidates`;
    the sentences of all candidate articles are embedded in one batch."""
    pairs = translation_candidates(articles, story_of, lead_vecs, already)
    if not pairs:
        return []
    involved = sorted({i for p in pairs for i in p})
    sents = {i: passage_sentences(articles[i], annotations[i]) for i in involved}
    embedder.adopt(annotations[i].embeddings for i in involved if annotations[i] is not None)
    embedder.prefetch(t for i in involved for t in sents[i])
    sent_vecs = {i: embedder.encode(sents[i]) for i in involved}
    uf = UnionFind()
    sims: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        share = passage_alignment(sent_vecs[i], sent_vecs[j])
        if share >= TRANSLATION_SHARE:
            uf.union(i, j)
            sims[(i, j)] = share
    return _links_from(articles, uf, sims, "translation")


def passage_alignment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the shorter text's sentences with a close counterpart at a similar relative position."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    if len(a) < 2:
        return 0.0
    sim = a @ b.T
    rows = np.arange(len(a))
    centre = (rows * (len(b) - 1) / max(1, len(a) - 1)).astype(int)
    best = np.full(len(a), -1.0, dtype=np.float32)
    for off in range(-2, 3):  # counterpart within two sentences of the aligned position
        j = centre + off
        ok = (j >= 0) & (j < len(b))
        best[ok] = np.maximum(best[ok], sim[rows[ok], j[ok]])
    return float((best >= TRANSLATION_SENT).sum()) / len(a)
