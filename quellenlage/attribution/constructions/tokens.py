"""Token views and quotation marks: what every construction reads before it reads a construction.

`TokenViews` holds the token texts, offsets and sentence starts as plain lists (much faster than spaCy attribute
access in the tight loops of the rules) and caches each token's verb mood; `find_quotes` finds the quotations of a
text in every quote style. The constants name the punctuation and words the constructions stop or skip at.
"""
from __future__ import annotations

from ...lang.mood import word_mood
from .. import lexicon as lx

QUOTE_PAIRS = {"„": "“", "»": "«", "«": "»", "“": "”", "‚": "‘", '"': '"', "‹": "›", "›": "‹"}
QUOTE_CHARS = set("„“”»«\"‚‘›‹")
# Copy-pasted text mixes quote styles: "Harbour Times“, „Welt”. A straight opening mark is closed by any double
# closing mark, a German low one by either curly one (not by a straight one: „er sagte "nein" dazu“ nests).
MIXED_CLOSE = {'"': {'"', "“", "”"}, "„": {"“", "”"}}
# Punctuation that ends a clause: a frame, a noun phrase or a content stops here.
CLAUSE_END = {",", ";", ":", ".", "!", "?", "–", "—", "(", ")"}


def find_quotes(text: str, limit: int = 3000) -> list[tuple[int, int]]:
    """Character ranges of quotations including their marks; nested quotes come out as separate ranges."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in QUOTE_PAIRS:
            close = QUOTE_PAIRS[c]
            closers = MIXED_CLOSE.get(c, {close})
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            opening = not nxt.isspace() and (prev.isspace() or prev in "([–—-/:" or i == 0)
            if c == "‚" or c in "«›":
                opening = opening and not prev.isalnum()
            if opening:
                j = i + 1
                while j < n and j - i < limit:
                    if text[j] in closers and (text[j] not in ('"', "'") or not text[j - 1].isspace()):
                        break
                    if text[j] == "\n" and text[j + 1:j + 2] == "\n":
                        j = n
                        break
                    j += 1
                if j < n and j - i < limit and text[j] in closers:
                    out.append((i, j + 1))
                    # Inner (nested) quotes of another style.
                    inner = text[i + 1:j]
                    if c != "‚" and "‚" in inner:
                        out.extend((i + 1 + a, i + 1 + b) for a, b in find_quotes(inner) if inner[a] == "‚")
                    i = j + 1
                    continue
        i += 1
    return out


class TokenViews:
    """Token views used by the rules (plain lists are much faster than spaCy attribute access)."""

    def __init__(self, doc):
        self.doc = doc
        toks = [(t.text, t.idx, t.is_sent_start) for t in doc]
        self.T = [x[0] for x in toks]
        self.L = [x.lower() for x in self.T]
        self.idx = [x[1] for x in toks]
        self.start = [bool(x[2]) for x in toks]
        self.n = len(doc)
        self._mood: dict[int, str | None] = {}

    def mood(self, i: int) -> str | None:
        m = self._mood.get(i, 0)
        if m == 0:
            # Same as lang.mood.token_mood, on the cached token lists.
            prev = None if (i == 0 or self.start[i]) else self.L[i - 1]
            nxt = self.L[i + 1] if i + 1 < self.n else None
            m = self._mood[i] = word_mood(self.T[i], prev, nxt)
        return m

    def end_char(self, i: int) -> int:
        return self.idx[i] + len(self.T[i])


def is_cap(t: str) -> bool:
    """Capitalised: a noun or a name in German (no parser tells them apart)."""
    return t[:1].isupper()


def adjlike(l: str) -> bool:
    """An inflected adjective or participle by its ending (a lower-case word before a noun)."""
    return l.isalpha() and l.endswith(("e", "en", "er", "es", "em")) and l not in lx.CONJ_CLAUSE and len(l) > 2
