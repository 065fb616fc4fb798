"""Speech verbs and their speakers: the cue and the speaker of a verb frame.

`finite_cue` tells whether a token is a speech verb (finite, a participle with its auxiliary, or a verb with its
separated particle: "teilte ... mit") and `speaker_for` finds who speaks: the Vorfeld when it is a noun phrase,
else the subject after the verb, with the passive agent, "zitiert X mit den Worten" and relative subjects read on
the way. The verb frames, dass-clauses, direct quotes, wie-clauses and back-pointer frames all read their cue and
speaker here.
"""
from __future__ import annotations

from .. import en_subjects, speakers
from .. import lexicon as lx
from .konjunktiv import middle_frame
from .noun_phrases import NON_SUBJECT_VORFELD, clause_bounds, noun_phrase, skip_adverbials
from .tokens import CLAUSE_END, QUOTE_CHARS, adjlike, is_cap


def finite_cue(ex, i: int, lo: int, hi: int):
    """If token i is a speech verb (finite, participle with aux, or particle-joined), return
    (cue token ranges, medium, finite index, is_verb_final)."""
    T, L = ex.d.T, ex.d.L
    l = L[i]
    if ex.in_quote[i] or not T[i][:1].islower() and i != lo:
        return None
    if ex.en and en_subjects.noun_use(ex, i):
        return None  # "after reports that ...", "rejected the claims": a noun, not the verb
    a, b = clause_bounds(ex, i, lo, hi)
    if _attributive(ex, i, a, hi):
        return None
    if l in ("heißt", "hieß", "hiess") and i + 1 < hi and L[i + 1] == "es":
        return [(i, i + 2)], "written", i, False
    if l == "es" and i + 1 < hi and L[i + 1] in ("heißt", "hieß") and i > lo and T[i - 1] == ",":
        return [(i, i + 2)], "written", i + 1, False
    if l in lx.CUE_FINITE:
        entries = lx.CUE_FINITE[l]
        # Is it a participle/infinitive after an aux in the same clause?
        aux = next((k for k in range(a, i) if L[k] in lx.AUX_FINITE), None)
        for particle, medium in sorted(entries, key=lambda e: -len(e[0])):
            if particle:
                p = next((k for k in range(b - 1, i, -1) if L[k] == particle), None)
                if p is None:
                    p = _particle_after_apposition(ex, b, hi, particle)
                if p is None:
                    continue
                return [(i, i + 1), (p, p + 1)], medium, i, False
            if aux is not None and (l.startswith("ge") or l.endswith(("t", "en"))) and aux < i:
                return [(aux, aux + 1), (i, i + 1)], medium, aux, True
            if aux is None and l.endswith("t"):  # "erklärt" is also a participle: "hatte X, Y, erklärt"
                aux = _aux_before_apposition(ex, a, i, lo)
                if aux is not None:
                    return [(aux, aux + 1), (i, i + 1)], medium, aux, True
            return [(i, i + 1)], medium, i, False
    if l in lx.CUE_PARTICIPLE or l in lx.CUE_JOINED:
        medium = lx.CUE_PARTICIPLE.get(l) or lx.CUE_JOINED.get(l)
        aux = next((k for k in range(a, i) if L[k] in lx.AUX_FINITE), None)
        if aux is None:
            aux = next((k for k in range(i + 1, min(b, i + 3)) if L[k] in lx.AUX_FINITE), None)
            if aux is not None:
                return [(i, i + 1), (aux, aux + 1)], medium, i, True
            aux = _aux_before_apposition(ex, a, i, lo)
            if aux is not None:
                return [(aux, aux + 1), (i, i + 1)], medium, aux, True
            return [(i, i + 1)], medium, i, True
        return [(aux, aux + 1), (i, i + 1)], medium, aux, True
    return None


