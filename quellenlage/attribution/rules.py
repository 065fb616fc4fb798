"""Rule-based attribution extraction over spaCy tokens (no parser): quotes, frames, source phrases, chains.

`extract(ctx)` runs the constructions of `constructions/` in their order; the order matters, since each marks
the tokens of the frames it reads as used and the readers after it leave them alone. Internally cue and speaker
are token ranges and content is a list of character ranges (`constructions.state.Rec`); `extract` turns the
records into `Attribution` spans at the end.
"""
from __future__ import annotations

from ..model import Attribution
from . import antecedents, backrefs, speakers
from . import lexicon as lx
from .constructions.attributions import to_attributions
from .constructions.dass_clauses import dass_frame
from .constructions.direct_quotes import direct_quotes
from .constructions.free_indirect import free_indirect
from .constructions.headlines import headline
from .constructions.source_phrases import source_phrase
from .constructions.state import Extraction
from .constructions.verb_frames import verb_frames
from .constructions.wie_clauses import wie_lead


def extract(ctx) -> list[Attribution]:
    if ctx.doc is None or len(ctx.doc) == 0:
        return []
    ex = Extraction(ctx)
    # Quotes that stand as clauses first: their frames are then used, and no verb frame reads them again.
    direct_quotes(ex, embedded=False)
    for si, (lo, hi) in enumerate(ex.sents):
        _sentence(ex, si, lo, hi)
    # Quotes inside a clause only where no sentence reader took them as (part of) its content.
    direct_quotes(ex, embedded=True)
    for r in ex.recs:  # generic "man" is nobody in particular
        if r.speaker and r.speaker[1] - r.speaker[0] == 1 and ex.d.L[r.speaker[0]] in ("man", "es"):
            r.speaker = None
        r.speaker = speakers.clean(ex, r.speaker)  # complete noun phrases only (see speakers.py)
        r.addressee = speakers.clean(ex, r.addressee)
    ex.antecedents = antecedents.pronoun_antecedents(ex, ex.recs)
    # Free indirect speech last: it goes on with the speakers the records above found.
    free_indirect(ex)
    ex.recs.sort(key=lambda r: (r.content[0][0] if r.content else 0))
    return to_attributions(ctx, ex, ex.recs)


def _sentence(ex, si: int, lo: int, hi: int) -> None:
    """Read sentence si [lo, hi) with the first construction that finds a frame in it."""
    if headline(ex, si, lo, hi):
        return
    if backrefs.frame(ex, si, lo, hi):
        return
    if wie_lead(ex, si, lo, hi):
        return
    n0 = len(ex.recs)
    saved = ex.used[lo:hi]
    if _source_leads(ex, lo, hi) and source_phrase(ex, si, lo, hi):
        return  # "Nach Angaben der Behörde habe die Frau ... gefordert, ...": a speech verb after it is reported
    if verb_frames(ex, si, lo, hi):
        if ex.recs[-1].type != "reported" or len(ex.recs) != n0 + 1:
            return
        # A source phrase ("nach Polizeiangaben", "laut X") beats reported speech read from a verb alone.
        rep = ex.recs.pop()
        after = ex.used[lo:hi]
        ex.used[lo:hi] = saved
        if source_phrase(ex, si, lo, hi):
            return
        ex.used[lo:hi] = after
        ex.recs.append(rep)
        return
    if not source_phrase(ex, si, lo, hi):
        dass_frame(ex, si, lo, hi, lexical=False)


def _source_leads(ex, lo: int, hi: int) -> bool:
    """The sentence opens with a source phrase: "Laut X ...", "Nach Angaben der X ...", "Nach Polizeiangaben ..."."""
    L = ex.d.L
    a = lo
    while a < hi and not ex.d.T[a][:1].isalnum():
        a += 1
    if a + 2 >= hi or ex.used[a] or any(ex.in_quote[k] for k in range(a, hi)):
        return False  # a quotation in the sentence has a frame of its own ("..., sagte X")
    if L[a] in lx.LAUT:
        return True
    return L[a] == "nach" and any(lx.is_source_noun(L[k]) for k in range(a + 1, min(hi, a + 5)))
