"""Extractive summary: the top claim groups ranked by independence and coverage; every item is an article span.

Rank key per affirmed group: (independent origins, number of articles, number of outlets, earliest member). The
item is the group's representative span. Denied or contested groups are kept (their status says why) but a group
that only negates something is left to the denial list. When no claims exist at all (claims stage missing), each
story contributes the lead sentence of its earliest article so the summary is never invented.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, ArticleAnnotations, ClaimGroup, Span, Story, SummaryItem
from .names import outlet_of

TOP_PER_STORY = 5
TOP_TOTAL = 15


def summarise(
    stories: Sequence[Story],
    groups: Sequence[ClaimGroup],
    articles: dict[str, Article],
    annotations: dict[str, ArticleAnnotations],
    top_per_story: int = TOP_PER_STORY,
    top_total: int = TOP_TOTAL,
) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    story_size = {s.id: len(s.article_ids) for s in stories}
    by_story: dict[str, list[ClaimGroup]] = {}
    for g in groups:
        if g.polarity == "affirmed":
            by_story.setdefault(g.story_id, []).append(g)
    ranked_stories = sorted(stories, key=lambda s: -story_size[s.id])
    for s in ranked_stories:
        gs = sorted(by_story.get(s.id, []), key=lambda g: (-g.independent_origins, -len(g.article_ids), -len(g.outlets)))
        if gs:
            for g in gs[:top_per_story]:
                rep = g.representative
                why = f"{g.status}: {g.independent_origins} independent origin(s), {len(g.article_ids)} article(s)"
                if g.denied_by:
                    why += "; denied by " + ", ".join(g.denied_by)
                items.append(SummaryItem(span=rep, claim_group_id=g.id, outlet=outlet_of(articles[rep.article_id]), why=why))
        else:
            lead = _lead_span(s, articles, annotations)
            if lead is not None:
                items.append(SummaryItem(span=lead, outlet=outlet_of(articles[lead.article_id]),
                                         why=f"lead sentence of story '{s.label[:60]}' (no claims extracted)"))
        if len(items) >= top_total:
            break
    return items[:top_total]


def _lead_span(story: Story, articles, annotations) -> Span | None:
    for aid in story.article_ids:
        art, ann = articles[aid], annotations.get(aid)
        flags = [(f.start, f.end) for f in art.flagged]
        for s in (ann.sentences if ann else []):
            if not any(a < s.end and s.start < b for a, b in flags) and len(s.text.strip()) > 20:
                return Span(article_id=aid, start=s.start, end=s.end, text=s.text)
    return None
