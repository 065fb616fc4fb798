"""Frames: the clause that introduces an attribution's content.

A frame is the cue and the speaker with the words around them up to the content, as the quotation corpora
annotate it: everything of the sentence on the cue's side of the content ("Laut BBC sagte der Minister am Montag,"
before a dass-clause; ", so der Sprecher" after a quote; ", stellte X fest," between two parts of one), with the
comma or colon that separates it from the content, without the sentence's final punctuation. A source phrase
inside its sentence ("lag nach Angaben der Behörde bei") is its phrase only, and it is cut out of the content.

The frame stops at the content of this or another attribution, at a sentence boundary (final punctuation, a
semicolon, a line break) and before the conjunction that starts another attribution's frame ("..., sagte X und
fügte hinzu, ..."). Free indirect speech, continued quotes and reported content (cue inside the content) have no
frame; nor has an attribution whose cue lies in another sentence than its content's edge.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from . import lexicon as lx

SENT_END = {".", "!", "?", "…", ";"}
QUOTE_MARKS = set("„“”»«\"‚‘›‹'")
SEPARATORS = {",", ":", "–", "—", "-"}
JOINERS = {"und", "sowie", "oder", "aber", "and", "or", "but"}
# Words that open the content clause: the frame ends before them even when the content span starts later
# ("sagte, dass „..."": "dass" belongs to neither).
CLAUSE_OPENERS = {"dass", "daß", "ob", "that", "whether"}
# Prepositions of a source phrase: its frame is the phrase alone, wherever it stands ("lag laut X bei").
SOURCE_PREPS = lx.SOURCE_PREPS
GENITIVE_STARTS = {"von", "vom", "der", "des", "eines", "einer", "of"}
RELATIVES = {"der", "die", "das", "welche", "welcher", "welches", "dessen", "deren", "denen", "dem", "den",
             "who", "which", "whose"}
APPOSITION_STARTS = {"einem", "einer", "dem", "der", "des", "eines", "a", "an", "the"}


class Tokens:
    """Token lists of one article (plain lists: spaCy attribute access per token is slow) and char -> token maps."""

    def __init__(self, ctx):
        doc = ctx.doc
        self.text = ctx.text
        self.T = [t.text for t in doc]
        self.L = [t.lower() for t in self.T]
        self.start = [t.idx for t in doc]
        self.end = [t.idx + len(t.text) for t in doc]
        self.sent_start = [bool(t.is_sent_start) for t in doc]
        self.space = [t.is_space for t in doc]
        self.n = len(self.T)

    def range(self, cs: int, ce: int) -> tuple[int, int]:
        """Token range [a, b) of the tokens overlapping chars [cs, ce)."""
        a = max(0, bisect_right(self.start, cs) - 1)
        if a < self.n and self.end[a] <= cs:
            a += 1
        b = bisect_left(self.start, ce)
        return a, max(a, b)

    def tokens(self, spans) -> set[int]:
        out: set[int] = set()
        for s in spans:
            a, b = self.range(s.start, s.end)
            out.update(range(a, b))
        return out

    def line_break_before(self, k: int) -> bool:
        """A line break between token k-1 and token k (or k is a whitespace token holding one)."""
        if k <= 0:
            return True
        return "\n" in self.text[self.end[k - 1]:self.start[k]] or (self.space[k] and "\n" in self.T[k])

    def sentence_end(self, k: int) -> bool:
        """Token k closes a sentence: final punctuation, or a closing quote mark right after it."""
        t = self.T[k]
        if t in SENT_END:
            return True
        return t in QUOTE_MARKS and k > 0 and self.T[k - 1] in SENT_END


# A lone auxiliary or modal as cue ("Anfangs habe er das nicht geglaubt, dass ..."): Konjunktiv continuation,
# not a clause that introduces the content.
AUX_CUES = {"habe", "hätte", "sei", "seien", "wäre", "wären", "werde", "würde", "würden", "könne", "müsse", "solle",
            "soll", "sollen", "wolle", "dürfe", "haben", "hätten"}


class CountedSet:
    """Tokens held as content by some attribution other than the ones in `exclude` (membership by counts)."""

    def __init__(self, counts: dict[int, int], own: set[int], exclude: list[set[int]]):
        self.counts, self.own, self.exclude = counts, own, exclude

    def __contains__(self, k: int) -> bool:
        n = self.counts.get(k, 0) - sum(1 for c in self.exclude if k in c)
        return n > 0


class OwnedSet:
    """Cue tokens of other attributions' cues (a cue shared with this one does not count), outside `own`."""

    def __init__(self, owners: dict[int, set], mine: frozenset, own: set[int]):
        self.owners, self.mine, self.own = owners, mine, own

    def __contains__(self, k: int) -> bool:
        return k not in self.own and any(c != self.mine for c in self.owners.get(k, ()))


