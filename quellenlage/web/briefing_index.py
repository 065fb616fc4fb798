"""Lookups over one briefing that the article, entity and search pages share, and the URLs of their links."""
from __future__ import annotations

from functools import cached_property
from urllib.parse import quote

from ..briefing.outlets import Label, outlet_labels
from ..model import Article, ArticleAnnotations, Briefing, ClaimGroup, Entity, Story


def article_href(article_id: str, anchor: str | None = None) -> str:
    return f"/articles/{quote(article_id, safe='')}" + (f"#{quote(anchor, safe=':-_.')}" if anchor else "")


def entity_href(entity_id: str) -> str:
    return f"/entities/{quote(entity_id, safe='')}"


def story_href(story_id: str, group_id: str | None = None) -> str:
    return f"/stories/{quote(story_id, safe='')}" + (f"#group-{quote(group_id, safe=':-_.')}" if group_id else "")


def anchor(kind: str, item_id: str) -> str:
    """The element id of an annotation on the article page: 'claim-<id>', 'quote-<id>', 'figure-<id>' ..."""
    return f"{kind}-{item_id}"


class BriefingIndex:
    """Who is where in a briefing: articles, annotations, stories, claim groups and entities by id."""

    _last: "BriefingIndex | None" = None

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.views: dict[tuple, object] = {}  # per-entity and per-article views built from this index

    @classmethod
    def of(cls, briefing: Briefing) -> "BriefingIndex":
        """The index of `briefing`, shared by every page that reads the same (per-generation) briefing object:
        the store hands out one parsed briefing per generation, so the lookups are built once, not per request."""
        last = cls._last
        if last is None or last.briefing is not briefing:
            last = cls._last = cls(briefing)
        return last

    @cached_property
    def articles(self) -> dict[str, Article]:
        return {a.id: a for a in self.briefing.articles}

    @cached_property
    def annotations(self) -> dict[str, ArticleAnnotations]:
        return {a.article_id: a for a in self.briefing.annotations}

    @cached_property
    def story_of(self) -> dict[str, Story]:
        return {aid: s for s in self.briefing.stories for aid in s.article_ids}

    @cached_property
    def group_of_claim(self) -> dict[str, ClaimGroup]:
        return {m.claim_id: g for g in self.briefing.claim_groups for m in g.members}

    @cached_property
    def entities(self) -> dict[str, Entity]:
        return {e.id: e for e in self.briefing.entities}

    @cached_property
    def entity_of_mention(self) -> dict[str, str]:
        out = {m: e.id for e in self.briefing.entities for m in e.mention_ids}
        for ann in self.briefing.annotations:  # the linked annotations say it too
            for m in ann.mentions:
                if m.entity_id:
                    out.setdefault(m.id, m.entity_id)
        return out

    @cached_property
    def outlets(self) -> dict[str, Label]:
        return outlet_labels(self.briefing.articles, self.briefing.stories)

    def outlet(self, article_id: str) -> Label:
        return self.outlets.get(article_id) or Label("unbekanntes Medium", "unknown outlet")

    def title(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return " ".join((a.title or "").split()) if a else ""
