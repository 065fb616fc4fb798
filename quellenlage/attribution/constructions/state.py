"""The extraction state the constructions share: the records they write and the token marks they leave.

Every construction reads an `Extraction` (the article's token views, sentences and quotations) and writes
`Rec` records to it; `used` marks the tokens a frame has consumed so that the readers after it do not read them
again (the order of the readers in `rules.py` decides who gets a token first). A record holds token ranges for
cue, speaker and addressee and character ranges for the content; `attributions.py` turns them into spans.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .citations import cited_sources
from .noun_phrases import named, noun_phrase, subject_np
from .speech_verbs import finite_cue, speaker_main
from .tokens import TokenViews, find_quotes


@dataclass
class Rec:
    """One attribution as the constructions read it: cue, speaker and addressee as token ranges, content as
    character ranges, and where an inherited speaker came from."""

    type: str
    sent: int
    cue: list[tuple[int, int]]  # token ranges
    speaker: tuple[int, int] | None
    content: list[tuple[int, int]]  # char ranges
    medium: str = "unknown"
    addressee: tuple[int, int] | None = None
    cue_implicit: bool = False
    speaker_from: int | None = None  # index of the record the speaker was inherited from
    berufung: list[tuple[int, int]] = field(default_factory=list)  # "unter Berufung auf X und Y" token ranges
    speaker_key: tuple[int, int] | None = None  # the speaker span before re-pointing to its nearest mention
    no_source: bool = False  # the speaker phrase names no source ("nach ersten Erkenntnissen"): no chain node


class Extraction:
    """One article's tokens, sentences and quotations, the records read from them so far and the tokens used."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.d = TokenViews(ctx.doc)
        self.text = ctx.text
        self.en = ctx.lang == "en"
        self.sents = [(s.start, s.end) for s in ctx.analysable_sentences()]
        self.tok_sent = [-1] * self.d.n
        for si, (a, b) in enumerate(self.sents):
            for i in range(a, b):
                self.tok_sent[i] = si
        self.in_quote = [False] * self.d.n
        self.quotes = []  # token ranges [a, b) including marks
        for cs, ce in find_quotes(self.text):
            a, b = self._char_to_tokens(cs, ce)
            if a is None:
                continue
            self.quotes.append((a, b, cs, ce))
            if cs and self.text[cs] == "‚":
                continue
            for i in range(a + 1, b - 1):
                self.in_quote[i] = True
        self.q_at = {a: b for a, b, _, _ in self.quotes}
        self.used = [False] * self.d.n  # tokens consumed as frame
        self.recs: list[Rec] = []
        self.antecedents: dict[tuple[int, int], tuple[int, int]] = {}  # pronoun speaker -> its antecedent
        self.mentions = list(getattr(ctx.annotations, "mentions", None) or [])

    def _char_to_tokens(self, cs: int, ce: int):
        a = bisect.bisect_right(self.d.idx, cs) - 1
        b = bisect.bisect_left(self.d.idx, ce)
        if a < 0 or b <= a:
            return None, None
        return a, b

    def consume(self, *ranges) -> None:
        """Mark token ranges (start, end) as used by a frame, so later passes do not read them again; None skips."""
        for r in ranges:
            if r:
                self.used[r[0]:r[1]] = [True] * (r[1] - r[0])

    def content_range(self, a: int, b: int, keep_final: bool = False) -> tuple[int, int] | None:
        """Character range of tokens [a, b) without leading/trailing commas, dashes and (optionally) the period."""
        T = self.d.T
        while a < b and T[a] in (",", ":", "–", "—", "-", ";"):
            a += 1
        while b > a and (T[b - 1] in (",", ":", "–", "—", ";") or (not keep_final and T[b - 1] in (".", "!", "?"))):
            b -= 1
        while b > a and self.d.doc[b - 1].is_space:
            b -= 1
        if b <= a:
            return None
        return (self.d.idx[a], self.d.end_char(b - 1))

    # The names speakers.py, backrefs.py, chains.py and english.py call on the extraction they are handed.
    _consume = consume
    _content_range = content_range
    _np = noun_phrase
    _subject_np = subject_np
    _named = named
    _finite_cue = finite_cue
    _speaker_main = speaker_main
    _berufung = cited_sources
