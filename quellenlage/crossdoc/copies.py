"""Copies and translations between articles.

Copies: an article is a copy of another when a large share of the shorter text is reused in the longer one,
passage by passage. Reuse is measured on word 3-shingles of the analysable text (flagged boilerplate left out):
a shingle of one text counts as reused when it lies in a run of at least MIN_RUN consecutive shingles that all
occur in the other (scattered common phrases such as "sagte er am" do not count). The pair is a copy when the
reused shingles reach CONTAINMENT of the shorter text's distinct shingles and MIN_SHARED in number: two articles
quoting the same long statement, or sharing a footer, reuse one passage of otherwise different texts and stay
below. Kind: "near_duplicate" when the longer text is itself reused to NEAR_DUPLICATE (both nearly the same text),
else "contained" (a shortened copy inside its original, or an original inside its updated copy). The copy is the
later article; when either is undated or both were published at the same time, the shorter one. Its reused
passages (maximal runs of reused shingles, joined across gaps of up to MERGE_GAP shingles: one or two changed
words) are character spans of the copy. `similarity` is the exact Jaccard similarity of the two shingle sets.

Candidates, ~O(n) in articles plus candidate pairs (never all pairs): (1) LSH banding over the stored MinHash
signatures (LSH_BANDS bands of LSH_ROWS values), pairs with estimated Jaccard >= LSH_CANDIDATE; (2) shared
anchors (content-sampled shingles stored with the fingerprint, `encoder/fingerprint.py`): an inverted index of
anchors, pairs sharing >= MIN_ANCHORS and >= ANCHOR_SHARE of the smaller article's anchors. This finds a short
text inside a long one, whose Jaccard similarity is low. An anchor in more than MAX_POSTING articles (boilerplate,
a syndicated text) pairs only its first STAR articles with the others. Candidates are confirmed on the texts.

Translations: inside one story, between articles of different languages only, for pairs among each other's
TRANSLATION_K nearest lead embeddings with cosine >= TRANSLATION_LEAD, the share of sentences of the shorter
article that have a counterpart with cosine >= TRANSLATION_SENT at a similar position must reach TRANSLATION_SHARE.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timezone

import numpy as np

from ..encoder.fingerprint import (NUM_PERM, _perms, anchors as anchor_hashes, minhash, shingle_hashes,
                                   shingle_sequence, stored_parts, word_hashes)
from ..encoder.sentences import Embedder
from ..encoder.texts import analysable_text, passage_sentences
from ..model import Article, ArticleAnnotations, CopyLink, Span, make_span
from .graphs import UnionFind

CONTAINMENT = 0.6
MIN_SHARED = 25
MIN_RUN = 4
MERGE_GAP = 4
NEAR_DUPLICATE = 0.8
COPY_JACCARD = 0.5  # estimated Jaccard at which LSH banding finds a pair with P ~ 0.94
LSH_CANDIDATE = COPY_JACCARD
LSH_BANDS = 21
LSH_ROWS = 3
MAX_BUCKET = 200
MIN_ANCHORS = 2
ANCHOR_SHARE = 0.45
MAX_POSTING = 32
STAR = 4
TRANSLATION_LEAD = 0.6
TRANSLATION_SENT = 0.75
TRANSLATION_SHARE = 0.6
TRANSLATION_K = 3
_WORDS = re.compile(r"\w+", re.U)


def _time_key(a: Article, i: int):
    d = a.published
    if d is None:
        return (1, 0.0, i)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return (0, d.timestamp(), i)


def near_duplicates(articles: Sequence[Article], fingerprints: Sequence[str | None] | None = None,
                    containment: float = CONTAINMENT) -> list[CopyLink]:
    """Copies among `articles` (see module doc): one CopyLink per copy, to the earliest article it copies.

    `fingerprints[i]`: the fingerprint stored by the per-article stage for articles[i], used for the candidates
    when present (recomputed from the text when missing or damaged)."""
    n = len(articles)
    if n < 2:
        return []
    sigs, anchors = _fingerprints(articles, fingerprints)
    pairs = _lsh_pairs(sigs, n) | _anchor_pairs(anchors, n)
    shingles: dict[int, _Shingles] = {}
    found: dict[int, list[tuple[int, _Match]]] = {}  # copy -> [(original, match)]
    for code in sorted(pairs):
        i, j = divmod(code, n)
        for x in (i, j):
            if x not in shingles:
                shingles[x] = _shingles_of(articles[x])
        m = _match(shingles[i], shingles[j], containment)
        if m is None:
            continue
        copy, orig = _direction(articles, shingles, i, j)
        found.setdefault(copy, []).append((orig, m))
    parent = {c: min(opts, key=lambda o: (_time_key(articles[o[0]], o[0]), -o[1].containment)) for c, opts in found.items()}
    _break_cycles(parent, shingles)
    links = []
    for c in sorted(parent):
        o, m = parent[c]
        spans = _passages(articles[c], shingles[c], shingles[o].distinct)
        links.append(CopyLink(article_id=articles[c].id, copy_of=articles[o].id, kind=m.kind,
                              similarity=round(m.jaccard, 3), containment=round(m.containment, 3), passages=spans))
    return links


def _fingerprints(articles, fingerprints) -> tuple[np.ndarray, list[np.ndarray]]:
    """Signatures (n x NUM_PERM uint32) and anchors per article: stored when usable, else from the text."""
    perms = _perms()
    sigs = np.zeros((len(articles), NUM_PERM), dtype=np.uint32)  # 32-bit values; half the bytes to compare
    anchors: list[np.ndarray] = []
    for i, a in enumerate(articles):
        sig, anc = stored_parts(fingerprints[i]) if fingerprints is not None else (None, None)
        if sig is None or anc is None:
            hashes = shingle_hashes(analysable_text(a))
            if sig is None:
                sig = minhash(hashes, perms)
            anc = anchor_hashes(hashes)
        sigs[i] = sig
        anchors.append(anc)
    return sigs, anchors


def _lsh_pairs(sigs: np.ndarray, n: int) -> set[int]:
    """Pair codes (i * n + j, i < j) sharing an LSH bucket with estimated Jaccard >= LSH_CANDIDATE."""
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
    left, right = [], []
    for members in buckets:
        m = members[:MAX_BUCKET]  # a giant bucket is shared boilerplate: its first members suffice
        x, y = _upper_pairs(len(m))
        left.append(m[x])
        right.append(m[y])
    if not left:
        return set()
    code = _distinct(np.concatenate(left).astype(np.int64) * n + np.concatenate(right))
    I, J = code // n, code % n
    est = np.empty(len(code))
    for c0 in range(0, len(code), 65536):  # estimated Jaccard of all candidate pairs, in chunks
        est[c0:c0 + 65536] = np.count_nonzero(sigs[I[c0:c0 + 65536]] == sigs[J[c0:c0 + 65536]], axis=1) / NUM_PERM
    return set(code[est >= LSH_CANDIDATE].tolist())


def _distinct(code: np.ndarray) -> np.ndarray:
    code.sort()  # distinct pairs by sorting: np.unique's hash table is slower on 10^5 codes
    return code[np.concatenate(([True], code[1:] != code[:-1]))]


def _anchor_pairs(anchors: list[np.ndarray], n: int) -> set[int]:
    """Pair codes (i * n + j, i < j) of articles sharing >= MIN_ANCHORS anchors and >= ANCHOR_SHARE of the
    smaller article's anchors, from an inverted index (one sort of all anchors)."""
    sizes_per = np.fromiter((len(a) for a in anchors), dtype=np.int64, count=n)
    if sizes_per.sum() == 0:
        return set()
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes_per)
    vals = np.concatenate(anchors)
    order = np.lexsort((owner, vals))  # by anchor, then article: members of a posting ascend
    vals, owner = vals[order], owner[order]
    starts = np.concatenate(([0], np.nonzero(vals[1:] != vals[:-1])[0] + 1))
    sizes = np.diff(np.concatenate((starts, [len(vals)])))
    left, right = [], []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        block = owner[starts[sizes == size][:, None] + np.arange(size)]  # one row per posting of this size
        x, y = _upper_pairs(size) if size <= MAX_POSTING else _star_pairs(size)
        left.append(block[:, x].ravel())
        right.append(block[:, y].ravel())
    if not left:
        return set()
    code = np.concatenate(left) * n + np.concatenate(right)
    code.sort()
    first = np.concatenate(([True], code[1:] != code[:-1]))
    uniq = code[first]
    shared = np.diff(np.concatenate((np.nonzero(first)[0], [len(code)])))
    smaller = np.minimum(sizes_per[uniq // n], sizes_per[uniq % n])
    keep = (shared >= MIN_ANCHORS) & (shared >= ANCHOR_SHARE * smaller)
    return set(uniq[keep].tolist())


@functools.lru_cache(maxsize=MAX_BUCKET)
def _upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (x < y) of all pairs in a bucket of `size` members; thousands of buckets share a few sizes."""
    return np.triu_indices(size, 1)


@functools.lru_cache(maxsize=64)
def _star_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (x < y) pairing each of the first STAR members of a large posting with every later member."""
    x = np.concatenate([np.full(size - s - 1, s) for s in range(min(STAR, size - 1))])
    y = np.concatenate([np.arange(s + 1, size) for s in range(min(STAR, size - 1))])
    return x, y


@dataclass
class _Shingles:
    """The shingles of one article's analysable text in order: hash and segment (a stretch between flagged
    ranges; runs do not cross one), the distinct hashes (sorted), and the segments' character ranges."""
    hashes: np.ndarray
    segment: np.ndarray
    distinct: np.ndarray
    cuts: list[tuple[int, int]]


def _segments(article: Article) -> list[tuple[int, int]]:
    text, cuts, pos = article.text, [], 0
    for f in sorted(article.flagged, key=lambda f: f.start):
        if f.start > pos:
            cuts.append((pos, f.start))
        pos = max(pos, f.end)
    cuts.append((pos, len(text)))
    return cuts


def _shingles_of(article: Article, k: int = 3) -> _Shingles:
    cuts = _segments(article)
    hs, sg = [], []
    for g, (a, b) in enumerate(cuts):
        words = [w.lower() for w in _WORDS.findall(article.text, a, b)]  # tokens of the text itself, as in _passages
        if len(words) >= k:
            hs.append(shingle_sequence(word_hashes(words), k))
            sg.append(np.full(len(words) - k + 1, g, dtype=np.int64))
    if not hs:
        return _Shingles(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64), cuts)
    h = np.concatenate(hs)
    return _Shingles(h, np.concatenate(sg), np.unique(h), cuts)


def _contains(sorted_values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Boolean mask: which of x occur in sorted_values (binary search; np.isin's set-up costs more on short arrays)."""
    if len(sorted_values) == 0:
        return np.zeros(len(x), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_values, x), len(sorted_values) - 1)
    return sorted_values[pos] == x


def _runs(sh: _Shingles, other: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs [p, q] of consecutive shingle positions of `sh` (one segment) that all occur in `other`
    (sorted distinct hashes), of at least MIN_RUN shingles."""
    idx = np.nonzero(_contains(other, sh.hashes))[0]
    if len(idx) == 0:
        return []
    brk = np.nonzero((np.diff(idx) != 1) | (np.diff(sh.segment[idx]) != 0))[0]
    first = np.concatenate(([0], brk + 1))
    last = np.concatenate((brk, [len(idx) - 1]))
    keep = idx[last] - idx[first] + 1 >= MIN_RUN
    return list(zip(idx[first[keep]].tolist(), idx[last[keep]].tolist()))


def _reused(sh: _Shingles, other: np.ndarray) -> int:
    """Distinct shingles of `sh` inside its reused runs."""
    runs = _runs(sh, other)
    if not runs:
        return 0
    return len(np.unique(np.concatenate([sh.hashes[p:q + 1] for p, q in runs])))


@dataclass
class _Match:
    containment: float
    jaccard: float
    kind: str


def _match(a: _Shingles, b: _Shingles, containment: float) -> _Match | None:
    """The copy relation of two texts, or None (see module doc)."""
    if len(a.distinct) == 0 or len(b.distinct) == 0:
        return None
    small, large = (a, b) if len(a.distinct) <= len(b.distinct) else (b, a)
    reused = _reused(small, large.distinct)
    share = reused / len(small.distinct)
    if reused < MIN_SHARED or share < containment:
        return None
    common = len(np.intersect1d(a.distinct, b.distinct, assume_unique=True))
    jaccard = common / (len(a.distinct) + len(b.distinct) - common)
    kind = "near_duplicate" if _reused(large, small.distinct) / len(large.distinct) >= NEAR_DUPLICATE else "contained"
    return _Match(containment=share, jaccard=jaccard, kind=kind)


def _direction(articles, shingles, i: int, j: int) -> tuple[int, int]:
    """(copy, original): the later article; undated or simultaneous, the shorter (then the later in the input)."""
    di, dj = _time_key(articles[i], i), _time_key(articles[j], j)
    if di[0] == 0 and dj[0] == 0 and di[1] != dj[1]:
        return (i, j) if di[1] > dj[1] else (j, i)
    ni, nj = len(shingles[i].distinct), len(shingles[j].distinct)
    if ni != nj:
        return (i, j) if ni < nj else (j, i)
    return (max(i, j), min(i, j))


def _break_cycles(parent: dict, shingles: dict) -> None:
    """Each copy points to one original; a cycle (possible when dated and undated articles mix) loses the link
    of its longest member, which becomes the original of the others."""
    state: dict[int, int] = {}
    for start in list(parent):
        path, x = [], start
        while x in parent and x not in state:
            state[x] = 1
            path.append(x)
            x = parent[x][0]
        if x in state and state[x] == 1 and x in path:
            cycle = path[path.index(x):]
            del parent[max(cycle, key=lambda c: (len(shingles[c].distinct), -c))]
        for p in path:
            state[p] = 2


def _passages(article: Article, sh: _Shingles, other: np.ndarray, k: int = 3) -> list[Span]:
    """The copy's reused passages as spans: its reused runs, joined across gaps of up to MERGE_GAP shingles;
    a run of shingles p..q covers words p..q+k-1 of its segment."""
    merged: list[list[int]] = []
    for p, q in _runs(sh, other):
        if merged and p - merged[-1][1] - 1 <= MERGE_GAP and sh.segment[p] == sh.segment[merged[-1][1]]:
            merged[-1][1] = q
        else:
            merged.append([p, q])
    spans, words, seg_first = [], {}, {}
    for p, q in merged:
        g = int(sh.segment[p])
        if g not in words:  # word offsets of the segment, found only for the copies reported
            a, b = sh.cuts[g]
            words[g] = [(m.start(), m.end()) for m in _WORDS.finditer(article.text, a, b)]
            seg_first[g] = int(np.searchsorted(sh.segment, g))  # first shingle position of the segment
        w = words[g]
        spans.append(make_span(article.id, article.text, w[p - seg_first[g]][0], w[q - seg_first[g] + k - 1][1]))
    return spans


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
