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

Translations: an article is a translation (or a rewrite into its language) of an article of another language in
its story when most of its sentences render sentences of that article, in that article's order, from its lead on.
Candidates: pairs among each other's TRANSLATION_K nearest lead embeddings with cosine >= TRANSLATION_LEAD. The
copy is the later article (undated or simultaneous: the one with fewer sentences). A copy sentence renders an
original sentence when it is its best counterpart (order-free) and their cross-lingual sentence cosine, raised by
ANCHOR_BONUS per shared anchor (figure values, resolved dates and durations, name tokens: what a translation
keeps), reaches TRANSLATION_SENT, or reaches TRANSLATION_SENT_ANCHORED with TRANSLATION_ANCHORS shared anchors; a
sentence stating a figure the original never states renders nothing. The matched sentences are then aligned in
order (a dynamic programme: the longest chain whose counterparts never go back), so dropped, merged and moved
sentences cost little while an independent report that shares facts in its own order stays low. It is a
translation when that chain covers TRANSLATION_SHARE of the copy's sentences (at least TRANSLATION_MIN_MATCHED) and
the copy's first sentence renders one of the original's first TRANSLATION_LEAD_WINDOW with a shared anchor. Never a
translation: an article reporting from its own sources (someone told the outlet itself: "told the Herald", "sagte
unserer Zeitung"), or one naming the other outlet as its source (a relay with attribution, which the source chains
count). Each copy points to the original it renders best; its passages are its rendered sentences (consecutive
ones joined). `similarity` and `containment` are the aligned share.
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
from ..encoder.texts import analysable_text
from ..model import Article, ArticleAnnotations, CopyLink, Span, make_span

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
TRANSLATION_K = 3
TRANSLATION_SENT = 0.5
ANCHOR_BONUS = 0.1
TRANSLATION_SENT_ANCHORED = 0.25
TRANSLATION_ANCHORS = 2
TRANSLATION_SHARE = 0.5
TRANSLATION_MIN_MATCHED = 3
TRANSLATION_LEAD_WINDOW = 3
TRANSLATION_MIN_CHARS = 20
MAX_TRANSLATION_SENTENCES = 40
BEST_MARGIN = 0.05
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
        copy, orig = _direction(articles, i, j, len(shingles[i].distinct), len(shingles[j].distinct))
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


def _direction(articles, i: int, j: int, size_i: int, size_j: int) -> tuple[int, int]:
    """(copy, original): the later article; undated or simultaneous, the shorter by `size` (distinct shingles for
    a copy, sentences for a translation), then the later in the input."""
    di, dj = _time_key(articles[i], i), _time_key(articles[j], j)
    if di[0] == 0 and dj[0] == 0 and di[1] != dj[1]:
        return (i, j) if di[1] > dj[1] else (j, i)
    if size_i != size_j:
        return (i, j) if size_i < size_j else (j, i)
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




# ---------------------------------------------------------------- translations


@dataclass
class _Sentences:
    """The sentences a translation is compared by: text, character range, and language-neutral anchors (figure
    values, resolved time values, word tokens of names) that a translation keeps."""
    texts: list[str]
    ranges: list[tuple[int, int]]
    anchors: list[frozenset]
    figures: list[frozenset]  # figure values alone: a copy states only figures its original states