def _aux_before_apposition(ex, a: int, i: int, lo: int) -> int | None:
    """The finite auxiliary of participle i when the clause of i begins right after an apposition: "Vor kurzem
    hatte ein Sprecher der Rebellen, Karl Muster, erklärt, ..." (the commas of the apposition cut the clause).
    Only noun-phrase words may stand between auxiliary and participle (no other verb, no relative or
    subordinate clause); None otherwise."""
    T, L = ex.d.T, ex.d.L
    # the apposition closes with a name right before the comma, and the participle follows it at once
    if ex.en or a <= lo + 1 or T[a - 1] != "," or not is_cap(T[a - 2]) or i - a > 3:
        return None
    for x in range(a - 1, max(lo, i - 25) - 1, -1):
        if L[x] in lx.AUX_FINITE:
            return x if x + 1 < a - 1 and x > lo else None
        if T[x] in (".", ";", ":", "!", "?", "–", "—") or T[x][:1] in QUOTE_CHARS or ex.in_quote[x]:
            return None
        if T[x] == "," and (L[x + 1] in speakers.REL_PRONOUNS and T[x + 1].islower() or L[x + 1] in lx.SUBORD
                            or L[x + 1] in lx.CONJ_CLAUSE):
            return None
        if not (is_cap(T[x]) or T[x] in (",", "(", ")", "-") or L[x] in lx.DET or L[x] in lx.PREP or L[x].isdigit()
                or L[x] == "und" or adjlike(L[x]) and L[x] not in ("worden", "geworden") and ex.d.mood(x) is None):
            return None  # another verb or clause between
    return None


def _attributive(ex, i: int, a: int, hi: int) -> bool:
    """An inflected participle between an article and its noun is an adjective, not a verb: "die für
    gewöhnlich gut informierte Zeitung", "das gestern mitgeteilte Ergebnis" (some word must stand between
    article and participle: "Das teilte X mit" is a frame)."""
    T, L = ex.d.T, ex.d.L
    if ex.en or i + 1 >= hi or not is_cap(T[i + 1]) or not L[i].endswith(("e", "en", "er", "es", "em")):
        return False
    k = i - 1
    while k >= a and T[k].islower() and T[k].isalpha() and L[k] not in lx.DET and L[k] not in lx.AUX_FINITE \
            and L[k] not in lx.PRONOUNS and ex.d.mood(k) is None:
        k -= 1
    return k >= a and k < i - 1 and L[k] in lx.DET


def speaker_for(ex, vfin: int, clause_lo: int, hi: int, cue_tokens: set[int]):
    """Speaker of a verb frame (see `speaker_main`) and its addressee; when none is found, the noun phrase
    opening the sentence ("Günther Platter, der ..., sagte: ...", "X hat ... gesprochen und behauptet, ...")."""
    sp, addr = speaker_main(ex, vfin, clause_lo, hi, cue_tokens)
    if sp is not None and addr is None and sp[1] <= vfin:
        # The subject stands before the verb: a noun phrase right after it is spoken to ("X teilte CNN mit").
        addr = speakers.addressee_after(ex, vfin, hi, cue_tokens)
    if sp is not None or ex.d.L[vfin] in ("heißt", "hieß", "hiess"):
        return sp, addr
    if ex.d.L[vfin] in ("wurde", "wurden", "wird", "werden") and any(
            ex.d.L[k] in lx.CUE_PARTICIPLE for k in cue_tokens):
        return sp, addr  # agentless passive: the sentence opens with what was said, not who said it
    T, L = ex.d.T, ex.d.L
    a = clause_lo
    while a < vfin and (T[a] in CLAUSE_END or T[a][:1] in QUOTE_CHARS or ex.in_quote[a]):
        a += 1
    if ex.en:
        a = en_subjects.skip_lead(ex, a, vfin)  # "Asked about X, Petrov ... and denied that": Petrov
    if a >= vfin or L[a] in lx.PREP or lx.is_adverb(L[a]) or L[a] in lx.SUBORD or L[a] in lx.CONJ_CLAUSE \
            or L[a] in NON_SUBJECT_VORFELD or L[a] in ("den", "dem", "einem", "einen", "des", "eines"):
        return sp, addr
    np = noun_phrase(ex, a, vfin, allow_pron=True)
    if np and L[np[0]] not in ("es", "man"):
        return np, addr
    return sp, addr


