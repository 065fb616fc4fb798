"""Article pages: a fetched HTML body becomes ingest fields through the same trafilatura reader as .html files.

The text is decoded by the charset the server declared when it decodes cleanly, otherwise as a file would be
(ingest/decode.py). The URL stored is the one the body came from (after redirects), not what the page claims;
a feed's title and date fill in what the page itself does not say.
"""
from __future__ import annotations

from ..ingest.decode import InputError, decode
from ..ingest.readers import read_html
from .client import Response
from .feeds import FeedItem
from .policy import FetchError

HTML_TYPES = {"text/html", "application/xhtml+xml"}


def is_html(response: Response) -> bool:
    if response.content_type in HTML_TYPES:
        return True
    # no type at all: a page that says it is one
    return response.content_type == "" and b"<html" in response.body[:4096].lower()


def page_text(response: Response) -> tuple[str, str]:
    """(text, encoding) of the body."""
    if response.charset:
        try:
            text = response.body.decode(response.charset)
            if text.strip():
                return text, response.charset.lower()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: judge the bytes as a file's
    return decode(response.body)


def page_fields(response: Response, item: FeedItem | None = None) -> tuple[dict, str]:
    """(ingest fields, encoding) of an HTML page; raises FetchError (not_html, empty, extraction_empty, bad_html)."""
    if not is_html(response):
        raise FetchError("not_html", f"{response.url}: {response.content_type or 'an untyped body'}, not an HTML page "
                         "or a feed")
    try:
        text, encoding = page_text(response)
        fields = read_html(text)[0]
    except InputError as exc:
        kind = "extraction_empty" if exc.kind == "no_text" else exc.kind
        raise FetchError(kind, f"{response.url}: {exc}") from None
    fields["url"] = response.url
    if item is not None:
        fields["title"] = fields.get("title") or item.title
        fields["published"] = fields.get("published") or item.published
    return fields, encoding
