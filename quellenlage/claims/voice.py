"""Reported voice without a frame: a claim in the outlet's voice whose main verb is in the reported-speech mood.

German marks indirect speech by mood. A main clause whose finite verb is Konjunktiv I ("Die Anlage sei defekt
gewesen", "Es gebe keine Gefahr") or the Konjunktiv II that replaces it ("befänden", "kämen", "lägen": the
umlauted past stem of a strong verb) is someone else's statement the outlet relays, even where no speaker frame
is found: certainty "reported" (the chain stays the outlet's: who said it is not determined).
Not reported: the counterfactual / modal Konjunktiv II ("wäre", "hätte", "würde", "könnte", "dürfte": the
hedges of `certainty.py` or conditionals), and verbs in subordinate clauses (only the main clause counts).
"""
from __future__ import annotations

from functools import lru_cache

from ..lang.mood import word_mood
from .polarity import main_clause

_UMLAUT = {"ä": "a", "ö": "o", "ü": "u"}


@lru_cache(maxsize=20000)
def _strong_sub2(word: str) -> bool:
    """'befänden', 'fänden', 'lägen', 'kämen': HanTa's finite verb whose stem umlauts a lemma without umlaut."""
    w = word.lower()
    if not word[:1].islower() or not w.endswith(("e", "en")) or not any(u in w for u in _UMLAUT):
        return False
    try:
        from ..lang.mood import _hanta

        tagger = _hanta()
        if tagger is None:
            return False
        lemma, tag = tagger.analyze(word, taglevel=1)
    except Exception:
        return False
    if not tag.startswith("VV") or tag.endswith("(PP)") or "INF" in tag:
        return False
    lemma = lemma.lower()
    if any(u in lemma for u in _UMLAUT):
        return False  # "führen", "hören": the umlaut is the lemma's own
    # Indicative umlauted forms of strong verbs ("fährt", "läuft", "hält") end in -t / -st, never -e / -en.
    return True


def reported_mood(ctx, cs: int, ce: int):
    """The Span of the main-clause verb that puts the claim [cs, ce) in reported speech, or None."""
    if ctx.lang != "de" or ctx.doc is None:
        return None
    text = ctx.text[cs:ce]
    ranges = [(cs + a, cs + b) for a, b in main_clause(text)]
    toks = [t for t in ctx.tokens_in(cs, ce) if any(a <= t.idx < b for a, b in ranges)]
    if toks and toks[0].text in "„“\"»«‚":
        return None  # a quotation in the outlet's voice keeps its own grammar (first person, direct speech)
    for t in toks:
        mood = t._.mood if t.has_extension("mood") else word_mood(t.text)
        if mood == "sub1" or mood is None and _strong_sub2(t.text):
            return ctx.span(t.idx, t.idx + len(t.text))
        if mood in ("ind", "sub2"):
            return None  # the main verb is indicative or a conditional / modal Konjunktiv II
    return None
