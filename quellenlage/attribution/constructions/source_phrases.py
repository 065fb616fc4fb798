"""Source phrases: "laut X", "X zufolge", "nach Angaben von X", "nach X", "so X", "demnach", "wonach", "according to X".

Also "nach Müllers Meinung" (a genitive owner), "so zeigen Studien" (a speech verb after "so"), ", nach denen"
(as "wonach") and a sentence-initial "Danach" after a sentence that names a document ("according to it").

A prepositional or adverbial phrase that names a source makes the rest of its clause reported speech with that
source as the speaker: "Laut Polizei wurden zwei Menschen verletzt." The content is the clause without the
phrase (one content when the phrase sits inside the clause, two parts when commas set it off). A source noun
nobody owns ("nach ersten Erkenntnissen") keeps the frame but names no source in the chain. It runs next to the
verb frames of a sentence (`rules._sentence` says when before, when after them) and may replace the
reported-speech record one of them made from a verb alone: "nach Polizeiangaben" says more about the source than
a verb without a content clause.
"""
from __future__ import annotations

from .. import lexicon as lx
from .. import speakers
from .noun_phrases import noun_phrase
from .state import Rec
from .tokens import CLAUSE_END, adjlike, is_cap
from .wie_clauses import wie_source


def source_phrase(ex, si, lo, hi) -> bool:
    """Read sentence si [lo, hi) at its first source phrase (see the module docstring); True when one was found."""
    T, L = ex.d.T, ex.d.L
    for i in range(lo, hi):
        if ex.in_quote[i] or ex.used[i]:
            continue
        l = L[i]
        cue = sp = None
        cited, aside_end = [], None  # sources the source cites in an aside, and where the aside ends
        if l in lx.LAUT and i + 1 < hi:
            sp = noun_phrase(ex, i + 1, hi, allow_pron=False)
            if sp is None and i + 1 < hi and T[i + 1] not in CLAUSE_END:
                # "laut ai-Bericht", "laut bildblog.de", "laut „Welt“", "laut einer am Dienstag veröffentlichten
                # Mitteilung des WFP": up to the next capitalised word (or the quote's end).
                q = next((b for a, b, _, _ in ex.quotes if a == i + 1), None)
                k = q if q else i + 2
                if q is None:
                    m = i + 1
                    while m < min(hi, i + 8) and T[m] not in CLAUSE_END and not is_cap(T[m]):
                        m += 1
                    while m < hi and is_cap(T[m]) and m > i + 1 and T[m] not in CLAUSE_END:
                        np2 = noun_phrase(ex, m, hi, allow_pron=False)
                        k = np2[1] if np2 else m + 1
                        # "einer am Montag veröffentlichten Mitteilung": go on to the head noun.
                        nxt = next((x for x in range(k, min(hi, k + 3)) if is_cap(T[x])), None)
                        if nxt is None or not all(adjlike(L[x]) for x in range(k, nxt)) or nxt == k:
                            break
                        m = nxt
                sp = (i + 1, min(k, hi))
            cue = [(i, i + 1)]
        elif l == "nach" and i > lo and L[i - 1] in lx.OPINION_NOUNS and not ex.used[i - 1]:
            # "Seiner Meinung nach", "Nach Ansicht der Experten" is below; here the postposition.
            a = i - 1
            while a > lo and i - a < 6 and T[a - 1] not in CLAUSE_END and (L[a - 1] in lx.DET or adjlike(L[a - 1])
                                                                            or L[a - 1] in ("meiner", "unserer")):
                a -= 1
            sp, cue = (a, i), [(i, i + 1)]
        elif l == "nach" and i + 2 < hi and _nach_source(ex, i + 1, hi):
            k = _nach_source(ex, i + 1, hi)
            np = noun_phrase(ex, i + 1, hi, allow_pron=False)
            sp = (i + 1, max(k, np[1] if np else k))
            cue = [(i, i + 1)]
        elif l == "according" and i + 2 < hi and L[i + 1] == "to":
            # English "according to X": the source follows, up to the end of its clause.
            k = i + 2
            while k < hi and T[k] not in CLAUSE_END:
                k += 1
            if k < hi and T[k] == ",":  # "the agency's president, Katrin Vogel." — a closing apposition
                j = k + 1
                while j < hi and is_cap(T[j]):
                    j += 1
                if j > k + 1 and (j == hi or T[j] in (".", "!", "?")):
                    k = j
            if k + 3 < hi and T[k] == "," and L[k + 1] in ("which", "who") and L[k + 2] in ("cited", "quoted"):
                # "According to the agency X, which cited the fire service, ...": X relays the fire service.
                end = next((m for m in range(k + 3, hi) if T[m] == ","), None)
                if end is not None and end > k + 3:
                    cited, aside_end = [(k + 3, end)], end
            if k > i + 2:
                sp, cue = (i + 2, k), [(i, i + 2)]
        elif l in lx.ZUFOLGE and i > lo:
            # Walk back over the noun phrase before "zufolge".
            a = i - 1
            while a > lo and T[a - 1] not in CLAUSE_END and not ex.in_quote[a - 1] and i - a < 10 \
                    and (L[a - 1] in lx.DET or is_cap(T[a - 1]) or adjlike(L[a - 1])
                         or L[a - 1] in ("von", "des", "der")):
                a -= 1
            if a < i:
                sp, cue = (a, i), [(i, i + 1)]
        elif l == "nach" and i + 1 < hi and (lx.is_source_noun(L[i + 1]) or L[i + 1] in lx.OPINION_NOUNS) or (
                l == "nach" and i + 2 < hi and adjlike(L[i + 1]) and lx.is_source_noun(L[i + 2])):
            k = i + 1
            while k < hi and not lx.is_source_noun(L[k]):
                k += 1
            np = noun_phrase(ex, k + 1, hi, allow_pron=False) if k + 1 < hi and L[k + 1] not in ("zufolge",) else None
            if k + 1 < hi and L[k + 1] in ("von", "vom", "aus") and np is None:
                np = noun_phrase(ex, k + 2, hi, allow_pron=False)
            sp = (i + 1, np[1] if np else k + 1)
            cue = [(i, i + 1)]
        elif l == "wie" and (i == lo or T[i - 1] == ","):
            # "wie X berichtet/mitteilte" — verb-final clause.
            sp, cue = wie_source(ex, i, lo, hi)
        elif l == "demnach":
            cue, sp = [(i, i + 1)], (i, i + 1)
        elif l == "danach" and _danach_source(ex, si, i, lo, hi):
            cue, sp = [(i, i + 1)], (i, i + 1)
        elif (l == "wonach" or l == "nach" and i + 2 < hi and L[i + 1] == "denen") and i > lo + 1 \
                and T[i - 1] == ",":
            # "ein Bericht der Agentur X, wonach ...", "Umfragen, nach denen ...": the noun phrase before the
            # comma is the source.
            sp = None
            for a in range(max(lo, i - 12), i - 1):
                if L[a] in lx.DET or is_cap(T[a]):
                    np = noun_phrase(ex, a, i - 1, allow_pron=False)
                    if np is not None and np[1] == i - 1:
                        sp = np
                        break
            cue = [(i, i + 1 if l == "wonach" else i + 2)]
            if sp is None:
                sp = cue[0]
        elif l == "so" and i > lo and T[i - 1] in (",", "–", "—", "(") and i + 1 < hi:
            # "..., so urteilte X", "..., so zeigen neue Studien, ...": a speech verb between "so" and its source
            # is part of the cue.
            # "..., so heißt/lautet der Titel" names, it reports nothing.
            j0 = i + 2 if i + 2 < hi and (L[i + 1] in lx.CUE_FINITE or L[i + 1] in lx.WIE_SOURCE_VERBS) else i + 1
            if L[i + 1] in ("heißt", "hieß", "heißen", "lautet", "lautete", "lauten", "lauteten"):
                continue
            np = _so_source(ex, j0, hi, after_verb=j0 == i + 2)
            if np and np[1] < hi - 1 and L[np[1]] in ("weiter", "abschließend", "zudem", "außerdem", "ferner",
                                                     "damals", "einst", "jedoch", "aber", "auch", "selbst"):
                nxt = np[1] + 1
            else:
                nxt = np[1] if np else hi
            if np and (nxt >= hi - 1 or T[nxt] in (":", ")", ".", ",", "(", "im", "in", "am", "–", "—",
                                                    "gegenüber", "vor", "nach", "auf", "bei", "zum", "zur", "über")
                       or (lx.is_source_noun(L[np[1] - 1]) or L[np[1] - 1] in lx.OPINION_NOUNS)) \
                    and L[np[0]] not in ("dass", "es"):
                sp, cue = np, [(i, j0)]
                if nxt > np[1]:
                    cue = [(i, j0), (np[1], nxt)]
                if nxt < hi and T[nxt] not in CLAUSE_END and T[nxt] not in ("(", "–", "—"):
                    # "..., so X gegenüber der Zeitung Y.", "so X am Montag in Berlin": where and to whom X said it
                    # is frame, not content; the frame runs to the end of its clause.
                    aside_end = next((m for m in range(nxt, hi) if T[m] in CLAUSE_END), hi)
        if cue is None:
            continue
        if sp is None:
            continue
        ownerless = all(L[k] in lx.DET and not L[k].startswith(lx.POSSESSIVE) or L[k] in lx.HEDGE_ADJ
                        for k in range(sp[0], sp[1] - 1)) \
            and L[sp[1] - 1] in lx.OWNERLESS_HEDGES \
            and not any(L[k] in speakers.OWN for k in range(*sp))
        frame_lo = min(r[0] for r in cue + ([sp] if sp else []))
        frame_hi = max([r[1] for r in cue + ([sp] if sp else [])] + ([aside_end] if aside_end else []))
        content = []
        left = ex.content_range(lo, frame_lo)
        right = ex.content_range(frame_hi, hi) if frame_hi >= hi or T[frame_hi] != ":" else None
        if left:
            content.append(left)
        if right:
            content.append(right)
        if left and right and T[frame_lo - 1] not in CLAUSE_END and T[frame_hi] not in CLAUSE_END:
            # A source phrase inside the clause, not set off by commas ("Die Explosion ereignete sich demnach
            # gegen 23 Uhr", "Verletzt wurde nach ersten Erkenntnissen niemand") splits no statement: the
            # clause is one content.
            content = [(left[0], right[1])]
        if not content:
            continue
        ex.consume((frame_lo, frame_hi))
        medium = "report" if sp and any(w in ex.text[ex.d.idx[sp[0]]:ex.d.end_char(sp[1] - 1)].lower()
                                         for w in ("bericht", "medien", "zeitung")) else "unknown"
        ex.consume(*cited)
        # "nach ersten Erkenntnissen", "nach bisherigen Angaben": a source noun nobody owns names no source;
        # the frame and its words stay (it makes the content reported), the chain names nobody.
        # "Danach" points back to the document of the sentence before; the chain does not resolve it (as it
        # does "demnach"), so it names nobody there rather than the word itself.
        ex.recs.append(Rec("source_phrase", si, cue, sp, content, medium=medium, berufung=cited,
                             no_source=ownerless or L[sp[0]] == "danach"))
        return True
    return False


