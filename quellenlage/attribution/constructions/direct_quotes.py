"""Direct quotes: a quotation and its frame, in every quote style.

The frame of a quotation is looked for to its right (", sagte er.", ", so der Sprecher."), then to its left ("Er
sagte: „...“", "Er nannte das „...“"), then in a sentence before that ends in a colon. A quotation with no frame
that stands as a sentence of its own goes on with the previous speaker (`free_indirect.py` fills it in), unless
the clause before its colon is a frame without a speech verb ("Die Anwohner sehen das gelassen: „...“"). Short
quotes without a frame are titles or scare quotes; `attributions.py` nests them in the attribution around them.

It runs twice: first over the quotes that stand as clauses, before any sentence is read, so a quote's frame is
not read again as a verb frame; then over the quotes embedded in a clause that no sentence reader took as (part
of) its content ("Der Minister kritisierte die „völlig überzogenen Forderungen“").
"""
from __future__ import annotations

from .. import lexicon as lx
from .noun_phrases import named, noun_phrase, skip_adverbials, subject_np
from .speech_verbs import finite_cue, speaker_for
from .state import Rec
from .tokens import CLAUSE_END, QUOTE_CHARS, is_cap


def direct_quotes(ex, embedded: bool = False):
    """Quotes with their frames. First pass: clause-like quotes; second pass (embedded=True): the quotes
    embedded in a clause that no frame of the sentence pass has taken as (part of) its content."""
    T, L = ex.d.T, ex.d.L
    taken: list[tuple[int, int]] = []
    covered = [(a, b) for r in ex.recs for a, b in r.content] if embedded else []
    for qa, qb, cs, ce in ex.quotes:
        si = ex.tok_sent[qa]
        sj = ex.tok_sent[min(qb - 1, ex.d.n - 1)]
        if si < 0 or sj < 0:
            continue
        if cs < len(ex.text) and ex.text[cs] == "‚":
            continue  # nested single quotes come out of the enclosing attribution
        if embedded and title_quote(ex, qa, qb):
            continue
        like = _clause_like(ex, qa, qb, ex.sents[si][0], ex.sents[sj][1])
        if like == embedded:
            continue
        if embedded and any(a <= cs and ce <= b for a, b in covered):
            continue
        inner = qb - qa - 2
        lo = ex.sents[si][0]
        hi = ex.sents[sj][1]
        found = None
        # Right zone: ", sagte er." / ", so der Sprecher."
        for j in range(qb, hi):
            if ex.used[j] or ex.in_quote[j] and not (qa <= j < qb):
                break
            if L[j] == "so" and j == qb + 1 and T[qb] == ",":
                np = noun_phrase(ex, j + 1, hi)
                if np:
                    found = ([(j, j + 1)], "spoken", np, None)
                break
            found = _frame_at(ex, j, qb, hi)
            if found:
                break
            if T[j] in (".", "!", "?") or T[j][:1] in QUOTE_CHARS:
                break
        if found is None:
            # Left zone: "Er sagte: „...“" or "Er nannte das „...“".
            for j in range(qa - 1, lo - 1, -1):
                if ex.in_quote[j] or T[j][:1] in QUOTE_CHARS:
                    break
                found = _frame_at(ex, j, lo, qa)
                if found:
                    break
        # A whole-sentence quote after a sentence ending in ":" with a frame.
        if found is None and si > 0 and T[qa - 1 if qa else 0] != ":":
            plo, phi = ex.sents[si - 1]
            if qa == lo and phi - 1 >= plo and T[phi - 1] == ":":
                for j in range(plo, phi):
                    found = _frame_at(ex, j, plo, phi)
                    if found:
                        break
        if found is None and inner < 4:
            continue  # scare quotes, titles: nested ones are added later from the enclosing attribution
        if found is None:
            # Quote standing alone: the previous speaker goes on talking.
            if qa != lo and not (qa > 0 and T[qa - 1] == ":"):
                continue
            rec = Rec("direct", si, [(qa, qa + 1)], None, [(cs, ce)], cue_implicit=True)
            rec.speaker_from = -1
            if qa > lo + 2 and T[qa - 1] == ":":
                # "Die Bewohner sehen das gelassen: „...“", "Hier sparte X nicht mit Kritik: „...“": the
                # clause before the colon is the frame; its finite verb the cue, its subject the speaker.
                fr = _colon_frame(ex, lo, qa - 1)
                if fr is not None:
                    v, subj = fr
                    rec.speaker, rec.speaker_from = subj, None
                    if v is not None:
                        rec.cue, rec.cue_implicit = [(v, v + 1)], False
                        ex.consume((lo, qa - 1))
            ex.recs.append(rec)
            continue
        cue, medium, sp, addr = found
        ex.consume(*cue, sp)
        # Mark the whole frame zone as used so the sentence pass does not read it again.
        for k in range(lo, hi):
            if not (qa <= k < qb) and not ex.in_quote[k]:
                if min(r[0] for r in cue) - 12 <= k <= max(r[1] for r in cue) + 12:
                    ex.used[k] = True
        ex.consume((qa, qb))
        ex.recs.append(Rec("direct", si, cue, sp, [(cs, ce)], medium=medium, addressee=addr))
        taken.append((cs, ce))


