"""dass/ob-clauses: the content clause after a speech verb, and dass-clauses after any verb or a speech noun.

`complement_after` decides, for a speech verb frame of `verb_frames.py`, whether the clause after its comma or
colon is what was said: "teilte mit, dass ...", "wollte nicht sagen, ob ...", "sagte, er komme", "kündigte an, zu
...". `dass_frame` reads the frames without a speech verb: "X zeigte sich optimistisch, dass ...", "die Forderung,
dass ...". It runs last in a sentence (after the verb frames and the source phrases): any finite verb can stand
before "dass", so it only takes what the speech-verb and source-phrase readers left.
"""
from __future__ import annotations

import re

from .. import lexicon as lx
from .noun_phrases import clause_bounds, v2_clause
from .citations import cited_sources
from .speech_verbs import speaker_for
from .state import Rec
from .tokens import CLAUSE_END, adjlike, is_cap

# Particle verbs with an infix "zu" ("mitzuteilen", "aufzuklären"): the zu-infinitive of a content clause.
ZU_INF = re.compile(r"^(ab|an|auf|aus|bei|da|dar|ein|fest|fort|frei|her|hin|heraus|herbei|hinzu|mit|nach|vor|"
                    r"voran|weg|weiter|wieder|zurück|zusammen|zu|um|durch|über|los|teil|statt|bekannt|klar|offen)"
                    r"zu\w{3,}en$")


def complement_after(ex, i: int, j: int, hi: int) -> list | None:
    """The content clause after speech verb i when its frame ends at the comma or colon j: a dass/ob-clause (any
    clause conjunction of `lexicon.CONJ_CLAUSE`), what follows a colon, a clause in Konjunktiv, a zu-infinitive,
    or a verb-second clause after a verb of saying ("sagte, die Lage ist ernst"). None when no content clause
    follows (another subordinate clause: "sagte, weil ..."); else a one-item list of its character range (None
    inside where that clause is empty)."""
    T, L = ex.d.T, ex.d.L
    nxt = L[j + 1]
    if nxt in lx.CONJ_CLAUSE or T[j] == ":" or any(
            ex.d.mood(k) in ("sub1", "sub2") for k in range(j + 1, min(hi, j + 12))) or (
            any(L[k] == "zu" or ZU_INF.match(L[k]) for k in range(j + 1, hi))
            and nxt not in lx.SUBORD) or (
            L[i] in lx.SAY_V2 and v2_clause(ex, j + 1, hi)):
        if nxt in lx.SUBORD and nxt not in lx.CONJ_CLAUSE:
            return None
        return [ex.content_range(j + 1, hi)]
    return None


def dass_frame(ex, si, lo, hi, lexical: bool) -> bool:
    """A main clause with a subject and a verb or speech noun, then a dass-clause: "X zeigte sich optimistisch,
    dass ...", "X hoffte, dass ...", "die Forderung, dass ...". With `lexical`, only speech nouns (the verb
    frames cover the verbs); otherwise any finite verb with a subject."""
    T, L = ex.d.T, ex.d.L
    for k in range(lo + 2, hi - 2):
        if L[k] not in ("dass", "daß") or ex.in_quote[k] or ex.used[k]:
            continue
        p = k - 1 if T[k - 1] == "," else k
        w = L[p - 1]
        if w in lx.DASS_BLOCK or T[p - 1] in CLAUSE_END or ex.in_quote[p - 1]:
            continue
        ca, _ = clause_bounds(ex, p - 1, lo, hi)
        noun = lx.is_speech_noun(w) and is_cap(T[p - 1])
        if lexical and not noun:
            continue
        if noun:
            a = p - 1
            while a > ca and (L[a - 1] in lx.DET or adjlike(L[a - 1])):
                a -= 1
            cue = [(a, p)]
            # Whose claim: a genitive/von-phrase after the noun is rare before "dass"; take the clause subject.
            v = next((m for m in range(ca, a) if T[m].islower() and L[m] not in lx.DET and L[m] not in lx.PREP
                      and not lx.is_adverb(L[m]) and L[m].isalpha()), None)
            sp = None
            if v is not None:
                sp, _ = speaker_for(ex, v, lo, p, {x for x in range(a, p)})
                if sp and sp[0] <= a < sp[1]:
                    sp = None
        else:
            if is_cap(T[p - 1]) or ca >= p - 1 and L[ca] in lx.SUBORD:
                continue
            if L[ca] in lx.SUBORD or L[ca] in lx.CONJ_CLAUSE or (ca > lo and L[ca] in (
                    "der", "die", "das", "welche", "und", "oder", "aber")):
                continue
            v = next((m for m in range(ca, p) if T[m].islower() and T[m].isalpha() and L[m] not in lx.DET
                      and L[m] not in lx.PREP and not lx.is_adverb(L[m]) and L[m] not in lx.PRONOUNS
                      and m > ca and L[m].endswith(("t", "te", "ten", "en", "e"))), None)
            if v is None:
                continue
            cue = [(v, v + 1)]
            sp, _ = speaker_for(ex, v, lo, p, {v})
            if sp is None or sp[1] - sp[0] == 1 and L[sp[0]] in ("es", "das", "dies"):
                continue  # "Das zeigt, dass ...": a pronoun, not "Das Gericht"
        c = ex.content_range(k, hi)
        if c is None:
            continue
        ex.consume(*cue, sp)
        ex.recs.append(Rec("indirect", si, cue, sp, [c], medium="unknown", berufung=cited_sources(ex, lo, hi)))
        return True
    return False