def speaker_main(ex, vfin: int, clause_lo: int, hi: int, cue_tokens: set[int]):
    """Speaker of a verb frame: the Vorfeld when it is a noun phrase, otherwise the subject after the verb."""
    T, L = ex.d.T, ex.d.L
    addressee = None
    ca, cb = clause_bounds(ex, vfin, clause_lo, hi)
    if ca < vfin and L[ca] in ("wie", "as"):
        return noun_phrase(ex, ca + 1, vfin), None
    # Passive frame: "X wurde von Y aufgefordert/beschuldigt" -> Y.
    if any(L[k] in ("wurde", "wurden", "wird", "werden", "worden") for k in range(ca, cb)):
        for k in range(ca, cb - 1):
            if L[k] in ("von", "vom") and k + 1 < cb and not ex.in_quote[k]:
                np = noun_phrase(ex, k + 1, cb, allow_pron=False)
                if np and any(k2 in cue_tokens or L[k2] in lx.CUE_PARTICIPLE for k2 in range(np[1], cb)):
                    return np, None
        if L[vfin] in ("wurde", "wurden", "wird", "werden") and any(
                L[k] in lx.CUE_PARTICIPLE for k in cue_tokens):
            # Agentless passive "Die Nachricht wurde dementiert": the subject is what was said, not who.
            return None, None
    # Verb-final clause after a comma: "..., da die PDM angekündigt hatte, ..." -> the subject after "da".
    if clause_lo < ca < vfin and T[ca - 1] == "," and (L[ca] in lx.SUBORD or L[ca] in lx.CONJ_CLAUSE) \
            and L[ca] not in ("wie", "as", "was", "wer"):
        np = noun_phrase(ex, ca + 1, vfin)
        if np:
            return np, None
    # A nominative pronoun right after the finite verb is the subject ("Als Begründung gab er an").
    if L[vfin] in ("zitiert", "zitierte", "zitieren", "zitierten") and vfin + 1 < hi and L[vfin + 1] not in (
            "man", "er", "sie", "es") and vfin > ca and T[vfin - 1] not in CLAUSE_END \
            and T[vfin - 1][:1] not in QUOTE_CHARS \
            and not any(L[k] in ("wird", "wurde", "werden", "wurden") for k in range(ca, cb)):
        np = noun_phrase(ex, vfin + 1, hi, allow_pron=False)  # "Die Zeitung zitiert den Minister mit den Worten"
        if np and is_cap(T[np[1] - 1]):
            return np, None
    if L[vfin] in ("zitiert", "zitierte") and vfin > 0 and (T[vfin - 1] == "," or T[vfin - 1][:1] in QUOTE_CHARS):
        # "„...“, zitierte die Zeitung den Minister": the second noun phrase is the one quoted.
        np1 = noun_phrase(ex, vfin + 1, hi, allow_pron=True)
        if np1 is None and vfin + 2 < hi and "." in T[vfin + 1].strip("."):
            np1 = (vfin + 1, vfin + 2)  # a web site: "zitiert tagesschau.de X"
        if np1 and np1[1] < hi and (L[np1[1]] in lx.DET or is_cap(T[np1[1]])):
            np2 = noun_phrase(ex, np1[1], hi, allow_pron=False)
            if np2:
                return np2, None
    if vfin + 1 < hi and L[vfin + 1] == "man" and L[vfin].startswith("zitiert"):
        np = noun_phrase(ex, vfin + 2, hi, allow_pron=False)  # "..., zitierte man X"
        if np:
            return np, None
    if vfin + 1 < hi and L[vfin + 1] in ("er", "ich", "wir", "man") and T[vfin - 1] not in (",",) \
            and vfin > clause_lo and T[vfin - 1] not in (".", ":", "!", "?"):
        return (vfin + 1, vfin + 2), None
    # Vorfeld: from clause start to the finite verb.
    a = vfin
    while a > clause_lo and T[a - 1] not in (";", ":", ".", "!", "?") and T[a - 1][:1] not in QUOTE_CHARS:
        a -= 1
    if ex.en:
        a = en_subjects.skip_lead(ex, a, vfin)  # "On Tuesday the newspaper X reported", "Asked ..., X said"
    else:
        a = _coordinated_clause_start(ex, a, vfin)
    rel = speakers.relative_subject(ex, vfin, a)
    if rel is not None:  # "Eine Quelle, die anonym bleiben wollte, teilte CNN mit": not a fronted content
        return rel, speakers.addressee_after(ex, vfin, hi, cue_tokens)
    # A comma right before the verb means a fronted content clause (", sagte er"): subject comes after.
    fronted = T[vfin - 1] == "," and (
        any(ex.d.mood(k) is not None or ex.in_quote[k] or T[k][:1] in QUOTE_CHARS for k in range(a, vfin - 1))
        or L[a] in lx.CONJ_CLAUSE or vfin - a > 14 or middle_frame(ex, vfin, hi))
    if a < vfin and not fronted:
        first = L[a]
        pre = (a, vfin)
        oblique = first in ("den", "dem", "einem", "einen", "des", "eines", "ihm", "ihr", "ihnen", "uns", "mir") or (
            first == "als" and a + 1 < vfin)
        if first in ("auch", "nur", "selbst", "sogar", "ebenfalls", "besonders", "gerade", "doch", "aber", "und",
                     "denn", "jedoch") and a + 1 < vfin:
            # "Auch einige kleinere Parteien haben angekündigt": a focus particle before the subject;
            # "Doch der Geheimdienst erklärte": a conjunction before the Vorfeld; "Auch die Ministerin,
            # Hanna Beispiel, sagte": an apposition closed by its comma.
            np = noun_phrase(ex, a + 1, vfin)
            if np and np[1] == vfin - 1 and T[vfin - 1] == "," and any(T[k] == "," for k in range(*np)):
                np = (np[0], vfin)
            # "Auch das zeigt ...": a pronoun; "Auch das Institut vermutet": an article.
            if np and np[1] == vfin and not (np[1] - np[0] == 1 and L[np[0]] in ("es", "das", "dies", "man")):
                return np, None
        if oblique:
            pass  # fronted object or "als X": the subject follows the verb
        elif first in lx.SUBORD and first in lx.PREP and vfin + 1 < hi and T[vfin + 1] not in CLAUSE_END \
                and L[vfin + 1] not in lx.AUX_FINITE and (L[vfin + 1] in lx.DET or is_cap(T[vfin + 1])):
            pass  # "Während Putins Besuch versprachen die Länder": a prepositional Vorfeld, verb second
        elif first == "wie" or first in lx.SUBORD or first in lx.CONJ_CLAUSE:
            np = noun_phrase(ex, a + 1, vfin)
            if np:
                return np, None
        elif first not in lx.PREP and not lx.is_adverb(first) and not (vfin - a == 1 and first in NON_SUBJECT_VORFELD) \
                and first not in lx.WEEKDAYS and not first.isdigit():
            np = noun_phrase(ex, a, vfin)
            # "Kurz nach der Wahl erklärte der Rat": a time, the subject follows the verb
            temporal = np is not None and L[np[1] - 1] in lx.TIME_NOUNS
            if np and not temporal:
                return np, None
            # Vorfeld that is not a clean NP: take its last capitalised run as a fallback.
            if not temporal and vfin - a <= 12 and any(is_cap(T[k]) for k in range(a, vfin)):
                return pre, None
    if L[vfin] in ("heißt", "hieß", "hiess"):
        # "In dem Bericht heißt es, ..." / "..., heißt es in der Erklärung der Regierung."
        for k in list(range(a, vfin)) + list(range(vfin + 1, min(hi, vfin + 4))):
            if L[k] in ("in", "im", "auf", "aus", "bei") and k + 1 < hi:
                np = noun_phrase(ex, k + 1, hi, allow_pron=False)
                if np:
                    return np, None
        return None, None
    j, addressee = skip_adverbials(ex, vfin + 1, hi)
    while j < hi and (j in cue_tokens or L[j] == "sich" or L[j] == "es" and j + 1 < hi and (
            is_cap(T[j + 1]) or L[j + 1] in lx.DET) and L[vfin] not in ("heißt", "hieß", "hiess")):
        j += 1  # ", äußerte sich X"; "Als Aufgabe sah es der Minister an": "es" is the object, X the subject
    j, addr2 = skip_adverbials(ex, j, hi)
    addressee = addressee or addr2
    np = noun_phrase(ex, j, hi)
    if ex.en:
        np = en_subjects.extend_compound(ex, np, hi)  # "..., said the police chief."
    if np and L[np[0]] == "es" and L[vfin] in ("heißt", "hieß", "hiess"):
        return None, addressee
    if np is None or (np[1] - np[0] == 1 and L[np[0]] == "es"):
        return None, addressee
    # Dative addressee right after the verb: "sagte der Zeitung X" is rare; keep it simple.
    return np, addressee


