"""wie-clauses: "Wie die Polizei am Montag mitteilte, ...", "..., wie ein Sprecher sagte.", "wie aus X hervorgeht".

A verb-final clause opened by "wie" that ends in a speech or source verb is a frame of the main clause around
it: the main clause is the content, the subject after "wie" the speaker (none in "wie es hieß", "wie bekannt
wurde"). `wie_lead` reads a sentence-initial wie-clause with appositions before the main clause; it runs before
the verb frames, which would otherwise take the clause's verb and read the main clause as fronted content.
`wie_frame` is called by `verb_frames.py` when the speech verb it found closes a wie-clause; `wie_source` reads
what the two leave to the source-phrase pass.
"""
from __future__ import annotations

from .. import lexicon as lx
from .citations import cited_sources
from .noun_phrases import clause_bounds, noun_phrase
from .speech_verbs import finite_cue
from .state import Rec


def wie_lead(ex, si, lo, hi) -> bool:
    """"Wie X, Sprecher des Y, am Montag bekannt gab, wird ...": a sentence-initial wie-clause that may hold
    appositions and ends in a speech or source verb before the comma that opens the (verb-second) main
    clause. The main clause is the content, the subject after "wie" the speaker ("wie aus X hervorgeht":
    X is the source)."""
    T, L = ex.d.T, ex.d.L
    if ex.en or L[lo] != "wie" or hi - lo < 6:
        return False
    for k in range(lo + 3, min(hi - 2, lo + 40)):
        if T[k] != "," or ex.in_quote[k]:
            continue
        nxt = T[k + 1]
        if not nxt[:1].islower() or L[k + 1] in lx.WIE_NOT_MAIN or L[k + 1] in lx.CONJ_CLAUSE \
                or L[k + 1] in lx.SUBORD:
            continue
        found = _wie_cue(ex, k - 1, lo)
        if found is None:
            continue
        cue, medium = found
        first = min(a for a, _ in cue)
        if any(ex.used[x] for x in range(lo, k)) or L[first] in lx.NEEDS_CONTENT and first == k - 1 and \
                L[first] not in lx.WIE_SOURCE_VERBS:
            return False
        sp = _wie_speaker(ex, lo + 1, first, source_after_aus=True)
        content = ex.content_range(k + 1, hi)
        if content is None:
            return False
        ex.consume((lo, k))
        ex.recs.append(Rec("indirect", si, [(lo, lo + 1)] + cue, sp, [content], medium=medium,
                             berufung=cited_sources(ex, lo, hi)))
        return True
    return False


def wie_frame(ex, si, lo, hi, ca, cb, cue, medium) -> bool:
    """"Wie X am Montag mitteilte, ist ..." / "..., wie X sagte.": the wie-clause is the frame, the main
    clause the content; the speaker is the subject after "wie" (none in "wie es hieß", "wie bekannt wurde")."""
    T, L = ex.d.T, ex.d.L
    cue_tok = {k for r in cue for k in range(*r)}
    if max(cue_tok) < cb - 3 or any(
            ex.in_quote[k] and not any(a <= k < b and b - a <= 8 for a, b, _, _ in ex.quotes)
            for k in range(ca, cb)):
        return False  # the verb must close the wie-clause (verb-final)
    sp = _wie_speaker(ex, ca + 1, min(cue_tok), source_after_aus=False)
    if L[min(cue_tok)] in lx.NEEDS_CONTENT or \
            any(L[k] == "sich" for k in range(ca, cb)):
        return False  # "wie lange jemand ...", "wie er sich nannte", "wie man sagt"
    content = []
    if ca > lo:
        content.append(ex.content_range(lo, ca))
    if ca == lo and cb < hi and T[cb] == ",":
        content.append(ex.content_range(cb + 1, hi))
    content = [c for c in content if c]
    if not content:
        return False
    cue = [(ca, ca + 1)] + [r for r in cue if r[0] != ca]
    ex.consume((ca, cb))
    ex.recs.append(Rec("indirect", si, cue, sp, content, medium=medium, berufung=cited_sources(ex, lo, hi)))
    return True


def wie_source(ex, i: int, lo: int, hi: int):
    """(speaker, cue) of "..., wie X berichtet" read as a source phrase at "wie" token i: the noun phrase after
    "wie" and a speech verb later in its clause; (None, None) when there is none."""
    a, b = clause_bounds(ex, i, lo, hi)
    for k in range(i + 1, b):
        c = finite_cue(ex, k, i, b)
        if c and c[3] is not None:  # (always true: c[3] is a bool; any speech verb of the clause will do)
            np = noun_phrase(ex, i + 1, k, allow_pron=True)
            if np is None:
                break
            return np, [(i, i + 1)] + c[0]
    return None, None


def _wie_cue(ex, v: int, lo: int):
    """The verb cluster ending at token v of a verb-final source clause, as (cue ranges, medium), or None:
    "mitteilte", "bekannt gab", "berichtet hatte", "mitgeteilt wurde", "hervorgeht"."""
    L = ex.d.L
    if v > lo + 1 and L[v] in lx.AUX_FINITE:  # "berichtet hatte", "mitgeteilt worden war"
        inner = _wie_cue(ex, v - 1, lo)
        return ([*inner[0], (v, v + 1)], inner[1]) if inner else None
    w = L[v]
    for particle, medium in lx.CUE_FINITE.get(w, ()):
        if not particle:
            return [(v, v + 1)], medium
        if v - 1 > lo and L[v - 1] == particle:
            return [(v - 1, v + 1)], medium
    if w in lx.CUE_JOINED or w in lx.CUE_PARTICIPLE:
        return [(v, v + 1)], lx.CUE_JOINED.get(w) or lx.CUE_PARTICIPLE[w]
    if w in lx.WIE_SOURCE_VERBS:
        return [(v, v + 1)], "statement"
    if v - 1 > lo and L[v - 1] == "bekannt" and w in ("wurde", "wird"):
        return [(v - 1, v + 1)], "statement"
    return None


def _wie_speaker(ex, j: int, end: int, source_after_aus: bool) -> tuple[int, int] | None:
    """The subject of a wie-clause from token j up to its verb at `end`: none in "wie es hieß", "wie bekannt
    wurde", "wie man sagt"; with `source_after_aus`, X in "wie aus X verlautete" (else none there)."""
    L = ex.d.L
    while j < end and (L[j] in lx.ADV or L[j] in ("bereits", "schon")):
        j += 1
    if source_after_aus and j < end and L[j] == "aus":
        j += 1
    if j >= end or L[j] in ("es", "man", "bekannt", "berichtet", "gemeldet", "verlautete", "aus"):
        return None
    np = noun_phrase(ex, j, end, allow_pron=True)
    return np if np is not None and L[np[0]] != "man" else None