class _AnyOf:
    """Membership in any of several token collections (sets, CountedSet)."""

    def __init__(self, *parts):
        self.parts = parts

    def __contains__(self, k) -> bool:
        return any(k in p for p in self.parts)


def has_frame(att) -> bool:
    if att.cue_implicit or att.type in ("reported", "free_indirect"):
        return False
    parts = att.cue_parts or [att.cue]
    return not (len(parts) == 1 and parts[0].text.lower() in AUX_CUES)


def _anchor(tk: Tokens, att, own: set[int]) -> tuple[int, int] | None:
    """The token range of cue and speaker that the frame grows from: the cue, joined by the speaker when no
    content lies between them."""
    parts = att.cue_parts or [att.cue]
    cue = sorted(tk.tokens(parts))
    if not cue:
        return None
    lo, hi = cue[0], cue[-1] + 1
    if any(k in own for k in range(lo, hi)):
        return None  # a cue around its own content (rare): no single clause
    if lo > 0 and tk.L[lo - 1] in JOINERS and (att.speaker is None or att.speaker.end <= tk.start[lo - 1]):
        # "Er halte X für vertretbar und bezeichnete Y als ...": the second clause's frame starts at "und"; the
        # subject before it stays out (the clause before is, more often than not, content of its own).
        return lo - 1, hi
    if att.speaker is not None:
        a, b = tk.range(att.speaker.start, att.speaker.end)
        if b > a:
            lo2, hi2 = min(lo, a), max(hi, b)
            if not any(k in own or tk.sentence_end(k) for k in range(lo2, hi2) if not (a <= k < b)):
                lo, hi = lo2, hi2
    return lo, hi