def _frame_at(ex, j: int, lo: int, hi: int):
    """(cue ranges, medium, speaker, addressee) of the speech verb at token j of the frame zone [lo, hi), or None
    when token j is no speech verb."""
    c = finite_cue(ex, j, lo, hi)
    if not c:
        return None
    sp, addr = speaker_for(ex, c[2], lo, hi, {k for r in c[0] for k in range(*r)})
    return c[0], c[1], sp, addr


def _clause_like(ex, qa: int, qb: int, lo: int, hi: int) -> bool:
    """A quote that stands as a clause of its own (after a sentence start, colon, comma or dash, and followed
    by punctuation) rather than a term or phrase embedded in a clause ("sagte der „Zeitung“, dass ...")."""
    T = ex.d.T
    before = qa <= lo or T[qa - 1] in (":", ",", "(", "–", "—", "-", ".") or T[qa - 1][:1] in QUOTE_CHARS
    after = qb >= hi or T[qb] in (",", ".", "!", "?", ")", "–", "—", ";", ":") or \
        T[qb - 2] in (".", "!", "?", ",", "…")
    return before and after


def _colon_frame(ex, lo: int, colon: int):
    """(finite verb or None, subject) of the clause [lo, colon) before a colon that introduces a quote."""
    T, L = ex.d.T, ex.d.L
    a = lo
    while a < colon and (T[a] in CLAUSE_END or T[a][:1] in QUOTE_CHARS or ex.d.doc[a].is_space):
        a += 1
    if colon - a < 2 or any(ex.in_quote[k] for k in range(a, colon)):
        return None
    for k in range(a, colon):  # only the last clause before the colon
        if T[k] in (",", ";", "–", "—") and k + 1 < colon:
            a = k + 1
    if colon - a < 2:
        return None
    if colon - a <= 3 and all(is_cap(T[k]) or L[k] in lx.DET for k in range(a, colon)):
        return None  # "Agentur: ..." headline sources are read elsewhere
    subj = subject_np(ex, a, colon)
    if subj is not None:
        v = subj[1]
        if T[v].islower() and not named(ex, subj) and L[subj[0]] not in lx.PRONOUNS:
            # "Die Anwendung stellte der Vorsitzende X in Frage:": a fronted object, the name is the subject.
            j, _ = skip_adverbials(ex, v + 1, colon)
            while j < colon and L[j] == "sich":
                j += 1
            if j < colon and L[j] in ("er", "sie"):
                return v, (j, j + 1)
            np2 = noun_phrase(ex, j, colon, allow_pron=False) if j < colon else None
            if np2 is not None and named(ex, np2):
                return v, np2
        return (v if T[v].islower() else None), subj
    # Fronted adverbial or object: verb second, subject after it.
    v = next((k for k in range(a + 1, min(colon, a + 8)) if T[k].islower() and T[k].isalpha()
              and L[k] not in lx.DET and L[k] not in lx.PREP and not lx.is_adverb(L[k])
              and (L[k] in lx.AUX_FINITE or ex.d.mood(k) is not None or L[k] in lx.CUE_FINITE
                   or L[k].endswith(("te", "ten", "t")))), None)
    if v is None:
        return None
    j, _ = skip_adverbials(ex, v + 1, colon)
    np = noun_phrase(ex, j, colon) if j < colon else None
    if np is None or L[np[0]] in ("es", "man", "das", "dies"):
        return None
    return v, np


def title_quote(ex, qa: int, qb: int) -> bool:
    """A short quoted name or title: „Der Spiegel“, Agentur „Xinhua“, Operation „Cast Lead“, „Golem“. Short
    quotes of capitalised words only are names far more often than quotations."""
    T = ex.d.T
    inner = [t for t in T[qa + 1:qb - 1] if t.isalnum() or len(t) > 1]
    if inner and 2 <= len(inner) <= 8 and is_cap(inner[0]) and T[qb - 2] not in (".", "!", "?", "…"):
        # Names of bodies, laws, books and slogans: „Rat für nationale Sicherheit“, „Gesetz über den
        # Verfassungsschutz“ — mostly capitalised words and no finite verb.
        words = [t for t in inner if t.isalpha()]
        caps = sum(1 for t in words if is_cap(t))
        if words and caps * 2 > len(words) and not any(ex.d.mood(k) is not None for k in range(qa + 2, qb - 1)):
            return True
    if not inner or len(inner) > 4 or not all(is_cap(t) or t.isdigit() for t in inner):
        return False
    return len(inner) <= 3 or inner[0].lower() in ("der", "die", "das", "the", "le", "la", "el", "il")
