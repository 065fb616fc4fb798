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


# A headline's last segment after " | " (or a dash) is the site's name when it looks like one: "Brand in der
# Halle | Rheintal-Nachrichten", "Feuer – tagesschau.de". Dashes also separate parts of headlines
# ("Scholz – ein Porträt"), so after a dash only a domain or a name with a press word counts.
_TITLE_SEP = re.compile(r"\s+(\||–|—|-|::|·)\s+")
_PRESS_WORD = re.compile(r"(zeitung|nachrichten|kurier|anzeiger|rundschau|blatt|post|presse|bote|echo|journal|"
                         r"news|times|tribune|herald|online|magazin|tagesschau|heute|spiegel|welt|focus|stern|"
                         r"radio|tv|fernsehen|rundfunk|agentur|dienst|ledger|gazette|observer|guardian|monitor)",
                         re.I)


def site_from_title(title: str | None) -> str | None:
    """The site a page title names after its headline ("… | Rheintal-Nachrichten"), or None."""
    if not title:
        return None
    parts = _TITLE_SEP.split(" ".join(title.split()))
    if len(parts) < 3:
        return None
    sep, last = parts[-2], parts[-1].strip()
    if not last or len(last) > 40 or len(last.split()) > 4 or not any(c.isalpha() for c in last):
        return None
    if _DOMAIN.fullmatch(last):
        return last.lower().removeprefix("www.")
    if sep == "|" or _PRESS_WORD.search(last):
        return last
    return None


def given_outlet(article, outlet: str | None):
    """The article with the outlet a user typed for it (an upload form's field): it fills a missing or only
    inferred outlet; an outlet the file names itself (front matter, JSONL field, sidecar CSV) is kept."""
    outlet = " ".join((outlet or "").split())
    if not outlet or (article.outlet and not article.outlet_inferred):
        return article
    return article.model_copy(update={"outlet": outlet, "outlet_inferred": False,
                                      "outlet_evidence": "given with the upload"})
