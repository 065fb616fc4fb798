"""Make spans and verify that every span in a structure slices back to the text it claims."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import BaseModel

from .base import Span


class SpanError(ValueError):
    pass


def make_span(article_id: str, text: str, start: int, end: int, cls: type[Span] = Span, **extra) -> Span:
    """Build a span (or subclass) from offsets, taking its text from the article."""
    if not 0 <= start <= end <= len(text):
        raise SpanError(f"offsets {start}:{end} outside text of length {len(text)}")
    return cls(article_id=article_id, start=start, end=end, text=text[start:end], **extra)


def iter_spans(obj) -> Iterator[Span]:
    """Yield every Span nested anywhere in a model, list or dict."""
    if isinstance(obj, Span):
        yield obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from iter_spans(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from iter_spans(item)
    elif isinstance(obj, Mapping):
        for item in obj.values():
            yield from iter_spans(item)


def check_spans(obj, texts: Mapping[str, str]) -> list[str]:
    """Return one message per span whose offsets do not slice back to its text (empty list = all valid)."""
    problems = []
    for span in iter_spans(obj):
        text = texts.get(span.article_id)
        if text is None:
            problems.append(f"{span.article_id}:{span.start}-{span.end} points to an unknown article")
        elif not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.text:
            problems.append(f"{span.article_id}:{span.start}-{span.end} {span.text[:40]!r} does not match the article text")
    return problems
