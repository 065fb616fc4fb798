"""Noun phrases and clauses without a parser: the speaker, source and addressee readers of every construction.

A noun phrase is read from determiners, adjectives, capitalised words, genitives and short appositions
(`noun_phrase`); a clause is the comma-delimited stretch around a token (`clause_bounds`). The constructions take
their speakers from these, so the rules for what a German noun phrase is stand here once.
"""
from __future__ import annotations

import re

from .. import antecedents, en_subjects
from .. import lexicon as lx
from .tokens import CLAUSE_END, QUOTE_CHARS, adjlike, is_cap

# Words that fill the Vorfeld without being its subject ("Das teilte X mit", "So sagte X").
NON_SUBJECT_VORFELD = {"dies", "das", "dieses", "so", "ähnlich", "dazu", "darüber", "davon", "es", "daraufhin",
                       "this", "that", "it"}
_AGE_NOUN = re.compile(r"\d+-j[äa]hrige[nr]?$")
NUM_WORDS = {"zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf", "zwanzig",
             "hundert", "tausend", "dutzende", "hunderte", "tausende"}


def clause_bounds(ex, i: int, lo: int, hi: int) -> tuple[int, int]:
    """Token range of the comma-delimited clause around i within [lo, hi)."""
    T = ex.d.T
    # A short bracket inside the clause ("X (SSC) sagte", "hat X (Grüne) gefordert") does not end it, also right
    # next to token i.
    a = i
    while a > lo:
        if a > lo + 1 and T[a - 1] == ")" and "(" in T[max(lo, a - 5):a - 2]:
            a = max(lo, a - 5) + T[max(lo, a - 5):a - 2].index("(")
            continue
        if T[a - 1] in CLAUSE_END or T[a - 1][:1] in QUOTE_CHARS:
            break
        a -= 1
    b = i + 1
    while b < hi:
        if T[b] == "(" and ")" in T[b + 2:b + 5]:
            b = b + 2 + T[b + 2:b + 5].index(")") + 1
            continue
        if T[b] in CLAUSE_END or T[b][:1] in QUOTE_CHARS:
            break
        b += 1
    return a, b


def noun_phrase(ex, j: int, hi: int, allow_pron: bool = True) -> tuple[int, int] | None:
    """A noun phrase starting at j (no parser: determiners, adjectives, capitalised words, genitives)."""
    T, L = ex.d.T, ex.d.L
    if j >= hi:
        return None
    if allow_pron and L[j] in lx.PRONOUNS and L[j] not in ("diese", "dieser"):
        return (j, j + 1)
    k = j
    noun = False
    while k < hi:
        t, l = T[k], L[k]
        if ex.in_quote[k] and noun:
            break
        if noun and T[k][:1] in QUOTE_CHARS and k > j and (L[k - 1] in ("der", "des", "eines", "einer") or any(
                L[k - 1].endswith(w) for w in lx.MEDIA_WORDS + ("denkfabrik", "institut", "organisation"))):
            q = next((b for a, b, _, _ in ex.quotes if a == k and b <= hi and b - a <= 8), None)
            if q is not None and T[q - 2] not in (".", "!", "?", ","):
                k = q  # the medium's name in quotes belongs to its noun phrase
                continue
        if T[k][:1] in QUOTE_CHARS and not noun:
            # A quoted name as the head: die „Computerwoche“, „Welt“.
            q = next((b for a, b, _, _ in ex.quotes if a == k and b <= hi and b - a <= 8), None)
            if q is None:
                break
            noun = True
            k = q
            continue
        if l in lx.DET or l.isdigit() or l in NUM_WORDS:
            # after a noun only a genitive article, or the article of a prepositional attribute ("der Investor
            # für den Neubau", "ein Sprecher von der Partei")
            if noun and l not in ("der", "des", "eines") and L[k - 1] not in ("von", "für", "of", "in"):
                break
            k += 1
            if not noun and l in lx.DET:
                k = _premodifier_run(ex, k, hi)
            continue
        if is_cap(t) and t.isalpha() or (is_cap(t) and "-" in t) or (t[:1].isupper() and t.endswith(".")) or (
                k > j and L[k - 1] in lx.DET and _AGE_NOUN.match(l)):  # "der 81-jährige": a noun, lower case
            if k > j and T[k - 1] == "," and not noun:
                break
            noun = True
            k += 1
            continue
        if t in ("-", "'", "’", "&") and noun:
            k += 1
            continue
        if t == "(" and k + 2 < hi and T[k + 2] == ")":
            k += 3
            continue
        if l in ("von", "vom", "für", "of", "in", "im") and noun and k + 1 < hi and (
                is_cap(T[k + 1]) or L[k + 1] in lx.DET):
            if l in ("in", "im") and (not is_cap(T[k + 1]) or L[k + 1] in lx.TIME_NOUNS):
                break
            k += 1
            continue
        if ex.en and l.isalpha() and k > j and L[k - 1] in lx.DET | {"'s"} or (
                ex.en and noun is False and k > j and l.isalpha() and l not in lx.CUE_FINITE and l not in lx.PREP
        ) or ex.en and en_subjects.title_word(ex, k, j, hi):
            noun = True
            k += 1
            continue
        if (not noun or L[k - 1] in ("der", "des", "eines")) and adjlike(l) and l not in lx.ADV \
                and ex.d.mood(k) is None and l not in lx.CUE_FINITE and k + 1 < hi and (
                not noun or is_cap(T[k + 1]) or adjlike(L[k + 1])):
            k += 1
            continue
        if t == "," and noun and k + 1 < hi and is_cap(T[k + 1]) and L[k + 1] not in lx.DET \
                and L[k + 1] not in lx.PRONOUNS:
            # Apposition ", Hans Müller," or ", Sprecher der Polizei,".
            m = k + 1
            while m < hi and T[m] not in CLAUSE_END and m - k < 8 and (
                    is_cap(T[m]) or L[m] in lx.DET or adjlike(L[m]) or L[m] in ("von", "für", "des", "der")):
                m += 1
            if m + 3 < hi and T[m] == "(" and T[m + 2] == ")" and T[m + 3] == "," and L[m + 1].isdigit():
                m += 3  # an age after the name: ", Katrin Vogel (51),"
            if m < hi and T[m] in (",",) or m == hi:
                k = m
                continue
            break
        break
    if not noun and k - j == 0:
        return None
    # Trim determiners or adjectives without a noun.
    while k > j and (L[k - 1] in lx.DET or T[k - 1] in (",", "-")):
        k -= 1
    if k <= j or not noun:
        return None
    return (j, k)


