"""Feeds and article pages from the network, on request only (`quellenlage fetch`, the web app's "add URL").

Nothing here runs unless the caller was told to go on the network (`--allow-network`, `allow_network=True`).
policy.py says what may be fetched (schemes, address ranges, redirects, timeouts, size), client.py fetches
under it, robots.py asks each site's robots.txt, feeds.py reads RSS/Atom, pages.py extracts article pages with
trafilatura. The articles are built by `ingest.build_article`, so a fetched page is cleaned, identified and
given an outlet exactly like a file; every failure is one error record and the batch goes on.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..ingest import build_article
from ..ingest.decode import InputError
from ..model import Article, InputRecord
from . import client
from .feeds import FeedItem, looks_like_feed, parse_feed
from .pages import page_fields
from .policy import USER_AGENT, FetchError, FetchPolicy, check_url  # noqa: F401
from .robots import Robots


@dataclass
class FeedReport:
    url: str
    title: str | None
    items: int  # article links it listed (at most policy.max_items taken)


@dataclass
class FetchResult:
    articles: list[Article] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)  # one per page asked for, and one per failed feed
    feeds: list[FeedReport] = field(default_factory=list)


def fetch_articles(sources: Iterable[str], policy: FetchPolicy | None = None, *, language: str | None = None,
                   progress: Callable[[InputRecord], None] | None = None) -> FetchResult:
    """Fetch every source (a feed: each of its items' links; a page: itself) into articles and input records."""
    policy = policy or FetchPolicy()
    robots = Robots(policy)
    result = FetchResult()
    by_hash: dict[str, str] = {}
    by_url: dict[str, str | None] = {}  # URL fetched in this run → its article id (None: it failed)

    def record(rec: InputRecord) -> None:
        result.records.append(rec)
        if progress:
            progress(rec)

    def error(source: str, exc: Exception, via: str | None) -> None:
        if isinstance(exc, InputError):
            kind, message = exc.kind, str(exc)
        else:  # nothing foreseen: still one record, never a traceback
            kind, message = "internal_error", f"{source}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        record(InputRecord(source=source, status="error", error_kind=kind,
                           message=message + (f" (listed in the feed {via})" if via else "")))

    def add_page(response: client.Response, source: str, item: FeedItem | None, via: str | None) -> None:
        fields, encoding = page_fields(response, item)
        notes = [f"from the feed {via}"] if via else []
        if response.redirects:
            notes.append(f"redirected to {response.url}")
        article = build_article(fields, source, language=language, encoding=encoding, notes=notes)
        first = by_hash.get(article.content_hash)
        if first:
            by_url[source] = first
            record(InputRecord(source=source, status="duplicate", article_id=first,
                               message=f"same text as {first}; analysed once"))
            return
        by_hash[article.content_hash] = by_url[source] = article.id
        result.articles.append(article)
        record(InputRecord(source=source, status="ok", article_id=article.id, message="; ".join(notes) or None))

    def one(url: str, item: FeedItem | None = None, via: str | None = None) -> None:
        if url in by_url:  # asked twice in one run (two feeds listing one article): fetched once
            if by_url[url]:
                record(InputRecord(source=url, status="duplicate", article_id=by_url[url],
                                   message="the same URL was fetched before in this run"))
            return
        by_url[url] = None
        try:
            response = client.fetch(url, policy, allowed=robots.check)
            if via is None and looks_like_feed(response.content_type, response.body):
                feed(url, response)
            else:
                add_page(response, url, item, via)
        except Exception as exc:
            error(url, exc, via)

    def feed(url: str, response: client.Response) -> None:
        parsed = parse_feed(response.body, response.url, policy.max_items)
        result.feeds.append(FeedReport(url=url, title=parsed.title, items=len(parsed.items)))
        if not parsed.items:
            raise FetchError("empty_feed", f"{url}: the feed lists no items")
        for n, item in enumerate(parsed.items, 1):
            if item.link is None:
                record(InputRecord(source=f"{url}#item{n}", status="error", error_kind="no_link",
                                   message=f"{url}: item {n} of the feed has no link"))
                continue
            one(item.link, item, via=url)

    for source in sources:
        one(source.strip() if isinstance(source, str) else source)
    return result