def frame_range(tk: Tokens, att, own: set[int], blocked: set[int], foreign_cues: set[int],
                phrases: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """The frame's token range [a, b), or None. `own`: this attribution's content tokens; `blocked`: content
    tokens of other attributions that do not hold this one's cue; `foreign_cues`: cue tokens of other frames;
    `phrases`: tokens of other attributions' source phrases ("Laut der Agentur hält es X für möglich, ...": the
    phrase is the frame of its own attribution)."""
    anchor = _anchor(tk, att, own)
    if anchor is None:
        return None
    lo, hi = anchor
    stop = _AnyOf(own, blocked, phrases)
    lo_fixed = tk.L[lo] in JOINERS  # the frame of a second clause starts at its "und" (see _anchor)
    # Leftwards to the sentence start, a content, or a separator that follows another attribution's frame.
    while not lo_fixed and lo > 0 and not tk.sent_start[lo] and not tk.line_break_before(lo):
        k = lo - 1
        if k in stop or tk.sentence_end(k) or tk.T[k] == ":" or tk.space[k]:
            break
        if k in foreign_cues:
            lo = _after_foreign(tk, lo, hi)
            break
        lo = k
    # Rightwards to the content, the sentence's final punctuation, or the start of another frame.
    while hi < tk.n and not tk.sent_start[hi] and not tk.line_break_before(hi):
        k = hi
        if k in stop or tk.sentence_end(k) or tk.space[k]:
            break
        if k in foreign_cues:
            hi = _before_foreign(tk, lo, hi)
            break
        if tk.L[k] in CLAUSE_OPENERS and k > 0 and tk.T[k - 1] == ",":
            break
        hi = k + 1
        if tk.T[k] == ":":
            break  # "sagte er:" ends the frame whatever follows
        if tk.T[k] == "," and k + 1 < tk.n and k + 1 not in stop and not (tk.L[k + 1] in RELATIVES
                                                                          and tk.T[k - 1][:1].isupper()):
            break  # "meinte nun, der Mann „...“": the words between comma and content are in no role
    # Quote marks at the edges belong to the content, not to the frame.
    # (an unbalanced mark at an edge opens or closes the content; a quoted name "„Al Jazeera“" stays whole).
    while hi > anchor[1] and tk.T[hi - 1] in QUOTE_MARKS and _unbalanced(tk, lo, hi):
        hi -= 1
    while lo < anchor[0] and tk.T[lo] in QUOTE_MARKS and _unbalanced(tk, lo, hi):
        lo += 1
    return (lo, hi) if hi > lo else None


def _unbalanced(tk: Tokens, lo: int, hi: int) -> bool:
    return sum(1 for k in range(lo, hi) if tk.T[k] in QUOTE_MARKS) % 2 == 1


def _before_foreign(tk: Tokens, lo: int, hi: int) -> int:
    """Right end before another attribution's frame: back over "und"/"," that joins the two clauses."""
    while hi > lo + 1 and (tk.L[hi - 1] in JOINERS or tk.T[hi - 1] == ","):
        hi -= 1
    return hi


def _after_foreign(tk: Tokens, lo: int, hi: int) -> int:
    """Left end after another attribution's frame: at the joining "und" or comma, else where the scan stopped."""
    k = lo
    while k < hi and tk.L[k] not in JOINERS and tk.T[k] != ",":
        k += 1
    return k if k < hi else lo


def is_source_phrase(tk: Tokens, att) -> bool:
    """"laut X", "nach Angaben von X", "X zufolge": a prepositional phrase, not a clause."""
    cue = sorted(tk.tokens(att.cue_parts or [att.cue]))
    return len(cue) == 1 and tk.L[cue[0]] in SOURCE_PREPS


def phrase_range(tk: Tokens, att, own: set[int]) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """A source phrase's frame: cue and speaker joined, with the rest of its noun phrase that the speaker span
    left out ("nach Angaben [von X]", "Nach Angaben von X[, einem Sprecher der Firma,]", "laut einer Erklärung
    der Behörde [und der Polizei]"). May reach into the content: the caller cuts the content back. Returns
    (frame range, speaker range or None): the speaker is the phrase without its preposition, its relative clause
    and its final comma ("Angaben von X, einem Sprecher der Firma")."""
    parts = [att.cue] + ([att.speaker] if att.speaker is not None else [])
    toks = sorted(tk.tokens(parts))
    if not toks:
        return None
    lo, hi = toks[0], toks[-1] + 1
    if any(tk.sentence_end(k) or tk.line_break_before(k) for k in range(lo + 1, hi)):
        return None
    cue_toks = tk.tokens([att.cue])
    if not cue_toks or min(cue_toks) != lo or att.speaker is None:
        return (lo, hi), None  # "X zufolge", "seiner Meinung nach", a bare "laut": nothing to grow
    sp_end = hi = _np_tail(tk, hi)
    if hi < tk.n and tk.T[hi] == "," and hi + 1 < tk.n:
        nxt = tk.L[hi + 1]
        end = _next_comma(tk, hi + 1)
        if end is not None and nxt in APPOSITION_STARTS and tk.T[hi + 2:hi + 3] != [","]:
            hi, sp_end = end + 1, end  # the apposition with its closing comma (the speaker without it)
        elif end is not None and nxt in RELATIVES:
            hi = end + 1  # a relative clause: in the frame, not in the speaker
    return (lo, hi), (lo + 1, sp_end)


def _np_tail(tk: Tokens, hi: int) -> int:
    """The end of a genitive or von-phrase continuing at hi ("von n24", "der Zeitung The Jakarta Post", "einer
    Sprecherin der Stadt"), or hi itself."""
    if hi >= tk.n or tk.L[hi] not in GENITIVE_STARTS and not (tk.L[hi] in JOINERS and hi + 1 < tk.n
                                                             and tk.L[hi + 1] in GENITIVE_STARTS):
        return hi
    k = hi
    while k < tk.n and not tk.space[k] and not tk.line_break_before(k) and (k == hi or not tk.sent_start[k]):
        t, low = tk.T[k], tk.L[k]
        lower_name = k > hi and tk.L[k - 1] in ("von", "vom") and any(c.isdigit() or c in "-." for c in t)
        if low in GENITIVE_STARTS or t[:1].isupper() or t[:1].isdigit() or lower_name or t in QUOTE_MARKS and k > hi \
                or low in ("und", "and") and k + 1 < tk.n and (tk.L[k + 1] in GENITIVE_STARTS or tk.T[k + 1][:1].isupper()) \
                or low.isalpha() and low.endswith(("e", "en", "er", "es", "em")) and k + 1 < tk.n \
                and tk.T[k + 1][:1].isupper() and low not in ("sollen", "werden", "haben", "wurden", "waren"):
            k += 1
            continue
        break
    # never end on a joiner or an opening quote mark
    while k > hi and (tk.L[k - 1] in JOINERS or tk.T[k - 1] in ("„", "»")):
        k -= 1
    return k


def _next_comma(tk: Tokens, k: int, limit: int = 20) -> int | None:
    for j in range(k, min(tk.n, k + limit)):
        if tk.T[j] == ",":
            return j
        if tk.sentence_end(j) or tk.T[j] in QUOTE_MARKS or tk.line_break_before(j):
            return None
    return None