def _premodifier_run(ex, k: int, hi: int) -> int:
    """After an article: the adverbs and prepositional phrases before an attributive adjective or participle
    ("die für gewöhnlich gut informierte Zeitung", "die in Berlin ansässige Firma"); returns the index of that
    adjective's successor when such a run leads to it and a noun follows, else k."""
    T, L = ex.d.T, ex.d.L
    for m in range(k + 1, min(hi - 1, k + 7)):
        if T[m] in CLAUSE_END or T[m][:1] in QUOTE_CHARS or ex.in_quote[m]:
            return k
        if T[m].islower() and adjlike(L[m]) and is_cap(T[m + 1]) and L[m] not in lx.AUX_FINITE:
            between = range(k, m)
            if all(T[x].islower() and (L[x] in lx.PREP or lx.is_adverb(L[x]) or L[x].isalpha()
                                       and ex.d.mood(x) is None and L[x] not in lx.AUX_FINITE
                                       and L[x] not in lx.CUE_FINITE and L[x] not in lx.PRONOUNS)
                   or is_cap(T[x]) and x > k and L[x - 1] in lx.PREP for x in between):
                return m + 1  # past the participle, whose verb form the mood test would stop at
            return k
    return k


def skip_adverbials(ex, j: int, hi: int):
    """Skip adverbs and short time/place phrases after a verb; returns (new j, addressee range or None)."""
    T, L = ex.d.T, ex.d.L
    addressee = None
    while j < hi:
        l = L[j]
        if l in lx.ADV:
            j += 1
            continue
        if l == "unter" and j + 2 < hi and L[j + 1] == "berufung" and L[j + 2] == "auf":
            np = noun_phrase(ex, j + 3, hi, allow_pron=False)  # "berichtet unter Berufung auf X, dass": a source
            if np is not None:
                j = np[1]
                continue
        if l in lx.TIME_DETERMINERS and j + 1 < hi and L[j + 1] in lx.TIME_NOUNS:
            j += 2  # "erklärte letzte Woche, ...", "sagte diese Woche": a time, not the speaker
            continue
        if l in lx.TIME_NOUNS and j > 0 and (L[j - 1] in lx.ADV or L[j - 1] in lx.TIME_DETERMINERS):
            j += 1  # the noun after "letzte"/"vergangenen", already skipped as adverbs
            continue
        if l in ("am", "im", "vom", "beim", "zum", "zur", "an", "in", "auf", "vor", "nach", "seit", "bei",
                 "gegenüber", "zu", "über", "während", "on", "to", "at", "in") and j + 1 < hi:
            np = noun_phrase(ex, j + 1, hi, allow_pron=(l == "gegenüber"))
            if np is not None and L[j + 1] in lx.TIME_NOUNS and l in ("am", "im", "vom", "seit", "in"):
                np = (j + 1, j + 2)  # "sagte am Montag der Minister": the time ends at its noun
            if np is None:
                if l in ("vor", "gegenüber") or L[j + 1].isdigit():
                    k = j + 1
                    while k < hi and (L[k].isdigit() or L[k] in lx.DET or adjlike(L[k])):
                        k += 1
                    if k < hi and is_cap(T[k]):
                        np = (j + 1, k + 1)
                if np is None:
                    return j, addressee
            if l in ("gegenüber", "to") or (
                    l == "vor" and np and L[np[1] - 1] in ("journalisten", "reportern", "presse")):
                addressee = np
            j = np[1]
            continue
        if T[j] in ("–", "—") or (T[j] == "," and False):
            j += 1
            continue
        break
    return j, addressee


