"""Verb mood (Konjunktiv I / II, indicative, imperative) from word forms and a little context.

No parser and no GPL tools: a lexicon of frequent finite forms plus morphological rules. Konjunktiv I in
news is almost always 3rd person: "sei/seien", "habe", "werde", modal "-e" forms ("könne", "solle") and the
generic stem + "-e" ("er plane", "es gebe"). Generic "-e" forms are confirmed as verbs with HanTa's
word analysis (LGPL, context-free, cached per form) so "große" or "keine" are not taken for verbs.

`token_mood(token)` returns 'sub1', 'sub2', 'ind', 'imp' or None (not a finite verb we recognise). The mood
is also available as the spaCy extension `token._.mood` once `register_extension()` ran (done on import).
"""
from __future__ import annotations

from functools import lru_cache

SUB1 = {
    "sei", "seien", "seiest", "seiet", "habe", "habest", "werde", "werdest", "könne", "könnest", "müsse",
    "dürfe", "solle", "sollest", "wolle", "wollest", "möge", "mögest", "wisse", "gebe", "komme", "gehe",
    "stehe", "liege", "bleibe", "lasse", "sehe", "heiße", "halte", "bestehe", "fehle", "handle", "wolle",
    "brauche", "gelte", "trage", "lege", "stelle", "mache", "arbeite", "befinde", "verfüge", "zeige", "führe",
}
# Forms that are Konjunktiv II only (no indicative homograph).
SUB2 = {
    "wäre", "wären", "wärest", "wärst", "wäret", "hätte", "hätten", "hättest", "hättet", "würde", "würden",
    "würdest", "würdet", "könnte", "könnten", "könntest", "müsste", "müssten", "müßte", "müßten", "dürfte",
    "dürften", "möchte", "möchten", "käme", "kämen", "gäbe", "gäben", "ginge", "gingen", "stünde", "stünden",
    "stände", "ständen", "läge", "lägen", "bliebe", "blieben", "wüsste", "wüssten", "ließe", "ließen", "hielte",
    "sähe", "täte", "fände", "bräuchte", "bräuchten", "brächte", "brächten",
}
IND = {
    "ist", "sind", "war", "waren", "bin", "bist", "seid", "hat", "haben", "hatte", "hatten", "hast", "habt",
    "wird", "werden", "wurde", "wurden", "kann", "können", "konnte", "konnten", "muss", "muß", "müssen",
    "musste", "mussten", "darf", "dürfen", "durfte", "soll", "sollen", "sollte", "sollten", "will", "wollen",
    "wollte", "wollten", "mag", "gibt", "gab", "gaben", "sagte", "sagten", "sagt", "erklärte", "erklärt",
    "teilte", "teilt", "berichtete", "berichtet", "kommt", "kam", "geht", "ging", "steht", "stand", "liegt",
    "lag", "bleibt", "blieb", "heißt", "hieß", "fordert", "forderte", "warnte", "warnt", "is", "are", "was",
    "were", "has", "have", "had", "said", "says", "will", "would", "did", "does",
}
SUBJECT_PRONOUNS_3 = {"er", "sie", "es", "man", "dies", "das", "dieser", "diese", "dieses", "jeder", "niemand"}
_FIRST_SECOND = {"ich", "du", "wir", "ihr"}


# Finite verbs among the BNC C5 tags of HanTa's English model (German STTS marks them "(FIN)").
EN_FINITE_TAGS = frozenset({"VVD", "VVZ", "VVB", "VBD", "VBZ", "VBB", "VHD", "VHZ", "VHB", "VDD", "VDZ", "VDB", "VM0"})


# HanTa's analysis of a word costs the square of its length (0.02 s at 50 characters, 5 s at 800): a pasted data
# blob or a run of letters would stall a stage. The longest words in 850 Wikinews articles have 46 characters
# (compound nouns, never verb forms), so longer ones are tagged by their first MAX_TAGGED_WORD characters.
MAX_TAGGED_WORD = 48


def _bounded(word: str) -> str:
    return word if len(word) <= MAX_TAGGED_WORD else word[:MAX_TAGGED_WORD]


class BoundedTagger:
    """A HanTa tagger that never analyses more than MAX_TAGGED_WORD characters of a word."""

    def __init__(self, tagger):
        self._tagger = tagger

    def analyze(self, word, *args, **kwargs):
        return self._tagger.analyze(_bounded(word), *args, **kwargs)

    def tag_sent(self, words, *args, **kwargs):
        words = list(words)
        tags = self._tagger.tag_sent([_bounded(w) for w in words], *args, **kwargs)
        # the caller's words back in place of the shortened ones
        return [(w, *t[1:]) if isinstance(t, tuple) and len(w) > MAX_TAGGED_WORD else t for w, t in zip(words, tags)]

    def __getattr__(self, name):
        return getattr(self._tagger, name)


@lru_cache(maxsize=2)
def hanta(lang: str = "de"):
    """The HanTa tagger of a language ("de" or "en"), loaded once per process for every stage that tags words;
    None when HanTa or its model cannot be read (each caller then falls back to its rules)."""
    try:
        from HanTa import HanoverTagger as ht

        return BoundedTagger(ht.HanoverTagger("morphmodel_en.pgz" if lang == "en" else "morphmodel_ger.pgz"))
    except Exception:  # HanTa missing or its model unreadable: rules only
        return None


def _hanta():
    return hanta("de")


@lru_cache(maxsize=50000)
def _verb_e_form(word: str) -> bool:
    """True when a lower-case '-e' word is a finite verb form (stem + e) according to HanTa's analysis."""
    tagger = _hanta()
    if tagger is None:
        return False
    try:
        lemma, tag = tagger.analyze(word, taglevel=1)
    except Exception:
        return False
    if not tag.startswith(("VV", "VA", "VM")) or tag.endswith("(PP)"):
        return False
    lemma = lemma.lower()
    if lemma.endswith(("ern", "eln")):
        return word in (lemma[:-1] + "e", lemma[:-3] + lemma[-2] + "e")
    return lemma.endswith("en") and word == lemma[:-1]


def word_mood(word: str, prev: str | None = None, nxt: str | None = None) -> str | None:
    """Mood of a word form with its neighbours (lower-cased) as context."""
    w = word.lower()
    if not w or not w[0].isalpha() or (word[0].isupper() and prev is not None and prev not in ".!?:\"„“»«"):
        # Capitalised mid-sentence: a noun (German) or a name, not a verb form.
        if w not in SUB1 and w not in SUB2:
            return None
    first_person = prev in _FIRST_SECOND or nxt in _FIRST_SECOND
    if w in SUB2:
        return "sub2"
    if w in ("sei", "seien", "seiest"):
        return "sub1"
    if w in SUB1:
        if first_person and w not in ("könne", "müsse", "dürfe", "solle", "wolle", "möge"):
            return "ind"
        return "sub1"
    if w in IND:
        return "ind"
    if len(w) > 3 and w.endswith("e") and not first_person and word[0].islower():
        if _verb_e_form(w):
            return "sub1"
    return None


def token_mood(token) -> str | None:
    """Mood of a spaCy token: 'sub1' (Konjunktiv I), 'sub2', 'ind', 'imp' or None."""
    doc = token.doc
    i = token.i
    prev = doc[i - 1].lower_ if i > 0 else None
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else None
    if token.is_sent_start:
        prev = None
    return word_mood(token.text, prev, nxt)


def register_extension() -> None:
    from spacy.tokens import Token

    if not Token.has_extension("mood"):
        Token.set_extension("mood", getter=token_mood)


register_extension()
