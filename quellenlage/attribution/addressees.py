"""Addressees: whom the speaker tells it, read inside the attribution's frame.

- a preposition that marks the one spoken to: "gegenüber Journalisten", "sagte zu Reportern", "in einem Interview
  mit der Zeitung X", "appellierte an die Fluglinien", "in an interview with X", "said to reporters";
- the dative object of a verb of telling ("sagte hierzu der Zeitung X", "teilte dem Richter mit", "warf der
  Regierung vor", "riet ihr", "Dem Minister wurde vorgeworfen");
- the accusative object of a verb of asking or urging ("forderte die Schüler auf", "bat die Anwohner"), and its
  subject in the passive ("Die Anwohner wurden gebeten", "Er wird verdächtigt").

The rules already read a dative or named phrase right after the verb ("X teilte CNN mit", speakers.addressee_after,
speakers.split_dative_medium); this module only fills in where they found none. No parser: noun phrases are read
from determiners, adjective forms and capitalised words, and never overlap speaker, cue or content.
"""
from __future__ import annotations

from . import lexicon as lx
from .frames import QUOTE_MARKS, Tokens

# Verbs of telling with a dative addressee (stems of finite forms, participles and particle-joined forms).
DATIVE_STEMS = ("sag", "erklär", "teilt", "mitgeteilt", "mitteil", "bericht", "erzähl", "versicher", "versprach",
                "versprech", "versproch", "antwort", "bestätig", "signalisier", "schrieb", "schreib", "geschrieben",
                "riet", "rät", "rat", "empfahl", "empfiehl", "empfohl", "vorgeworf", "warf", "wirft", "werf", "schlug",
                "schläg", "vorgeschlag", "droh", "befahl", "befiehl", "befohl", "sichert", "zugesichert", "verriet",
                "verrät", "gestand", "gesteh", "erteilt", "vorhalt", "vorgehalt", "hielt", "unterstell", "vermittel",
                "erläuter", "schilder", "told", "tell")
# Verbs of asking, urging, accusing with an accusative addressee.
ACCUSATIVE_STEMS = ("forder", "aufgefordert", "rief", "ruft", "aufgerufen", "bat", "bitte", "gebeten", "fragt",
                    "gefragt", "ermahn", "dräng", "gedrängt", "beschuldig", "verdächtig", "bezichtig", "warn",
                    "gewarnt", "informier", "zwang", "gezwungen", "überzeug", "ersuch", "beauftrag", "angewiesen",
                    "wies", "weist", "ermutig", "aufgeforder", "urged", "asked", "warned", "informed", "accused")
APPEAL_WORDS = ("appell", "aufruf", "warnung", "brief", "schreiben", "botschaft", "wandte", "wendet", "gewandt",
                "richtete", "richtet", "gerichtet", "letter")
INTERVIEW_WORDS = ("interview", "gespräch", "telefonat", "unterredung", "interviews")
MEDIUM_HEADS = lx.MEDIA_WORDS + ("sender", "agentur", "magazin", "zeitung", "blatt")
NOT_HEADS = lx.PREP | lx.ADV | lx.SUBORD | lx.CONJ_CLAUSE | lx.PRONOUNS | {"und", "oder", "aber", "so", "wie", "als"}
# "sagte zu X" names an addressee only for people spoken to, not a topic ("sagte zu den Vorwürfen").
AUDIENCE_HEADS = ("journalist", "reporter", "medienvertreter", "presse", "zuhörer", "publikum", "anhänger",
                  "demonstrant", "abgeordnete", "delegierte", "studierende", "schüler", "soldaten", "mitarbeiter",
                  "gästen", "teilnehmer")
WERDEN = {"wird", "wurde", "wurden", "werden", "worden", "werde", "würde", "würden", "is", "was", "were", "been"}
DATIVE_PRONOUNS = {"ihm", "ihnen", "uns", "mir", "dir", "euch", "denen", "him", "them", "us", "me"}
ACC_PRONOUNS = {"ihn", "sie", "uns", "mich", "dich", "euch", "him", "them", "us", "me", "her"}
SUBJ_PRONOUNS = {"er", "sie", "es", "ich", "wir", "ihr", "diese", "dieser", "he", "she", "they", "we", "i"}
DETERMINERS = lx.DET | {"den", "allen", "alle", "sämtliche", "sämtlichen", "mehreren", "vielen", "zahlreichen",
                        "unserer", "unserem", "ihren", "seinen", "ihrer", "seiner", "ihrem", "seinem"}


def _cap(t: str) -> bool:
    return t[:1].isupper()


def _adjlike(low: str) -> bool:
    return low.islower() and low.isalpha() and len(low) > 2 and low.endswith(("e", "en", "er", "es", "em")) \
        and low not in lx.ADV and low not in lx.CONJ_CLAUSE and low not in WERDEN


