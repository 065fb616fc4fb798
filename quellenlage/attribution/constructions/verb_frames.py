"""Verb frames: a speech verb with its speaker, and the content after, before or around it.

"X teilte mit, dass ...", "X sagte, er habe ...", "X erklärte: ...", "Der Fahrer sei betrunken gewesen, sagte X",
"Die Lage, sagte er, sei ernst", and reported speech without a content clause ("X kündigte ... an": the whole
sentence is the content). The first speech verb of a sentence, outside quotes and the tokens earlier readers
used, that gives a frame with a content is the frame; which clause is its content is read in
`dass_clauses.complement_after` (after the frame) and `konjunktiv` (before and around it). A verb-final "wie X
sagte" clause hands over to `wie_clauses.wie_frame`. It runs after the headline, back-pointer and
sentence-initial wie readers; a source phrase may replace a reported-speech record it made (`rules._sentence`).
"""
from __future__ import annotations

from .. import en_subjects
from .. import lexicon as lx
from .citations import cited_aside, cited_sources
from .dass_clauses import complement_after
from .konjunktiv import content_before, middle_frame
from .noun_phrases import clause_bounds
from .speech_verbs import finite_cue, speaker_for
from .state import Rec
from .tokens import CLAUSE_END, QUOTE_CHARS
from .wie_clauses import wie_frame

# English reported clauses that follow the verb without "that" or a comma: "said it had ...", "said he would".
EN_CLAUSE_SUBJECTS = {"it", "he", "she", "they", "we", "i", "there"}


def verb_frames(ex, si, lo, hi) -> bool:
    """Read sentence si [lo, hi) as a speech verb frame (see the module docstring); True when one was found."""
    T, L = ex.d.T, ex.d.L
    for i in range(lo, hi):
        if ex.used[i] or ex.in_quote[i]:
            continue
        c = finite_cue(ex, i, lo, hi)
        if not c:
            continue
        cue, medium, vfin, _final = c
        cue_tokens = {k for r in cue for k in range(*r)}
        if any(ex.used[k] for k in cue_tokens):
            continue
        ca, cb = clause_bounds(ex, i, lo, hi)
        if ca > lo and L[ca] in ("der", "die", "das", "welche", "welcher", "den", "dem") and T[ca - 1] == ",":
            continue  # relative clause "..., die sagte, ..." is rarely a frame of its own
        while ca > lo and T[ca - 1][:1] in QUOTE_CHARS:  # a quoted name inside the clause: „Aktion X“
            q = next((a for a, b, _, _ in ex.quotes if b == ca and b - a <= 8), None)
            if q is None:
                break
            ca = clause_bounds(ex, q, lo, hi)[0] if q > lo else lo
        if not ex.en and L[ca] == "wie" and (ca == lo or T[ca - 1] in (",", "(", "–", "—")) \
                and wie_frame(ex, si, lo, hi, ca, cb, cue, medium):
            return True
        sp, addr = speaker_for(ex, vfin, lo, hi, cue_tokens)
        if ex.en and sp and sp[1] < vfin and not any(T[k] in CLAUSE_END or L[k] in ("and", "but", "or")
                                                       for k in range(sp[1], vfin)):
            sp = (sp[0], vfin)  # English subjects run up to the verb: "The regional newspaper X reported"
            sp = en_subjects.trim_time(ex, sp)  # ... but not over "on Monday" before it
        last_cue = max(r[1] for r in cue)
        frame_end = max(last_cue, sp[1] if sp else 0, addr[1] if addr else 0)
        # Content after the frame: ", dass ..." / ", er habe ..." / ": ..." / ", zu ..."
        content = None
        typ = "indirect"
        j = frame_end
        while j < hi and T[j] not in (",", ":") and not ex.in_quote[j]:
            # English reported clauses need no comma: "said (on Monday) that ...", "said it had ...".
            if ex.en and (L[j] == "that" or (j == frame_end and L[j] in EN_CLAUSE_SUBJECTS)):
                break
            if T[j][:1] in QUOTE_CHARS:
                q = ex.q_at.get(j)
                if q is None or q - j > 8:  # a short quoted name in the frame ("sagte der „Zeitung“") is skipped
                    break
                j = q
                continue
            j += 1
        if ex.en and j + 1 < hi and T[j] == "," and L[j + 1] in ("citing", "quoting"):
            # "reported, citing a worker at the plant, that ...": the sources sit between the commas.
            j = next((k for k in range(j + 2, hi) if T[k] == "," or L[k] == "that"), hi)
            if j < hi and T[j] == ",":
                j += 1
        cite_end = cited_aside(ex, j, hi)
        if cite_end is not None:
            j = cite_end  # "berichtete X, gestützt auf Y, dass ...": the sources sit between the commas
        if ex.en and j + 1 < hi and (L[j] == "that" or (j == frame_end and L[j] in EN_CLAUSE_SUBJECTS)):
            content = [ex.content_range(j + (L[j] == "that"), hi)]
        elif j < hi and T[j] in (",", ":") and j + 1 < hi:
            content = complement_after(ex, i, j, hi)
        if content is not None and vfin > lo and T[vfin - 1] == "," and middle_frame(ex, vfin, hi):
            content.insert(0, ex.content_range(lo, vfin - 1))
        # Content before the frame: "Die Lage sei ernst, sagte er." (frame starts after a comma)
        if content is None and vfin > lo and T[vfin - 1] == "," and not (sp is not None and sp[1] <= vfin):
            # (with the speaker before the verb, what stands there is the speaker: "Ein Mitarbeiter, der
            # anonym bleiben möchte, sagte ...")
            content = content_before(ex, lo, vfin, j, hi, sp)
        if content is None:
            # "Wir müssen handeln", sagte er — handled in the quote pass. Otherwise reported speech.
            stem_ok = any(lx.reported_ok(L[k], L[lo:hi]) for k in cue_tokens)
            if L[i] in lx.NEEDS_CONTENT and not stem_ok or sp is None or not stem_ok:
                continue
            typ = "reported"
            content = [ex.content_range(lo, hi, keep_final=True)]
        content = [c for c in content if c]
        if not content:
            continue
        ex.consume(*((k, k + 1) for k in cue_tokens), sp)
        ber = cited_sources(ex, lo, hi)
        ex.recs.append(Rec(typ, si, cue, sp, content, medium=medium, addressee=addr, berufung=ber))
        return True
    return False