def subject_np(ex, lo: int, hi: int, pronouns=("er", "sie", "wir", "ich"), cue_verbs: bool = True):
    """Noun phrase at lo followed by a finite verb (verb second) within [lo, hi); `cue_verbs` also accepts a
    speech verb the verb-form test misses."""
    T, L = ex.d.T, ex.d.L
    if L[lo] in lx.PREP or lx.is_adverb(L[lo]) or L[lo] in lx.SUBORD or L[lo] in lx.CONJ_CLAUSE \
            or L[lo] in NON_SUBJECT_VORFELD or L[lo] in ("den", "dem", "einem", "einen"):
        return None
    if L[lo] in pronouns and lo + 1 < hi and T[lo + 1].islower():
        return (lo, lo + 1)
    np = noun_phrase(ex, lo, hi, allow_pron=False)
    if np is None or np[1] >= hi:
        return None
    v = L[np[1]]
    if not (T[np[1]].islower() and T[np[1]].isalpha()) or v in lx.DET or v in lx.PREP or v in lx.PRONOUNS:
        return None
    if ex.d.mood(np[1]) is None and not v.endswith(("t", "te", "ten", "en")) and not (cue_verbs and v in lx.CUE_FINITE):
        return None
    return np


def named(ex, r: tuple[int, int], person_only: bool = False) -> bool:
    """True when a named PER/ORG mention (NER) lies inside token range r."""
    cs, ce = ex.d.idx[r[0]], ex.d.end_char(r[1] - 1)
    want = ("PER",) if person_only else ("PER", "ORG")
    return any(m.kind == "name" and m.label in want for m in antecedents.mention_index(ex).inside(cs, ce))


def v2_clause(ex, a: int, hi: int) -> bool:
    """A main clause (verb second) from token a: "Der Ausbau soll privat finanziert werden", "derzeit gebe es"."""
    T, L = ex.d.T, ex.d.L
    if a >= hi or L[a] in lx.SUBORD or L[a] in lx.CONJ_CLAUSE or L[a] in ("und", "oder", "aber", "sondern"):
        return False
    if L[a] in ("der", "die", "das", "welche", "welcher", "dem", "den", "deren", "dessen") and a + 1 < hi \
            and T[a + 1].islower():
        return False  # relative clause
    np = noun_phrase(ex, a, hi)
    k = np[1] if np else a + 1
    while k < hi and lx.is_adverb(L[k]) and k - a < 4:
        k += 1
    if k < hi and k == a + 1 and L[a] in ("es", "er", "sie", "wir", "ich") and T[k].isalpha() and T[k].islower() \
            and L[k] not in lx.DET and L[k] not in lx.PREP and L[k].endswith(("t", "te", "ten", "en", "e")):
        return True  # a pronoun subject and a verb the form test does not know: "es fehlten ..."
    return k < hi and T[k].islower() and (L[k] in lx.AUX_FINITE or ex.d.mood(k) is not None
                                           or L[k] in lx.CUE_FINITE)
