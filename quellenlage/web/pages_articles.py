"""The article reader, `/articles/{id}`: the text with its mentions, claims, quotes, figures and times marked.

Spans come from the stored annotations as linked by the cross-article stage (mentions carry their entity), so
a mention links to its entity page and a claim to its claim group on the story page. Flagged boilerplate is
folded. Everything on the page is the article's own text at its exact offsets, escaped.
"""
from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from ..briefing import i18n
from ..briefing.dates import readable, readable_markup
from ..briefing.html import bilingual, fmt_figure, short
from ..briefing.outlets import display_source
from ..model import Briefing, FlaggedSpan
from ..store import Store
from . import marked_text
from .briefing_index import BriefingIndex, anchor, article_href, entity_href, story_href
from .marked_text import Mark

BOILERPLATE_REASONS = {
    "consent": ("Einwilligungstext", "consent text"), "read_more": ("Lesen Sie auch", "read more"),
    "advertisement": ("Anzeige", "advertisement"), "share_prompt": ("Teilen-Aufforderung", "share prompt"),
    "teaser": ("Anreißer", "teaser"), "duplicate_line": ("wiederholte Zeile", "repeated line"),
    "navigation": ("Navigation", "navigation"), "other": ("sonstiges", "other"),
}


def boilerplate_label(flag: FlaggedSpan) -> Markup:
    de, en = BOILERPLATE_REASONS.get(flag.reason, (flag.reason, flag.reason))
    return bilingual(f"{i18n.text('boilerplate', 'de')}: {de}", f"{i18n.text('boilerplate', 'en')}: {en}")


def _figure_title(f) -> str:
    value = fmt_figure(f) if (f.value is not None or f.low is not None or f.high is not None) else f.text
    return " · ".join(x for x in (value, f.unit, f.counts.text if f.counts else None) if x)


def article_marks(ix: BriefingIndex, article_id: str, lang: str = "de") -> list[Mark]:
    """Every annotation of the article as a mark for `marked_text.render`."""
    ann = ix.annotations.get(article_id)
    if ann is None:
        return []
    marks: list[Mark] = []
    for c in ann.claims:
        group = ix.group_of_claim.get(c.id)
        classes = f"ql-m-claim ql-cert-{c.certainty} ql-pol-{c.polarity}" + (" ql-headline" if c.headline else "")
        status = f" · {i18n.text('status_' + group.status, lang)}" if group else ""
        said = f"{i18n.text('cert_' + c.certainty, lang)} · {i18n.text('pol_' + c.polarity, lang)}"
        attrs = [("data-claim", c.id), ("title", said + status)]
        if group:
            attrs.append(("data-group", group.id))
        marks.append(Mark(c.start, c.end, "claim", classes, tuple(attrs), anchor("claim", c.id)))
    for d in ann.denials:
        marks.append(Mark(d.start, d.end, "denial", "ql-m-denial" + (" ql-negated" if d.negated else ""),
                          (("data-denial", d.id),), anchor("denial", d.id)))
    for at in ann.attributions:
        for k, part in enumerate(at.content):
            marks.append(Mark(part.start, part.end, "quote", f"ql-m-quote ql-attr-{at.type}",
                              (("data-attribution", at.id), ("title", i18n.text("attr_" + at.type, lang))),
                              anchor("quote", at.id) if k == 0 else None))
        if at.speaker is not None:
            marks.append(Mark(at.speaker.start, at.speaker.end, "speaker", "ql-m-speaker", (("data-attribution", at.id),),
                              None if at.content else anchor("quote", at.id)))
        for part in (at.cue_parts or ([at.cue] if not at.cue_implicit else [])):
            marks.append(Mark(part.start, part.end, "cue", "ql-m-cue", (("data-attribution", at.id),)))
    for f in ann.figures:
        marks.append(Mark(f.start, f.end, "figure", "ql-m-figure", (("data-figure", f.id), ("title", _figure_title(f))),
                          anchor("figure", f.id)))
    for t in ann.times:
        said = readable(t.value, lang)
        marks.append(Mark(t.start, t.end, "time", "ql-m-time", (("title", said),) if said else ()))
    for m in ann.mentions:
        eid = m.entity_id or ix.entity_of_mention.get(m.id)
        entity = ix.entities.get(eid) if eid else None
        classes = f"ql-m-mention ql-label-{m.label} ql-kind-{m.kind}"
        if entity is not None:
            marks.append(Mark(m.start, m.end, "mention", classes, (("data-entity", entity.id), ("title", entity.name)),
                              anchor("mention", m.id), href=entity_href(entity.id)))
        else:
            marks.append(Mark(m.start, m.end, "mention", classes, (), anchor("mention", m.id)))
    return marks


def article_view(briefing: Briefing, article_id: str, lang: str = "de") -> dict | None:
    """What article.html shows, or None when the briefing has no such article."""
    ix = BriefingIndex.of(briefing)
    article = ix.articles.get(article_id)
    if article is None:
        return None
    ann = ix.annotations.get(article_id)
    story = ix.story_of.get(article_id)
    body = marked_text.render(article.text, article_marks(ix, article_id, lang), article.flagged, boilerplate_label)
    claims, quotes, figures, denials = [], [], [], []
    if ann is not None:
        for c in sorted(ann.claims, key=lambda c: c.start):
            group = ix.group_of_claim.get(c.id)
            claims.append({"c": c, "href": "#" + anchor("claim", c.id), "group": group,
                           "group_href": story_href(group.story_id, group.id) if group else None,
                           "group_text": short(group.representative.text, 120) if group else None})
        for at in sorted(ann.attributions, key=lambda a: a.start):
            quotes.append({"a": at, "href": "#" + anchor("quote", at.id), "speaker": at.speaker.text if at.speaker else "",
                           "text": short(" … ".join(p.text for p in at.content) or at.text, 240)})
        for f in sorted(ann.figures, key=lambda f: f.start):
            figures.append({"f": f, "href": "#" + anchor("figure", f.id), "title": _figure_title(f)})
        for d in sorted(ann.denials, key=lambda d: d.start):
            denials.append({"d": d, "href": "#" + anchor("denial", d.id), "denier": d.denier.text if d.denier else ""})
    return {
        "a": article, "body": body, "outlet": ix.outlet(article_id), "story": story,
        "story_href": story_href(story.id) if story else None,
        "source": display_source(article.source),
        "published": readable_markup(article.published.date().isoformat(), "") if article.published else "",
        "claims": claims, "quotes": quotes, "figures": figures, "denials": denials,
        "errors": ann.errors if ann is not None else [],
        "n_mentions": len(ann.mentions) if ann is not None else 0,
        "href": article_href(article_id),
    }


def articles_router(store: Callable[[], Store], page: Callable[..., HTMLResponse]) -> APIRouter:
    """GET /articles/{id}. `page(template, request, **ctx)` renders as the app's other pages do."""
    router = APIRouter()

    @router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, request: Request):
        lang = request.query_params.get("lang", "de")
        view = article_view(store().briefing(), article_id, lang if lang in i18n.LANGS else "de")
        # an unknown id: a page in the interface language, not a JSON error
        return page("article.html", request, view=view, status_code=200 if view else 404)

    return router