def np_end(tk: Tokens, j: int, hi: int, coordinate: bool = True) -> int | None:
    """End of a noun phrase starting at token j and ending before hi: determiner, adjectives, capitalised head
    words or a quoted name, a bracketed abbreviation, one genitive, "und" + a second phrase. None if no head."""
    T, L = tk.T, tk.L
    k = j
    if k < hi and (L[k] in DETERMINERS or L[k].isdigit()):
        k += 1
    while k < hi and (_adjlike(T[k]) or L[k].isdigit()) and k + 1 < hi and (_cap(T[k + 1]) or _adjlike(T[k + 1])
                                                                            or T[k + 1] in QUOTE_MARKS):
        k += 1
    head = False
    while k < hi:
        if T[k] in ("„", "»", "\"", "“") and (not head or k > j and L[k - 1].endswith(MEDIUM_HEADS)):
            q = next((x for x in range(k + 1, min(hi, k + 8)) if T[x] in QUOTE_MARKS), None)
            if q is None:
                break
            k, head = q + 1, True
            continue
        if _cap(T[k]) and (T[k].replace("-", "").isalnum()) and L[k] not in lx.DET and L[k] not in NOT_HEADS \
                and not lx.is_adverb(L[k]):
            k, head = k + 1, True
            continue
        if T[k][:1].isdigit() and "-" in T[k] and _cap(T[k].split("-", 1)[1]):
            k, head = k + 1, True  # "der 38-Jährigen"
            continue
        if head and L[k] in ("of", "for") and k + 1 < hi and _cap(T[k + 1]):
            k += 1  # "Voice of America"
            continue
        break
    if not head:
        return None
    if k + 2 < hi and T[k] == "(" and T[k + 2] == ")":
        k += 3
    if k < hi and L[k] in ("des", "der", "eines", "einer", "of") and k + 1 < hi:
        g = np_end(tk, k, hi, coordinate=False)
        if g is not None:
            k = g
    if coordinate and k + 1 < hi and L[k] in ("und", "and") and (L[k + 1] in DETERMINERS or _cap(T[k + 1])):
        g = np_end(tk, k + 1, hi, coordinate=False)
        if g is not None:
            k = g
    return k


# Prepositions before a phrase that make it a circumstance, not the one spoken to ("anlässlich der Eröffnung").
CIRCUMSTANCE_PREPS = {"anlässlich", "während", "nach", "bei", "beim", "wegen", "trotz", "seit", "laut", "vor", "über",
                      "auf", "in", "im", "aus", "durch", "für", "um", "unter", "ohne", "during", "after", "at", "on"}


def plausible(tk: Tokens, span) -> bool:
    """An addressee span the rules found is no prepositional phrase and follows no circumstantial preposition."""
    a, b = tk.range(span.start, span.end)
    if b <= a:
        return False
    return tk.L[a] not in lx.PREP and not (a > 0 and tk.L[a - 1] in CIRCUMSTANCE_PREPS)