# What a named owner thinks or plans, after a genitive: "nach Müllers Idee", "nach Meiers Plänen".
_OWNED_VIEWS = {"idee", "ideen", "plänen", "willen", "vorstellungen", "erfahrung", "erfahrungen"}


def _nach_source(ex, j: int, hi: int) -> int:
    """"nach einer norwegischen Studie", "nach dem Grundgesetz": end of the phrase when its head is a source or
    document noun and it stands at the sentence start (verb-second follows) or the head is a source noun."""
    L = ex.d.L
    k = j
    while k < hi and k - j < 5 and (L[k] in lx.DET or adjlike(L[k]) or L[k].isdigit()) and not is_cap(ex.d.T[k]):
        k += 1
    if k >= hi or not is_cap(ex.d.T[k]):
        return 0
    if k == j and k + 1 < hi and ex.d.T[k].endswith("s") and is_cap(ex.d.T[k + 1]) and (L[k + 1] in lx.OPINION_NOUNS
                                                                                        or L[k + 1] in _OWNED_VIEWS):
        return k + 2  # a genitive owner: "nach Müllers Meinung", "nach Meiers Worten"
    w = L[k]
    if lx.is_source_noun(w) or w in lx.OPINION_NOUNS or w.endswith(lx.DOC_HEADS):
        return k + 1
    return 0


