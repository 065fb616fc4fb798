"""Which outlet published an article: from its URL, or from clues the outlet leaves in its own page furniture.

A name at the start of the text ("CNN berichtet, ...") is a cited source, not the publisher, so running text is
never used; only the outlet's own domain inside boilerplate (consent blocks, "mehr auf x.de", copyright lines).
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlparse

from ..model import FlaggedSpan

_DOMAIN = re.compile(r"\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:de|at|ch|com|net|org|eu|fr|it|uk|info|news|tv))\b", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?([A-Z][\w.\- ]{1,40})", re.I)


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:  # "http://[::1" and other malformed URLs: no outlet from it
        return None
    host = host.lower()
    for prefix in ("www.", "m.", "amp.", "mobil."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


def outlet_from_text(text: str, flagged: list[FlaggedSpan]) -> tuple[str, str] | None:
    """(outlet, evidence) from domains named inside boilerplate blocks, or None."""
    votes: Counter[str] = Counter()
    for span in flagged:
        for m in _DOMAIN.finditer(span.text):
            votes[m.group(1).lower().removeprefix("www.")] += 1
    if votes:
        domain, n = votes.most_common(1)[0]
        return domain, f"domain named {n}x in the page's own {'/'.join(sorted({f.reason for f in flagged}))} text"
    for line in text.splitlines()[-5:]:
        m = _COPYRIGHT.search(line)
        if m:
            return m.group(1).strip(), "copyright line at the end of the text"
    return None
