"""English subjects of speech verbs, read by `rules.py` on an English article (no parser, words only).

- a speech word used as a noun is no cue: after an article, possessive, preposition or another noun-phrase
  word ("after reports that ...", "rejected the claims and denied ...");
- a subject is the noun phrase after a sentence's lead: an introductory phrase up to its comma ("Asked about the
  plan, Petrov denied ...", "In a statement, the ministry said ...") or a time phrase without one ("On Tuesday
  the regional newspaper X reported ...");
- a title before a name belongs to it: "Chief executive Lena Brandt", "Managing director Henrik Solms";
- a subject ends before a time phrase that stands before the verb ("Lena Brandt on Monday denied ...");
- an inverted subject after the verb is a whole compound ("..., said the police chief.").

All functions take the extractor `ex` of `rules.py` (its token lists `ex.d.T`, `ex.d.L`) and token indices.
"""
from __future__ import annotations

from . import lexicon as lx

# Words after which a speech word ("reports", "claims", "report") is a noun, not a verb.
NOUN_BEFORE = {"the", "a", "an", "these", "those", "this", "his", "her", "its", "their", "our", "my", "your",
               "such", "after", "amid", "despite", "following", "of", "by", "with", "about", "against", "new",
               "earlier", "recent", "initial", "first", "media", "press", "unconfirmed", "any", "no", "some",
               "several", "many", "both"}
TIME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "evening",
        "afternoon", "night", "weekend", "week", "month", "year", "day", "today", "yesterday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "noon", "midnight"}
LEAD_PREP = {"on", "in", "at", "after", "before", "during", "late", "early", "earlier", "later", "this", "last"}
# Endings of role nouns in a title before a name ("Chief executive", "District administrator").
ROLE_ENDINGS = ("or", "er", "ent", "ive", "ief", "man", "woman", "person", "ary", "ist", "ian", "ant", "ee",
                "head", "chair", "general", "officer", "mayor", "minister", "secretary")
STOP = {"that", "and", "or", "but", "who", "which", "whose", "as", "if", "when", "while", "because", "not",
        "also", "then", "so", "than"}


def noun_use(ex, i: int) -> bool:
    """Token i (a speech word) is a noun: "after reports that", "the claims", "media reports"."""
    return i > 0 and ex.d.L[i - 1] in NOUN_BEFORE


def _time_phrase(ex, a: int, hi: int) -> int:
    """The end of a time phrase starting at a ("On Tuesday", "Late on Monday", "Earlier this week", "On
    Wednesday evening"), or a when there is none."""
    L = ex.d.L
    k = a
    while k < hi and k - a < 5 and (L[k] in LEAD_PREP or L[k] in lx.DET):
        k += 1
    if k == a or k >= hi or L[k] not in TIME:
        return a
    while k < hi and L[k] in TIME:
        k += 1
    return k


def skip_lead(ex, a: int, vfin: int) -> int:
    """The first token of the subject in [a, vfin): after an introductory phrase and its comma, or after a time
    phrase without a comma; else a."""
    T, L = ex.d.T, ex.d.L
    if a >= vfin:
        return a
    t = _time_phrase(ex, a, vfin)
    if t > a:
        return t + 1 if t < vfin and T[t] == "," else t
    intro = L[a] in lx.PREP or L[a] in LEAD_PREP or L[a] in lx.ADV or (
        L[a].endswith(("ed", "ing")) and len(L[a]) > 4 and T[a][:1].isupper())
    if not intro:
        return a
    c = next((k for k in range(a + 1, vfin) if T[k] == "," and not ex.in_quote[k]), None)
    return c + 1 if c is not None and c + 1 < vfin else a


def title_word(ex, k: int, j: int, hi: int) -> bool:
    """Token k is the lower-case role noun of a capitalised title before a name: "Chief executive Lena Brandt"
    (k = j + 1, j capitalised, a capitalised word after k)."""
    T, L = ex.d.T, ex.d.L
    return (k == j + 1 and T[j][:1].isupper() and T[k].isalpha() and T[k].islower() and k + 1 < hi
            and T[k + 1][:1].isupper() and L[k] not in lx.CUE_FINITE and L[k] not in STOP
            and not L[k].endswith(("ed", "ing")) and L[k].endswith(ROLE_ENDINGS))


def trim_time(ex, sp: tuple[int, int]) -> tuple[int, int]:
    """A subject without the time phrase or adverbs before its verb: "Lena Brandt on Monday" -> "Lena Brandt"."""
    L = ex.d.L
    a, b = sp
    for k in range(a + 1, b):
        if L[k] in LEAD_PREP and _time_phrase(ex, k, b) == b:
            b = k
            break
    while b > a + 1 and ex.d.T[b - 1].islower() and (L[b - 1] in lx.ADV or L[b - 1] in STOP):
        b -= 1
    return (a, b)


def extend_compound(ex, np: tuple[int, int] | None, hi: int) -> tuple[int, int] | None:
    """An inverted subject after the verb runs over its lower-case compound nouns to the clause end or a
    preposition: "said the police chief." (not "the police")."""
    if np is None or ex.d.L[np[0]] not in ("the", "a", "an"):
        return np
    T, L = ex.d.T, ex.d.L
    k = np[1]
    while k < hi and T[k].isalpha() and T[k].islower() and L[k] not in lx.PREP and L[k] not in STOP \
            and L[k] not in lx.ADV and L[k] not in lx.CUE_FINITE and L[k] not in lx.DET and not ex.in_quote[k]:
        k += 1
    if k == np[1] or k - np[1] > 3:
        return np
    if k >= hi or T[k] in (",", ".", ";", "!", "?", ")") or L[k] in lx.PREP:
        return (np[0], k)
    return np