_COORD = ("und", "oder", "aber", "doch", "sondern", "denn", "jedoch")


def _coordinated_clause_start(ex, a: int, vfin: int) -> int:
    """Start of the Vorfeld of the last of coordinated main clauses: "Der Rat stufte das Gesetz als
    verfassungswidrig ein, und das Kinderhilfswerk rief Russland auf, ..." -> "das Kinderhilfswerk". The
    conjunction follows a comma ("und"/"oder") or is adversative ("doch", "aber"), and only a noun phrase stands
    between it and the verb; a coordinated subject ("X und Y sagten") has no comma and stays whole."""
    T, L = ex.d.T, ex.d.L
    for k in range(vfin - 2, a, -1):
        if ex.in_quote[k]:
            continue
        if L[k] not in _COORD:
            if T[k] == "," and k > a + 2 and _comma_clause(ex, a, k, vfin):
                return k + 1  # "X wies das zurück, die Sprecherin der Partei, Y, erklärte: ..."
            continue
        if L[k] in ("und", "oder") and T[k - 1] != ",":
            continue
        np = noun_phrase(ex, k + 1, vfin, allow_pron=True)
        if np is not None and np[1] == vfin:
            return k + 1
        return a
    return a


def _comma_clause(ex, a: int, k: int, vfin: int) -> bool:
    """Main clauses joined by a comma alone: a finite verb stands before the comma at k (no subordinate or
    relative clause opens there) and a noun phrase opening with an article fills the stretch from k to the verb,
    with an apposition ("die Sprecherin der Partei, Y,")."""
    T, L = ex.d.T, ex.d.L
    if L[k + 1] not in lx.DET or L[k + 1] in speakers.REL_PRONOUNS and not is_cap(T[k + 2]):
        return False
    np = noun_phrase(ex, k + 1, vfin, allow_pron=False)
    if np is None or not (np[1] == vfin or np[1] == vfin - 1 and T[vfin - 1] == ","):
        return False
    if any(L[x] in lx.SUBORD or L[x] in lx.CONJ_CLAUSE for x in range(a, k)):
        return False
    return any(T[x].islower() and (ex.d.mood(x) is not None or L[x] in lx.CUE_FINITE) for x in range(a + 1, k))


def _particle_after_apposition(ex, b: int, hi: int, particle: str) -> int | None:
    """The separated particle right after an apposition that closes the clause: "Jetzt gab der Leiter der
    Dienststelle, Andreas Huber, bekannt, dass ..." (the apposition's commas cut the clause before "bekannt")."""
    T, L = ex.d.T, ex.d.L
    if ex.en or b >= hi or T[b] != ",":
        return None
    m = b + 1
    while m < hi and m - b <= 8 and (is_cap(T[m]) or T[m] in ("(", ")", "-") or L[m].isdigit()
                                     or L[m] in ("von", "vom", "van", "de", "der", "la", "al")):
        m += 1
    if m == b + 1 or m + 1 >= hi or T[m] != "," or L[m + 1] != particle or not is_cap(T[b + 1]):
        return None
    return m + 1
