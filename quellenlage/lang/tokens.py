"""Tokenisation with spaCy's rule-based German/English tokenizers (no model download)."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.tokens import Doc

from .sentences import set_boundaries

SUPPORTED = ("de", "en")


@lru_cache(maxsize=None)
def blank(lang: str) -> "spacy.language.Language":
    """A blank spaCy pipeline (tokenizer only) for `lang`; German for anything unsupported."""
    return spacy.blank(lang if lang in SUPPORTED else "de")


_TEXT_KEY = "quellenlage.text"


def doc_text(doc: Doc) -> str:
    """The text of `doc`, kept with it: `Doc.text` joins every token anew on each access (O(n) per call)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


# spaCy splits a stretch without white space by re-reading it once per affix it finds, which is quadratic in the
# stretch's length (a 50,000-character run of punctuation takes a second, 8,000 characters 0.04 s). No word is this
# long; longer runs (pasted blobs, punctuation art) are tokenised in pieces of this many characters.
MAX_RUN = 1000
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))


def _pieces(text: str) -> list[str]:
    """`text` cut inside every run of more than MAX_RUN non-space characters, every MAX_RUN characters."""
    cuts = [k for m in _LONG_RUN.finditer(text) for k in range(m.start() + MAX_RUN, m.end(), MAX_RUN)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def make_doc(text: str, lang: str = "de") -> Doc:
    """Tokenise `text` and set sentence boundaries; offsets are those of `text`."""
    nlp = blank(lang)
    pieces = _pieces(text)
    if len(pieces) == 1:
        doc = nlp.make_doc(text)
    else:  # the pieces' Docs joined: same text, same offsets, a token boundary at each cut
        doc = Doc.from_docs([nlp.make_doc(p) for p in pieces], ensure_whitespace=False)
    doc.user_data[_TEXT_KEY] = text
    return set_boundaries(doc)
