"""The attribution stage: who says what. `run(ctx)` returns {"attributions": [...]}.

Rule-based over spaCy tokens and lexicons (see `rules.py`): direct quotes in every quote style, frames with a
speech verb before, after or around the content, dass/ob-clauses and Konjunktiv I clauses, reported speech,
source phrases ("laut X", "X zufolge", "nach Angaben von X"), headline attributions ("Agentur: ..."), and free
indirect continuations in Konjunktiv I or with "soll/sollen", attributed to the previous speaker, and back-pointer
sentences that only name the source of the sentence before ("Das teilte X mit.", `backrefs.py`). Pronouns and
definite role nouns ("sagte er", "sagte der Landrat") are read through their antecedents (`antecedents.py`). Each
attribution carries a source chain from the outlet to the origin. English articles also get the reported speech
of `english.py` ("..., police said.", "Police said two people were injured.") where these rules give none; the
rules read no free-indirect speech in English (no Konjunktiv I).
"""
from __future__ import annotations

from . import english, learned, roles
from .rules import extract


def run(ctx) -> dict:
    atts = extract(ctx)
    if ctx.lang == "en":
        atts = english.add(ctx, atts)
    # The learned tagger moves role boundaries of what the rules found (a no-op with rules only); frames,
    # addressees and media come last because they are read off the final cue, speaker and content.
    atts = learned.refine(ctx, atts)
    atts = roles.complete(ctx, atts)
    return {"attributions": atts}
