"""Extractive summary: what a verification desk needs first, every line a verbatim span of an article.

Order, per story (largest story first):
1. the best-covered claims: affirmed groups marked corroborated, by (independent origins, articles, outlets), with
   their true origin counts;
2. the figure conflicts: one line per conflicting comparison, the first side's figure sentence;
3. the denials: one line per denial record (non-denials are not denials and are left out);
4. what rests on one source: single-origin, unverified or denied groups reported by the most articles;
5. what nobody attributes: groups only outlets state in their own voice (unattributed), when room is left.
When no claims exist at all (claims stage missing), each story contributes the lead sentence of its earliest
article, so the summary is never invented.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..model import (Article, ArticleAnnotations, ClaimGroup, DenialRecord, FigureComparison, Span, Story,
                     SummaryItem)
from .names import outlet_label
from .records import sentence_span

TOP_CORROBORATED = 3
TOP_CONFLICTS = 2
TOP_DENIALS = 2
TOP_SINGLE = 2
TOP_UNATTRIBUTED = 1
TOP_TOTAL = 15


def summarise(
    stories: Sequence[Story],
    groups: Sequence[ClaimGroup],
    articles: dict[str, Article],
    annotations: dict[str, ArticleAnnotations],
    figure_table: Sequence[FigureComparison] = (),
    denials: Sequence[DenialRecord] = (),
    top_total: int = TOP_TOTAL,
) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    by_story: dict[str, list[ClaimGroup]] = {}
    for g in groups:
        if g.polarity == "affirmed":
            by_story.setdefault(g.story_id, []).append(g)
    names = {g.id: g for g in groups}
    for s in sorted(stories, key=lambda s: -len(s.article_ids)):
        gs = sorted(by_story.get(s.id, []), key=lambda g: (-g.independent_origins, -len(g.article_ids), -len(g.outlets)))
        if not gs:
            lead = _lead_span(s, articles, annotations)
            if lead is not None:
                items.append(SummaryItem(span=lead, kind="lead", outlet=outlet_label(articles[lead.article_id]),
                                         why=f"lead sentence of story '{s.label[:60]}' (no claims extracted)"))
            continue
        for g in [g for g in gs if g.status == "corroborated"][:TOP_CORROBORATED]:
            items.append(_group_item(g, "corroborated", articles))
        for fc in [f for f in figure_table if f.story_id == s.id and f.verdict == "conflict"][:TOP_CONFLICTS]:
            side = fc.sides[0]
            ann = annotations.get(side.article_id)
            span = sentence_span(articles[side.article_id], ann, side.span.start, side.span.end) if ann else side.span
            others = "; ".join(f"{x.span.text} ({x.outlet})" for x in fc.sides[1:])
            items.append(SummaryItem(span=span, kind="figure_conflict", outlet=side.outlet,
                                     why=f"figures disagree on '{fc.counts}': {side.span.text} vs {others}"))
        seen: set[tuple[str, str]] = set()  # a reprint repeats the denial word for word: one line
        story_denials = [d for d in denials if d.story_id == s.id and d.kind == "denial" and not d.negated]
        story_denials = [d for d in story_denials if not ((d.actor, " ".join(d.span.text.split())) in seen
                                                          or seen.add((d.actor, " ".join(d.span.text.split()))))]
        for d in story_denials[:TOP_DENIALS]:
            denied = [names[x].representative.text[:80] for x in d.claim_group_ids if x in names]
            items.append(SummaryItem(span=d.span, kind="denial", outlet=d.outlet, claim_group_id=next(iter(d.claim_group_ids), None),
                                     why=f"{d.actor} denies" + (": " + " | ".join(denied) if denied else " (what exactly: not determined)")))
        single = [g for g in gs if g.independent_origins == 1 and g.status in ("single_origin", "unverified", "denied")]
        single.sort(key=lambda g: (-len(g.article_ids), -len(g.outlets)))
        for g in single[:TOP_SINGLE]:
            items.append(_group_item(g, "single_origin", articles))
        unattributed = [g for g in gs if g.status == "unattributed" and len(g.outlets) > 1]
        for g in unattributed[:TOP_UNATTRIBUTED]:
            items.append(_group_item(g, "unattributed", articles))
        if len(items) >= top_total:
            break
    return items[:top_total]


def _group_item(g: ClaimGroup, kind: str, articles: dict[str, Article]) -> SummaryItem:
    rep = g.representative
    if g.independent_origins:
        why = f"{g.status}: {g.independent_origins} independent origin(s) (" + ", ".join(o.label for o in g.origins[:4]) \
              + f"), {len(g.article_ids)} article(s)"
    else:
        why = f"{g.status}: no source named, stated by " + ", ".join(g.unattributed_by[:4] or g.outlets[:4])
    if g.denied_by:
        why += "; denied by " + ", ".join(g.denied_by)
    return SummaryItem(span=rep, kind=kind, claim_group_id=g.id, outlet=outlet_label(articles[rep.article_id]), why=why)


def _lead_span(story: Story, articles, annotations) -> Span | None:
    for aid in story.article_ids:
        art, ann = articles[aid], annotations.get(aid)
        flags = [(f.start, f.end) for f in art.flagged]
        for s in (ann.sentences if ann else []):
            if not any(a < s.end and s.start < b for a, b in flags) and len(s.text.strip()) > 20:
                return Span(article_id=aid, start=s.start, end=s.end, text=s.text)
    return None