_RESOLVED_TIME = re.compile(r"\d|P\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ARTICLE_WORDS = frozenset({"the", "der", "die", "das", "dem", "den", "des"})
_FIRST_PERSON_PRESS = frozenset({"uns", "unserer", "unsere", "unserem", "us", "our"})


def _number_value(s: str) -> float:
    """A written number as a value: a separator before exactly three digits groups thousands (12.000, 12,000),
    any other is the decimal mark (4,2 and 4.2)."""
    parts = re.split(r"[.,]", s)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    return float("".join(parts[:-1]) + "." + parts[-1]) if len(parts) > 1 else float(s)


def _translation_sentences(article: Article, ann: ArticleAnnotations | None) -> _Sentences:
    """The first MAX_TRANSLATION_SENTENCES analysable sentences of the body (the headline left out: outlets write
    their own), each with its anchors from the annotations (or, without them, the numbers in its text)."""
    flags = [(f.start, f.end) for f in article.flagged]
    title = (article.title or "").strip()
    if ann is not None and ann.sentences:
        ranges = [(s.start, s.end) for s in ann.sentences]
    else:
        ranges = [(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?]*", article.text)]
    out = _Sentences([], [], [], [])
    for a, b in ranges:
        text = article.text[a:b].strip()
        if len(text) < TRANSLATION_MIN_CHARS or text == title or any(x < b and a < y for x, y in flags):
            continue
        out.texts.append(text)
        out.ranges.append((a, b))
        if len(out.texts) == MAX_TRANSLATION_SENTENCES:
            break
    for a, b in out.ranges:
        figs: set = set()
        names: set = set()
        if ann is not None and ann.sentences:
            figs = {round(f.value, 3) for f in ann.figures if a <= f.start < b and f.value is not None}
            # resolved dates and durations ("2026-03-10", "P20Y"); unresolved references ("PAST_REF") say nothing
            names = {t.value for t in ann.times if a <= t.start < b and t.value and _RESOLVED_TIME.match(t.value)}
            names |= {w.lower() for m in ann.mentions if a <= m.start < b and m.kind in ("name", "acronym")
                      for w in _WORDS.findall(m.text) if len(w) >= 3}
        else:
            figs = {_number_value(x) for x in _NUMBER.findall(article.text, a, b)}
        out.anchors.append(frozenset(figs | names))
        out.figures.append(frozenset(figs))
    return out


def _outlet_words(article: Article) -> set[str]:
    return {w.lower() for w in _WORDS.findall(article.outlet or "") if len(w) >= 3} - _ARTICLE_WORDS


def _own_reporting(article: Article, ann: ArticleAnnotations | None) -> bool:
    """The article reports from its own sources: someone told the outlet itself ("told the Herald", "sagte
    unserer Zeitung"). A translation of another outlet's text would not carry the translating outlet's name."""
    if ann is None:
        return False
    own = _outlet_words(article)
    for at in ann.attributions:
        if at.addressee is not None:
            words = {w.lower() for w in _WORDS.findall(at.addressee.text)}
            if words & own or words & _FIRST_PERSON_PRESS:
                return True
    return False


def _cites(ann: ArticleAnnotations | None, original: Article) -> bool:
    """The article names the other outlet as a source ("the Nordhainer Rundschau reported"): it relays that
    report with attribution (a source chain, not a copy)."""
    words = _outlet_words(original)
    if ann is None or not words:
        return False
    return any(node.kind == "media" and {w.lower() for w in _WORDS.findall(node.label)} & words
               for at in ann.attributions for node in at.chain)


@dataclass
class _Alignment:
    share: float  # share of the copy's sentences with a counterpart, in the original's order
    pairs: list[tuple[int, int]]  # (copy sentence, original sentence) on the alignment
    lead: bool  # the copy's first sentence corresponds to one of the original's first sentences


def _sentence_matches(copy_vecs, orig_vecs, copy_s: _Sentences | None,
                      orig_s: _Sentences | None) -> tuple[np.ndarray, np.ndarray]:
    """Boolean (copy x original) matrices: sentence pairs that say the same, and of those each copy sentence's
    best counterpart(s) (the alignment uses the second, the lead check the first). The
    cosine of the sentence vectors, raised by shared anchors, must reach TRANSLATION_SENT; a pair sharing
    TRANSLATION_ANCHORS anchors needs only TRANSLATION_SENT_ANCHORED (a rewrite words a sentence freely but keeps
    its names and figures). A copy sentence stating a figure the original never states matches nothing (a
    translation takes its figures from the original; "6 million" is no rendering of "4,2 Millionen")."""
    cos = copy_vecs @ orig_vecs.T
    if copy_s is None or orig_s is None:
        score = cos
        ok = cos >= TRANSLATION_SENT
    else:
        shared = np.array([[len(a & b) for b in orig_s.anchors] for a in copy_s.anchors],
                          dtype=np.float32).reshape(cos.shape)
        score = cos + ANCHOR_BONUS * np.minimum(shared, 2)
        ok = (score >= TRANSLATION_SENT) | ((cos >= TRANSLATION_SENT_ANCHORED) & (shared >= TRANSLATION_ANCHORS))
        stated = frozenset().union(*orig_s.figures)
        foreign = np.array([bool(f - stated) for f in copy_s.figures], dtype=bool)
        ok &= ~foreign[:, None]
    ok &= cos > 0
    if not ok.size:
        return ok, ok
    # order-free: a sentence is matched to its best counterpart (ties within BEST_MARGIN), not to any
    return ok, ok & (score >= score.max(axis=1, keepdims=True) - BEST_MARGIN)


def _align(match: np.ndarray, lead_row: np.ndarray | None = None) -> _Alignment:
    """The most copy sentences matched in the original's order (order-free matches, then the longest chain whose
    counterparts never go back: a rewrite drops, merges and moves single sentences, an independent report of the
    same event puts shared facts in its own order). Dynamic programme over the (copy x original) matrix:
    F[x, y] = most matches of copy sentences <= x to original sentences <= y. `lead_row`: which original
    sentences the copy's first sentence corresponds to (default: its row of `match`); the lead holds when one of
    them is among the original's first TRANSLATION_LEAD_WINDOW (a rewrite keeps the news it opens with, maybe
    merged from the original's first sentences)."""
    n, m = match.shape
    if n == 0 or m == 0:
        return _Alignment(0.0, [], False)
    M = match.astype(np.int32)
    F = np.zeros((n, m), dtype=np.int32)
    prev = np.zeros(m, dtype=np.int32)
    for x in range(n):
        prev = F[x] = np.maximum.accumulate(prev + M[x])
    pairs, y, v = [], m - 1, int(F[n - 1, m - 1])
    for x in range(n - 1, -1, -1):
        if v == 0:
            break
        y = int(np.searchsorted(F[x, :y + 1], v))  # first column reaching v: where the value was made
        if M[x, y]:
            pairs.append((x, y))
            v -= 1
    pairs.reverse()
    lead = (match[0] if lead_row is None else lead_row)[:TRANSLATION_LEAD_WINDOW]
    return _Alignment(len(pairs) / n, pairs, bool(lead.any()))


def passage_alignment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the shorter text's sentences matched, in order, to sentences of the other (vectors only)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    if len(a) < 2:
        return 0.0
    return _align(_sentence_matches(a, b, None, None)[1]).share



def _translated_passages(article: Article, s: _Sentences, rows: list[int]) -> list[Span]:
    """The copy's translated sentences as spans; consecutive sentences joined into one passage."""
    spans: list[list[int]] = []
    for x in rows:
        a, b = s.ranges[x]
        if spans and not article.text[spans[-1][1]:a].strip():
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [make_span(article.id, article.text, a, b) for a, b in spans]


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
    """Translations and rewrites into another language between articles of one story (see module doc).

    Same-language copies are MinHash's job (`near_duplicates`). Candidates come from `translation_candidates`;
    the sentences of all candidate articles are embedded in one batch. Each copy points to the original it
    follows best."""
    pairs = translation_candidates(articles, story_of, lead_vecs, already)
    if not pairs:
        return []
    involved = sorted({i for p in pairs for i in p})
    sents = {i: _translation_sentences(articles[i], annotations[i]) for i in involved}
    embedder.adopt(annotations[i].embeddings for i in involved if annotations[i] is not None)
    embedder.prefetch(t for i in involved for t in sents[i].texts)
    vecs = {i: embedder.encode(sents[i].texts) for i in involved}
    own = {i: _own_reporting(articles[i], annotations[i]) for i in involved}
    best: dict[int, tuple[tuple, int, _Alignment]] = {}
    for i, j in pairs:
        copy, orig = _direction(articles, i, j, len(sents[i].texts), len(sents[j].texts))
        cs, os_ = sents[copy], sents[orig]
        if own[copy] or len(cs.texts) < 2 or not os_.texts or _cites(annotations[copy], articles[orig]):
            continue
        said, match = _sentence_matches(vecs[copy], vecs[orig], cs, os_)
        # the lead: the copy's first sentence says what one of the original's first says, with a name or figure
        al = _align(match, said[0] & np.array([bool(cs.anchors[0] & b) for b in os_.anchors], dtype=bool))
        if not al.lead or al.share < TRANSLATION_SHARE or len(al.pairs) < TRANSLATION_MIN_MATCHED:
            continue
        # the original it renders best; equally well, the earlier one
        key = (-al.share, _time_key(articles[orig], orig))
        if copy not in best or key < best[copy][0]:
            best[copy] = (key, orig, al)
    links = []
    for copy in sorted(best):
        _, orig, al = best[copy]
        share = al.share
        passages = _translated_passages(articles[copy], sents[copy], [x for x, _ in al.pairs])
        links.append(CopyLink(article_id=articles[copy].id, copy_of=articles[orig].id, kind="translation",
                              similarity=round(share, 3), containment=round(share, 3), passages=passages))
    return links