EN_TELL = {"told", "tell", "tells", "telling", "informed", "urged", "asked", "warned", "assured", "reminded"}
EN_STOP = {"that", "on", "in", "at", "during", "after", "before", "by", "from", "with", "about", "of", "to", "for",
           "he", "she", "they", "it", "we", "there", "this", "last", "yesterday", "today", "earlier", "later",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _en_object(tk: Tokens, j: int, hi: int) -> tuple[int, int] | None:
    """An English object noun phrase from j: a determiner and up to four words, before a preposition, "that",
    a time word or punctuation."""
    k = j
    if k < hi and tk.L[k] in ("the", "a", "an", "his", "her", "their", "its", "our", "several", "two", "three"):
        k += 1
    start_words = k
    while k < hi and k - start_words < 4 and tk.T[k][:1].isalnum() and tk.L[k] not in EN_STOP:
        k += 1
    return (j, k) if k > start_words else None


def _stems(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(w.startswith(stems) or any(s in w for s in stems if len(s) > 5) for w in words)


def find(tk: Tokens, att, frame: tuple[int, int], avoid: set[int]) -> tuple[int, int] | None:
    """The addressee's token range inside `frame`, or None. `avoid`: speaker, cue and content tokens."""
    a, b = frame
    T, L = tk.T, tk.L
    cue_toks = sorted(tk.tokens(att.cue_parts or [att.cue]))
    cue_words = [L[k] for k in cue_toks]
    cue_set = set(cue_toks)
    ok = lambda r: r is not None and r[1] > r[0] and not any(k in avoid for k in range(*r))

    def phrase(j):
        e = np_end(tk, j, b)
        return (j, e) if e is not None else None

    def same_clause(r) -> bool:
        """No comma between the phrase and the nearest cue word (a clause of its own is no addressee of it)."""
        near = min(cue_toks, key=lambda c: min(abs(c - r[0]), abs(c - r[1])))
        lo, hi = (r[1], near) if near >= r[1] else (near, r[0])
        return not any(T[x] == "," for x in range(lo, hi) if x not in avoid or T[x] == ",")

    first_cue, last_cue = cue_toks[0], cue_toks[-1]
    sp_tok = tk.range(att.speaker.start, att.speaker.end) if att.speaker is not None else None

    def object_place(r) -> bool:
        """An object of the cue verb stands inside the verb bracket ("forderte X auf", "hat X gesagt"), between
        subject and verb-final cue ("indem sie X aufforderte"), or right after a one-word cue ("bat X")."""
        lo = min(first_cue, sp_tok[0]) if sp_tok is not None else first_cue
        if len(cue_toks) > 1 and last_cue > first_cue + 1:
            return lo < r[0] and r[1] <= last_cue
        if r[0] > last_cue:
            return all(x in avoid or lx.is_adverb(L[x]) or L[x] in lx.ADV for x in range(last_cue + 1, r[0]))
        return sp_tok is not None and sp_tok[1] <= r[0] and r[1] <= first_cue

    # 1. Prepositions of the one spoken to.
    for k in range(a, b - 1):
        if k in avoid:
            continue
        low = L[k]
        r = None
        if low == "gegenüber" or low == "to" and _stems(cue_words, ("said", "say", "speak", "spoke", "talk")) or low in ("mit", "with") and k > a and L[k - 1].startswith(INTERVIEW_WORDS) or low == "an" and (any(L[x].startswith(APPEAL_WORDS) for x in range(a, k)) or _stems(cue_words, ("appellier",))):
            r = phrase(k + 1)
        elif low == "zu" and _stems(cue_words, ("sag", "sprach", "sprech", "äußer")):
            r = phrase(k + 1)
            if r is not None and not any(L[x].startswith(AUDIENCE_HEADS) for x in range(*r)):
                r = None
        if ok(r) and same_clause(r):
            return r
    dative = _stems(cue_words, DATIVE_STEMS)
    accusative = _stems(cue_words, ACCUSATIVE_STEMS)
    passive = any(w in WERDEN for w in cue_words) or any(L[x] in WERDEN for x in range(a, b) if x not in avoid)
    speaker_here = att.speaker is not None and tk.start[a] <= att.speaker.start < tk.end[b - 1]
    if not (dative or accusative):
        return None
    # 2a. English objects right after the verb: "told reporters", "told the BBC on Monday that".
    if tk.L[first_cue] in EN_TELL and last_cue + 1 < b:
        r = _en_object(tk, last_cue + 1, b)
        if ok(r):
            return r
    # 2. Objects: a dative- or accusative-marked phrase not after a preposition.
    for k in range(a, b):
        if k in avoid or k > a and (L[k - 1] in lx.PREP or L[k - 1] in ("anlässlich", "bei", "seitens")):
            continue
        low = L[k]
        if low in DATIVE_PRONOUNS and dative or low in ("ihn", "mich", "dich") and accusative:
            return (k, k + 1)
        if low == "ihr" and dative and (k + 1 >= b or not _cap(T[k + 1])):
            return (k, k + 1)
        if dative and low in ("dem", "einem", "den") or dative and low in ("der", "einer") and speaker_here \
                and not (k > a and T[k - 1] == ","):
            r = phrase(k)
            if ok(r) and object_place(r) and not (low == "den" and not (L[r[1] - 1].endswith(("n", "s")) or T[r[1] - 1].isupper())):
                if k > a and _cap(T[k - 1]) and low in ("der", "einer", "des") and k - 1 not in avoid:
                    continue  # a genitive of the noun before ("die Kritik der Regierung")
                return r
        if accusative and not passive and speaker_here:
            after_verb = k > a and (k - 1 in cue_set or k - 1 in avoid)
            if low in ("den", "die", "das", "einen", "eine", "alle") or _cap(T[k]) and low not in lx.DET and after_verb:
                r = phrase(k)
                if ok(r) and object_place(r):
                    return r
    # 3. Passive: the subject is the one asked, urged or accused ("Die Anwohner wurden gebeten"); with a dative
    # verb the fronted phrase is ("Dem X wurde vorgeworfen", "X wird vorgeworfen").
    sp_first = tk.range(att.speaker.start, att.speaker.end)[0] if speaker_here else 0
    if passive and (not speaker_here or sp_first > 0 and L[sp_first - 1] in ("von", "vom", "über")):
        for k in range(a, b):
            if k in avoid or k > a and L[k - 1] in lx.PREP:
                continue
            if L[k] in SUBJ_PRONOUNS and accusative:
                return (k, k + 1)
            if L[k] in WERDEN:
                continue
            r = phrase(k)
            if ok(r) and same_clause(r):
                return r
            if L[k] not in lx.ADV and not lx.is_adverb(L[k]) and L[k] not in lx.SUBORD:
                break
    return None
