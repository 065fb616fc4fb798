"""Time stage: every time expression of an article, normalised to a TIMEX3-style value.

Values are resolved against the article's publication date when it is known (`anchored=True`) and stay
underspecified ("XXXX-10-03") or None otherwise. The grammar lives in `quellenlage.time.tagger`.
"""
from __future__ import annotations

from ..model import TimeExpression
from .tagger import Timex, tag

__all__ = ["run", "tag", "Timex", "to_time_expressions"]


def to_time_expressions(ctx, timexes: list[Timex]) -> list[TimeExpression]:
    out = []
    for i, t in enumerate(timexes):
        if ctx.is_flagged(t.start, t.end):
            continue
        out.append(ctx.span(t.start, t.end, TimeExpression, id=f"{ctx.article.id}:t{i}", type=t.type, value=t.value,
                            granularity=t.granularity, anchored=t.anchored, modifier=t.modifier))
    return out


def run(ctx) -> dict:
    mode = "news"
    timexes = tag(ctx.text, ctx.article.published, mode=mode)
    return {"times": to_time_expressions(ctx, timexes)}
