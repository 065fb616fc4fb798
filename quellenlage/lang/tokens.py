"""Tokenisation with spaCy's rule-based German/English tokenizers (no model download)."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.tokens import Doc

from .sentences import set_boundaries

SUPPORTED = ("de", "en")


@lru_cache(maxsize=None)
def blank(lang: str) -> "spacy.language.Language":
    """A blank spaCy pipeline (tokenizer only) for `lang`; German for anything unsupported."""
    return spacy.blank(lang if lang in SUPPORTED else "de")


def make_doc(text: str, lang: str = "de") -> Doc:
    """Tokenise `text` and set sentence boundaries; offsets are those of `text`."""
    doc = blank(lang).make_doc(text)
    return set_boundaries(doc)