def _so_source(ex, j: int, hi: int, after_verb: bool = False):
    """The source after "so": a noun phrase with its genitive attributes ("das Ergebnis einer Studie der
    Stiftung"), or a role compound written in lower case ("verdi-Sprecher Karl Meier"); after a speech verb
    also a phrase with a participle attribute up to its comma ("so zeigen in Asien durchgeführte Studien,")."""
    T, L = ex.d.T, ex.d.L
    if after_verb and noun_phrase(ex, j, hi) is None:
        end = next((m for m in range(j, min(hi, j + 8)) if T[m] in CLAUSE_END), None)
        if end is not None and end > j + 1 and T[end] == "," and is_cap(T[end - 1]) and not ex.in_quote[end - 1]:
            return (j, end)
        return None
    if j < hi and not is_cap(T[j]) and "-" in T[j][1:] and T[j].rsplit("-", 1)[1][:1].isupper():
        k = j + 1
        while k < hi and is_cap(T[k]) and T[k] not in CLAUSE_END:
            k += 1
        return (j, k)
    np = noun_phrase(ex, j, hi)
    while np and np[1] + 1 < hi and L[np[1]] in ("einer", "eines", "des", "der") and not ex.in_quote[np[1]]:
        more = noun_phrase(ex, np[1], hi, allow_pron=False)
        if more is None or more[0] != np[1]:
            break
        np = (np[0], more[1])
    return np


