"""Sentence boundaries over spaCy tokens, with rules for German abbreviations, ordinals and dates.

spaCy's German tokenizer already keeps "Dr.", "Mio.", "3." and "12.10.2024" as single tokens; the rules here
decide which sentence-final punctuation really ends a sentence.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

END_PUNCT = {".", "!", "?", "…", "...", "?!", "!?", "!!", "??"}
CLOSERS = {'"', "“", "”", "»", "«", "'", "’", "‘", ")", "]", "‹", "›", "''", "´´"}
OPENERS = {'"', "„", "“", "»", "«", "‚", "(", "[", "–", "—", "-", "›", "‹"}
MONTHS = {
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember", "jan.", "feb.", "febr.", "mär.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
    "okt.", "nov.", "dez.", "jahrhundert", "jahrhunderts", "jh.", "mal", "platz", "klasse", "liga", "bundesliga",
    "stock", "etage", "runde", "spieltag", "auflage", "armee", "brigade", "division", "lebensjahr", "kapitel",
    "weltkrieg", "weltkriegs", "weltkrieges", "oktoberrevolution",
}
# Abbreviations that never end a sentence in news text; others ("usw.", "Mio.") may.
NON_FINAL_ABBREV = {
    "dr.", "prof.", "nr.", "st.", "hl.", "z.", "b.", "z.b.", "bzw.", "ca.", "vgl.", "evtl.", "sog.", "inkl.",
    "exkl.", "gen.", "gegr.", "geb.", "verst.", "hr.", "fr.", "frl.", "herr.", "abs.", "art.", "bd.", "mr.",
    "mrs.", "ms.", "jr.", "sr.", "dipl.", "ing.", "univ.", "med.", "phil.", "rer.", "nat.", "lt.", "gem.",
    "u.", "a.", "d.", "h.", "s.", "v.", "o.", "i.", "e.", "m.", "k.", "bspw.", "insb.", "max.", "min.", "tel.",
    "str.", "rd.", "ggf.", "allg.", "eig.", "ehem.", "gest.", "zit.", "hrsg.", "u.a.", "d.h.", "o.ä.", "z.t.",
    "mind.", "gg.", "vs.", "bzgl.", "zzgl.", "u.s.", "dt.", "engl.", "frz.", "lat.", "griech.", "ital.",
}
# After an ambiguous abbreviation ("Mio.", "usw.") a capitalised word starts a new sentence only if it is a
# typical sentence opener; German capitalises all nouns, so "1,5 Mio. Euro" must not split.
SENTENCE_OPENERS = {
    "der", "die", "das", "ein", "eine", "einer", "er", "sie", "es", "wir", "ich", "ihr", "man", "auch", "doch",
    "aber", "dies", "diese", "dieser", "dieses", "im", "in", "am", "an", "auf", "nach", "bei", "mit", "für",
    "laut", "zudem", "dann", "damit", "so", "wie", "was", "wer", "als", "seit", "bis", "zum", "zur", "vor",
    "the", "a", "an", "he", "she", "it", "we", "they", "i", "this", "that", "but", "and", "in", "on", "at",
    "nun", "jetzt", "zuvor", "danach", "daher", "deshalb", "außerdem", "allerdings", "bereits", "zunächst",
    "den", "dem", "des", "kein", "keine", "unter", "über", "von", "aus", "um", "wenn", "ob", "dass", "weil",
}
# No news sentence comes near this many tokens (the longest in 880 Wikinews and seed articles has 129); longer runs are
# lists, tables or garbage without punctuation, and every stage that looks at a sentence as a whole would pay for
# it quadratically. They are cut at a clause mark near the limit, else at the limit.
MAX_SENTENCE_TOKENS = 300
_SOFT_BREAKS = {",", ";", ":", "–", "—", "-", ")", "]", "”", "“", "»", "«", '"'}
_ORDINAL = re.compile(r"^\d{1,4}\.$")
_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")


_QUOTE_CHARS = "\"'`„“”‚‘’»«‹›([–—-"


def _starts_sentence(tok) -> bool:
    """Could this token open a sentence: an opening quote/bracket/dash, a capital or a digit."""
    t = tok.text.lstrip(_QUOTE_CHARS)
    if not t:
        return True
    return t[0].isupper() or t[0].isdigit()


def _cap_lengths(doc: Doc, starts: list[bool], limit: int = MAX_SENTENCE_TOKENS) -> None:
    """Start a new sentence wherever one would run past `limit` tokens (in place)."""
    n = len(doc)
    last = 0
    i = 1
    while i < n:
        if starts[i]:
            last = i
        elif i - last >= limit:
            cut = i
            for j in range(i - 1, i - limit // 3, -1):  # prefer the token after a clause mark
                if doc[j].text in _SOFT_BREAKS:
                    cut = j + 1
                    break
            while cut < n and doc[cut].is_space:
                cut += 1
            if cut >= n:
                break
            starts[cut] = True
            last = cut
            i = cut
        i += 1


def set_boundaries(doc: Doc) -> Doc:
    """Mark `is_sent_start` on every token of `doc` and return it."""
    n = len(doc)
    if n == 0:
        return doc
    starts = [False] * n
    starts[0] = True
    i = 0
    while i < n:
        tok = doc[i]
        # Paragraph or line breaks always end a sentence (headlines, list items).
        if tok.is_space or "\n" in tok.whitespace_:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                j = i + 1
                while j < n and doc[j].is_space:
                    j += 1
                if j < n:
                    starts[j] = True
                i = j
                continue
        low = tok.text.lower()
        ends = False
        if tok.text in END_PUNCT or (len(tok.text) > 1 and tok.text[-1] in "!?" and not tok.text[0].isalnum()):
            ends = True
        elif low.endswith(".") and len(low) > 1 and tok.is_alpha is False and i + 1 < n:
            # "Mio.", "3.", "usw.": an abbreviation or ordinal that may also be the last word of a sentence.
            nxt = doc[i + 1]
            if low in NON_FINAL_ABBREV or _INITIAL.match(tok.text):
                ends = False
            elif _ORDINAL.match(tok.text):
                # "3. Oktober", "11. Luftlandebrigade": ordinal before a noun. A year ("2024.") ends a sentence.
                ends = len(tok.text) == 5 and nxt.text.lower() not in MONTHS and _starts_sentence(nxt)
            else:
                ends = nxt.text.lower() in SENTENCE_OPENERS and nxt.text[0].isupper()
        if ends:
            j = i + 1
            while j < n and (doc[j].text in CLOSERS or doc[j].text in END_PUNCT):
                j += 1
            k = j
            while k < n and doc[k].is_space:
                k += 1
            if k < n and _starts_sentence(doc[k]):
                starts[k] = True
            i = max(j, i + 1)
            continue
        i += 1
    _cap_lengths(doc, starts)
    # One bulk write: setting Token.is_sent_start one by one re-checks the whole Doc each time.
    values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")  # -1 wraps, as spaCy stores it
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc
