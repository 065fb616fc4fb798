"""RSS and Atom feeds with feedparser (BSD-2-Clause): the article links a feed lists, with title and date.

A fetched body counts as a feed by its media type (RSS, Atom, RDF, XML) or, when a server labels it loosely
(text/plain, text/html), by how it begins. feedparser is given bytes only — it never fetches anything itself —
and resolves relative links against the feed's URL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml",
              "application/x-atom+xml", "text/rss+xml", "text/atom+xml"}
# Types a feed is often served as, though they say nothing about it: judged by how the body begins.
SNIFFED_TYPES = {"application/xml", "text/xml", "", "text/plain", "text/html", "application/octet-stream"}
_OPENING = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    title: str | None
    published: datetime | None  # naive UTC, as the ingest fields want it


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """A feed by its media type, or a generically typed body that begins like RSS, Atom or RDF."""
    if content_type in FEED_TYPES:
        return True
    return content_type in SNIFFED_TYPES and bool(_OPENING.match(body[:4096]))


def parse_feed(body: bytes, url: str, max_items: int) -> Feed:
    """The feed's entries (at most `max_items`), links absolute. A body with no entries gives an empty Feed."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url})
    items = []
    for entry in parsed.entries[:max_items]:
        link = entry.get("link") or _alternate(entry)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(FeedItem(link=link.strip() if isinstance(link, str) and link.strip() else None,
                              title=(entry.get("title") or "").strip() or None,
                              published=datetime(*stamp[:6]) if stamp else None))
    return Feed(title=(parsed.feed.get("title") or "").strip() or None, items=items)


def _alternate(entry) -> str | None:
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None
