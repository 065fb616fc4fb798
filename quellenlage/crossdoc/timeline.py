"""Per-story timeline: claims with a resolved time, in chronological order, with outlet and source chain.

A claim's time is the first of its `time_ids` with a usable value; when it names none, the first time expression
whose span lies inside the claim span. Usable values are calendar values (2024-10-19, 2024-10, 2024, 2024-W42,
2024-SP, 2024-10-19T14:30, BC0490); durations (P2Y6M), references (PRESENT_REF) and underspecified values
(XXXX-10-03) are left out because they cannot be placed on a time line.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, ArticleAnnotations, TimeExpression, TimelineEvent
from .records import plain_span

_CALENDAR = re.compile(r"^(?:BC)?\d{2,4}(?:-(?:\d{2}|W\d{2}|SP|SU|FA|WI|H[12]|Q[1-4])(?:-\d{2}|-WE)?)?(?:T[\w:]+)?$")
_SEASON_MONTH = {"WI": 1, "SP": 4, "SU": 7, "FA": 10, "H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}
_MOD_DAY = {"START": 1, "MID": 15, "END": 28}


def is_placeable(value: str | None) -> bool:
    return bool(value) and "X" not in value and bool(_CALENDAR.match(value))


def sort_key(value: str, modifier: str | None = None) -> tuple:
    """A sortable key (year, month, day, time) for a calendar value; earlier first, BC before AD."""
    bc = value.startswith("BC")
    v = value[2:] if bc else value
    head, _, clock = v.partition("T")
    parts = head.split("-")
    y = int(parts[0])
    if len(parts[0]) == 3:  # decade "199" -> 1990
        y *= 10
    elif len(parts[0]) == 2:  # century "19" -> 1900
        y *= 100
    if bc:
        y = -y
    month, day = 0, 0
    if len(parts) > 1:
        p = parts[1]
        if p.isdigit():
            month = int(p)
        elif p.startswith("W") and not bc:
            from datetime import date

            try:
                d = date.fromisocalendar(y, int(p[1:]), 1)
                month, day = d.month, d.day
            except ValueError:
                month = 0
        else:
            month = _SEASON_MONTH.get(p, 0)
    if len(parts) > 2 and parts[2].isdigit():
        day = int(parts[2])
    if modifier in _MOD_DAY and day == 0:
        day = _MOD_DAY[modifier]
    return (y, month, day, clock)


def _claim_time(claim, times: dict[str, TimeExpression], in_article: list[TimeExpression]) -> TimeExpression | None:
    for tid in claim.time_ids or []:
        t = times.get(tid)
        if t is not None and is_placeable(t.value):
            return t
    for t in in_article:
        if claim.start <= t.start and t.end <= claim.end and is_placeable(t.value):
            return t
    return None


def build_timeline(articles: Sequence[Article], annotations: Sequence[ArticleAnnotations]) -> list[TimelineEvent]:
    """Events (claims with a resolved time) of the given articles, in chronological order."""
    outlets = {a.id: a.outlet for a in articles}
    published = {a.id: a.published for a in articles}
    events: list[tuple[tuple, TimelineEvent]] = []
    for ann in annotations:
        times = {t.id: t for t in ann.times}
        ordered_times = sorted(ann.times, key=lambda t: t.start)
        for claim in ann.claims:
            t = _claim_time(claim, times, ordered_times)
            if t is None:
                continue
            ev = TimelineEvent(
                when=t.value,
                span=plain_span(claim),
                time_span=plain_span(t),
                claim_id=claim.id,
                outlet=outlets.get(ann.article_id),
                chain=list(claim.chain),
            )
            pub = published.get(ann.article_id)
            key = sort_key(t.value, t.modifier) + ((pub.isoformat() if pub else ""), ann.article_id, claim.start)
            events.append((key, ev))
    events.sort(key=lambda kv: kv[0])
    return [ev for _, ev in events]

