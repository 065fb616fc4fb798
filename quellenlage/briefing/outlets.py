"""Outlet labels for readers: the outlet's name, else the site its title names, else "unbekanntes Medium 3".

An article id or a file path is never shown as an outlet. Unknown outlets are numbered within their story in
article order, so a story page, its articles' pages and the entity and search pages give an article the same
number. Labels carry both interface languages (the pages switch DE/EN without reloading); the analysis and
briefing.json keep their own values (`Article.outlet` stays None).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath, PureWindowsPath

from markupsafe import Markup, escape

from ..ingest.outlet import site_from_title
from ..model import Article, SourceNode, Story


class Label(str):
    """A text in both interface languages. As a str it is the German one; in a template both, one hidden by CSS."""

    def __new__(cls, de: str, en: str | None = None):
        obj = super().__new__(cls, de)
        obj.de, obj.en = de, de if en is None else en
        return obj

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.de

    def __html__(self) -> Markup:
        if self.de == self.en:
            return escape(self.de)
        return Markup(f'<span class="i18n" lang="de">{escape(self.de)}</span>'
                      f'<span class="i18n" lang="en">{escape(self.en)}</span>')


def unknown(n: int) -> Label:
    return Label(f"unbekanntes Medium {n}", f"unknown outlet {n}")


def outlet_labels(articles: Iterable[Article], stories: Iterable[Story] = ()) -> dict[str, Label]:
    """article id → its outlet label."""
    articles = list(articles)
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    counters: dict[str | None, int] = {}
    labels: dict[str, Label] = {}
    for a in articles:
        name = (a.outlet or "").strip() or site_from_title(a.title)
        if name:
            labels[a.id] = Label(name)
        else:
            key = story_of.get(a.id)
            counters[key] = counters.get(key, 0) + 1
            labels[a.id] = unknown(counters[key])
    return labels


def baked_labels(articles: Iterable[Article], labels: dict[str, Label]) -> dict[str, Label]:
    """The cross-article stage writes its own placeholder for an unknown outlet into groups and summaries
    ("outlet unknown (title)"); this maps each such placeholder to the reader's label."""
    try:
        from ..crossdoc.names import outlet_label
    except ImportError:  # cross-article stage not in this tree: nothing baked
        return {}
    return {outlet_label(a): labels[a.id] for a in articles if not a.outlet and a.id in labels}


def relabel_chain(chain: list[SourceNode], label: str | None) -> list[SourceNode]:
    """A source chain whose first node (the outlet) reads `label` when the article had no outlet name."""
    if chain and label and chain[0].kind == "outlet" and chain[0].label != label:
        return [chain[0].model_copy(update={"label": label})] + list(chain[1:])
    return chain


def chain_article(chain: list[SourceNode]) -> str | None:
    """The article a chain was read from (its nodes' spans point into it)."""
    return next((n.span.article_id for n in chain if n.span is not None), None)


def display_source(source: str | None) -> str:
    """An input's name without the folders it lay in (no server paths on a page): 'a.txt', 'upload:x.md'."""
    if not source:
        return ""
    base, hash_, line = source.partition("#")
    if "://" in base:  # a URL is the article's public address, not a server path
        return source
    name = PureWindowsPath(base).name if "\\" in base else PurePosixPath(base).name
    return (name or base) + (hash_ + line if hash_ else "")
