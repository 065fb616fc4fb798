"""Names of sources and outlets as keys and labels: normalised name keys, an article's outlet, dates, words."""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from ..model import Article


_STOP_PREFIX = re.compile(r"^(der|die|das|den|dem|des|the|a|an|ein|eine|einer|einem|eines|laut|nach|von|vom|zufolge)\s+", re.I)
_SOURCE_NOUN = re.compile(r"^(angaben|informationen|aussagen|berichten|recherchen|schätzungen|zahlen|daten|kreisen|"
                          r"figures|information|reports?|estimates?|data)\s+(des|der|von|vom|aus|from|of|by)\s+", re.I)
_NONWORD = re.compile(r"[^\w]+", re.U)
_WORD = re.compile(r"\w+", re.U)
# A firm's legal form in its name ("Kessler Lacke GmbH", "Acme Inc."): what tells a company from an authority.
LEGAL_FORM = re.compile(r"\b(?:GmbH|AG|SE|KG|KGaA|OHG|mbH|Inc|Ltd|LLC|plc|Corp|Co|S\.A|N\.V)\b\.?")
_CAP = re.compile(r"\b[A-ZÄÖÜ][\w\-]{2,}")


def norm_name(label: str | None) -> str:
    return _norm_name(label) if label else ""


@functools.lru_cache(maxsize=200_000)
def _norm_name(label: str) -> str:
    """Normalised key of a source/outlet name: lowercase, accents kept, articles and punctuation dropped."""
    if not label:
        return ""
    s = unicodedata.normalize("NFKC", label).strip().lower()
    for _ in range(2):
        s = _STOP_PREFIX.sub("", s)
        s = _SOURCE_NOUN.sub("", s)  # "Angaben des Landesumweltamts" -> the agency itself
    s = _NONWORD.sub(" ", s).strip()
    s = re.sub(r"^(www )?", "", s)
    s = re.sub(r" (de|com|net|org|at|ch|co uk)$", "", s)  # spiegel.de == Spiegel
    return s


def outlet_of(article: Article) -> str:
    return article.outlet or article.id


def outlet_label(article: Article) -> str:
    """The outlet for a reader: its name, or when unknown the article's title (else its file) instead of an id."""
    if article.outlet:
        return article.outlet
    name = " ".join((article.title or "").split()) or Path(article.source or "").name or article.id
    return f"outlet unknown ({name[:60]})"


def published_iso(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def cap_words(text: str) -> set[str]:
    """Capitalised words (names, German nouns): a lexical stand-in for entities when linking is missing."""
    return {w.lower() for w in _CAP.findall(text)}


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]
