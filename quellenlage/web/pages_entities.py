"""The entity page, `/entities/{id}`: every claim, quote, denial and figure by or about one entity, across stories.

"By" means the entity is the speaker of a quote, the denier of a denial, or a link of a claim's source chain (a
spokesperson's words count for the organisation named in the speaker phrase, as origins do); "about" means a
claim or a denied target mentions it. Matching is by the entity's linked mentions: a speaker phrase, denier or
chain node counts when one of the entity's mentions lies inside its span. Every item links to its exact span on
the article page and, for claims, to its claim group on the story page.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..briefing.html import fmt_figure, short
from ..model import Briefing, Span
from ..store import Store
from .briefing_index import BriefingIndex, anchor, article_href, story_href


def _inside(span: Span | None, spans: list[tuple[int, int]]) -> bool:
    return span is not None and any(span.start <= s and e <= span.end for s, e in spans)


def _touches(span: Span | None, spans: list[tuple[int, int]]) -> bool:
    return span is not None and any(s < span.end and span.start < e for s, e in spans)


def entity_view(briefing: Briefing, entity_id: str, ix: BriefingIndex | None = None) -> dict | None:
    """What entity.html shows, or None when the briefing has no such entity (`ix`: an index of it to reuse)."""
    ix = ix if ix is not None and ix.briefing is briefing else BriefingIndex.of(briefing)
    key = ("entity", entity_id)
    if key not in ix.views:  # one scan of the corpus per entity and briefing, not per request
        ix.views[key] = _entity_view(ix, entity_id)
    return ix.views[key]


def _entity_view(ix: BriefingIndex, entity_id: str) -> dict | None:
    briefing = ix.briefing
    entity = ix.entities.get(entity_id)
    if entity is None:
        return None
    own = set(entity.mention_ids)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    first_mention: dict[str, str] = {}
    for ann in briefing.annotations:
        for m in ann.mentions:
            if m.id in own or (m.entity_id or ix.entity_of_mention.get(m.id)) == entity_id:
                spans[ann.article_id].append((m.start, m.end))
                first_mention.setdefault(ann.article_id, m.id)

    def item(span: Span, kind: str, item_id: str, **extra) -> dict:
        aid = span.article_id
        story = ix.story_of.get(aid)
        return {"span": span, "text": short(span.text, 260), "href": article_href(aid, anchor(kind, item_id)),
                "article_href": article_href(aid), "outlet": ix.outlet(aid), "title": ix.title(aid),
                "published": ix.articles[aid].published if aid in ix.articles else None,
                "story": story, **extra}

    quotes, claims_by, claims_about, denials_by, denials_about, figures = [], [], [], [], [], []
    by_attributions: set[str] = set()
    claim_ids: set[str] = set()
    for ann in briefing.annotations:
        mine = spans.get(ann.article_id)
        if not mine:
            continue
        for at in ann.attributions:
            if at.speaker_entity_id == entity_id or at.speaker_mention_id in own or _inside(at.speaker, mine):
                by_attributions.add(at.id)
                content = " … ".join(p.text for p in at.content)
                quotes.append(item(at, "quote", at.id, speaker=at.speaker.text if at.speaker else "",
                                   content=short(content or at.text, 260), type=at.type))
        for c in ann.claims:
            group = ix.group_of_claim.get(c.id)
            extra = {"claim": c, "group": group, "group_href": story_href(group.story_id, group.id) if group else None}
            chain = c.chain[1:] if c.chain and c.chain[0].kind == "outlet" else c.chain
            by = (c.attribution_id in by_attributions
                  or any(n.entity_id == entity_id or _inside(n.span, mine) for n in chain))
            about = bool(own.intersection(c.mention_ids)) or _touches(c, mine)
            if by:
                claims_by.append(item(c, "claim", c.id, **extra))
                claim_ids.add(c.id)
            elif about:
                claims_about.append(item(c, "claim", c.id, **extra))
                claim_ids.add(c.id)
        for d in ann.denials:
            if d.denier_entity_id == entity_id or _inside(d.denier, mine):
                denials_by.append(item(d, "denial", d.id, denier=d.denier.text if d.denier else "", denial=d))
            elif _touches(d.target, mine) or claim_ids.intersection(d.claim_ids):
                denials_about.append(item(d, "denial", d.id, denier=d.denier.text if d.denier else "", denial=d))
        for f in ann.figures:
            if f.claim_id in claim_ids or f.attribution_id in by_attributions:
                value = fmt_figure(f) if (f.value is not None or f.low is not None or f.high is not None) else f.text
                figures.append(item(f, "figure", f.id, value=value, counts=f.counts.text if f.counts else "",
                                    category=f.category or ""))
    mentions = [{"article_id": aid, "outlet": ix.outlet(aid), "title": ix.title(aid), "count": len(s),
                 "href": article_href(aid, anchor("mention", first_mention[aid])), "story": ix.story_of.get(aid)}
                for aid, s in spans.items()]
    attributes = [{"a": at, "outlet": ix.outlet(at.article_id),
                   "href": article_href(at.article_id, anchor("mention", at.mention_id))} for at in entity.attributes]
    return {
        "e": entity, "aliases": [x for x in entity.aliases if x != entity.name], "attributes": attributes,
        "mentions": mentions, "quotes": quotes, "claims_by": claims_by, "claims_about": claims_about,
        "denials_by": denials_by, "denials_about": denials_about, "figures": figures,
        "stories": sorted({i["story"].id: i["story"] for i in mentions if i["story"]}.values(), key=lambda s: s.id),
    }


def entities_router(store: Callable[[], Store], page: Callable[..., HTMLResponse]) -> APIRouter:
    """GET /entities/{id}. `page(template, request, **ctx)` renders as the app's other pages do."""
    router = APIRouter()

    @router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(entity_id: str, request: Request):
        view = entity_view(store().briefing(), entity_id)
        # an unknown id (entity ids change when the store grows): a page saying so, in the interface language
        return page("entity.html", request, view=view, status_code=200 if view else 404)

    return router
