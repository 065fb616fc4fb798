"""Building records from validated ones without re-validation (construct, replaced, plain spans), and sentence spans."""
from __future__ import annotations

from ..model import Article, ArticleAnnotations, Span, make_span


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


def replaced(record, **changes):
    """A shallow copy of a validated pydantic record with some fields replaced (no validation, no deep copy)."""
    return construct(type(record), {**record.__dict__, **changes})


def sentence_span(article: Article, annotations: ArticleAnnotations, start: int, end: int) -> Span:
    """The sentence covering [start, end) (or the given range when sentences are missing)."""
    for s in annotations.sentences:
        if s.start <= start < s.end:
            return make_span(article.id, article.text, s.start, max(s.end, min(end, len(article.text))))
    return make_span(article.id, article.text, start, end)
