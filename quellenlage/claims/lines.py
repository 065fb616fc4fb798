"""Line structure and clause shape of a text stretch: what the claim-unit rules look at instead of topic words.

A *standalone line* is a sentence that fills its own line (newline or text edge on both sides). A *heading line*
is a standalone line without sentence-final punctuation (crossheads, kickers, link-list items); a line that has
no finite verb at all is a label (a bare name, a picture credit) whatever its punctuation. Finite verbs come from
HanTa's tagger (German and English models ship with the HanTa package); without it, from the lexicon of finite
forms in `lang.mood`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lang.mood import EN_FINITE_TAGS as EN_FINITE  # STTS marks finite verbs "(FIN)"; these are the English ones
from ..lang.mood import hanta, word_mood

FINAL_PUNCT = re.compile(r"[.!?…:;][\"'“”«»‘’)\]]*\s*$")
WORD = re.compile(r"[^\W\d_][\w\-'’]*")


def _tagger(lang: str):
    return hanta(lang)  # one tagger per language for every stage


@lru_cache(maxsize=20000)
def _has_finite(words: tuple[str, ...], lang: str) -> bool:
    tagger = _tagger(lang)
    if tagger is not None:
        try:
            tags = tagger.tag_sent(list(words), taglevel=1)
        except Exception:
            tags = None
        if tags is not None:
            if lang == "en":
                return any(t[-1] in EN_FINITE for t in tags)
            return any("(FIN)" in t[-1] for t in tags)
    return any(word_mood(w, words[i - 1].lower() if i else None) is not None for i, w in enumerate(words))


def has_finite_verb(text: str, lang: str = "de") -> bool:
    words = tuple(WORD.findall(text))
    return bool(words) and _has_finite(words, "en" if lang == "en" else "de")


def has_final_punct(text: str) -> bool:
    return bool(FINAL_PUNCT.search(text))


_SPACES = re.compile(r"\s*")


def _blank(text: str, a: int, b: int) -> bool:
    """text[a:b] is only white space (str.isspace, as strip() judges it), checked without copying it."""
    return _SPACES.match(text, a, b).end() == b


def is_standalone_line(text: str, start: int, end: int) -> bool:
    """True when [start, end) is the whole of its line (only whitespace around it up to the line breaks)."""
    nl = text.find("\n", end)
    return _blank(text, text.rfind("\n", 0, start) + 1, start) and _blank(text, end, nl if nl >= 0 else len(text))


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The [start, end) of the line holding `pos`, without surrounding whitespace."""
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    e = len(text) if e < 0 else e
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