# Words of the sentence before that make a sentence-initial "Danach" mean "according to it" rather than
# "afterwards": a document, result or figures ("Die Bank legte ihre Quartalszahlen vor. Danach ...").
_DANACH_HEADS = lx.DOC_HEADS + ("zahlen", "daten", "bilanz", "statistiken", "darstellung", "angaben")


_KONJUNKTIV_TE = {"hätte", "hätten", "könnte", "könnten", "müsste", "müssten", "sollte", "sollten", "dürfte",
                  "dürften", "möchte", "möchten", "bräuchte", "bräuchten", "gelten", "bieten", "leiden", "bitten",
                  "halten", "raten", "treten", "warten", "arbeiten", "starten", "achten"}
_STRONG_PAST = {"trat", "traten", "kam", "kamen", "ging", "gingen", "fand", "fanden", "begann", "begannen", "gab",
                "gaben", "nahm", "nahmen", "stand", "standen", "fuhr", "fuhren", "hielt", "hielten", "rief", "riefen",
                "traf", "trafen", "zog", "zogen", "flog", "flogen", "lief", "liefen", "fiel", "fielen", "blieb",
                "blieben", "schrieb", "schrieben", "sprach", "sprachen", "verließ", "verließen", "war", "waren",
                "fing", "fingen", "griff", "griffen", "stieg", "stiegen", "lag", "lagen", "saß", "saßen", "floh",
                "flohen", "starb", "starben", "gewann", "gewannen", "verlor", "verloren", "erhielt", "erhielten",
                "warf", "warfen", "sank", "sanken", "wuchs", "wuchsen", "zwang", "zwangen", "bat", "baten",
                "wurde", "wurden", "hatte", "hatten", "sah", "sahen", "brach", "brachen", "schlug", "schlugen"}


def _danach_source(ex, si: int, i: int, lo: int, hi: int) -> bool:
    """Sentence-initial "Danach" read as a source phrase: the sentence before names a document or result and the
    verb after "Danach" is not a past-tense narrative one ("Danach feierten die Fans" is "afterwards")."""
    T, L = ex.d.T, ex.d.L
    first = next((k for k in range(lo, hi) if T[k][:1].isalnum()), None)
    if first != i or si == 0 or i + 2 >= hi:
        return False
    v = L[i + 1]  # no tagger here: past tense read from the form
    if (v.endswith(("te", "ten")) and v not in _KONJUNKTIV_TE) or v in _STRONG_PAST:
        return False
    plo, phi = ex.sents[si - 1]
    return any(is_cap(T[k]) and (lx.is_source_noun(L[k]) or L[k].endswith(_DANACH_HEADS)) for k in range(plo, phi))
