"""Back-pointer frames: a sentence that only names the source of the sentence before it.

"„Das war ein Test.“ Das sagte die Ministerin am Sonntag." · "Bei dem Brand wurden 14 Menschen verletzt. Das
teilte die Feuerwehr mit." · "CNN berichtet, dass X. Dies äußerte der Präsident."

Definition: a back-pointer ("Das", "Dies") fills the Vorfeld, a speech verb follows it at once (or an auxiliary
of one: "Das hat X bestätigt"), its subject comes after the verb, and the sentence says nothing of its own (no
dass/ob-clause, colon or quotation). What the pointer refers to is the sentence before, and it is read so:

- a quotation standing alone there gets this frame (cue, speaker, addressee) instead of inheriting the previous
  speaker;
- a sentence without any attribution becomes the content of a new attribution with this frame;
- a sentence attributed to a news medium ("CNN berichtet, dass ...") is what the medium relays from this source:
  the source is cited by the medium (outlet -> CNN -> source);
- a sentence with a source of its own that is no medium is left as it is: a second source of the same statement
  ("Das bestätigte auch X") is a second origin, no relay, and the claims stage reads it.
"""
from __future__ import annotations

from .antecedents import mention_index
from .constructions.state import Rec
from .kinds import head_mention, node_kind
from .speakers import split_dative_medium

POINTERS = ("das", "dies")


def _cue_at(ex, lo: int, hi: int):
    """The speech-verb cue whose finite verb stands right after the pointer, or None."""
    for k in range(lo + 1, min(hi, lo + 10)):
        if ex.in_quote[k] or ex.used[k]:
            return None
        c = ex._finite_cue(k, lo, hi)
        if c:
            return c if c[2] == lo + 1 else None
    return None


def _is_medium(ex, r) -> bool:
    d = ex.d
    cs, ce = d.idx[r[0]], d.end_char(r[1] - 1)
    return node_kind(ex.text[cs:ce], head_mention(mention_index(ex), cs, ce)) == "media"


def frame(ex, si: int, lo: int, hi: int) -> bool:
    """Read sentence si [lo, hi) as a back-pointer frame (see the module docstring); True when it was one."""
    T, L = ex.d.T, ex.d.L
    if ex.en or si == 0 or hi - lo < 3 or L[lo] not in POINTERS or ex.used[lo] or ex.in_quote[lo]:
        return False
    c = _cue_at(ex, lo, hi)
    if c is None:
        return False
    if any(ex.in_quote[k] or T[k] == ":" or T[k][:1] in "„“”»«\"" or L[k] in ("dass", "daß", "ob")
           for k in range(lo, hi)):
        return False  # it says something of its own
    cue, medium, vfin, _ = c
    cue_tokens = {k for r in cue for k in range(*r)}
    sp, addr = ex._speaker_main(vfin, lo, hi, cue_tokens)
    if sp is None or sp[0] <= vfin or L[sp[0]] in ("es", "man"):
        return False
    sp, addr2 = split_dative_medium(ex, sp)
    addr = addr or addr2
    plo, phi = ex.sents[si - 1]
    prev = [r for r in ex.recs if r.sent == si - 1]
    content = ex._content_range(plo, phi, keep_final=True)
    if content is None:
        return False
    if prev:
        quote = next((r for r in prev if r.type == "direct" and r.speaker_from == -1), None)
        if quote is not None and len(prev) == 1:
            quote.cue, quote.speaker, quote.addressee = cue, sp, addr
            quote.speaker_from, quote.cue_implicit, quote.medium = None, False, medium
        else:
            relay = next((r for r in prev if r.speaker is not None and r.speaker_from is None
                          and not r.berufung and _is_medium(ex, r.speaker)), None)
            if relay is None:
                return False
            relay.berufung = [sp]
    else:
        if T[phi - 1] not in (".", "!") or phi - plo < 4 or ex.text[ex.d.idx[plo]:content[1]].count("\n"):
            return False  # no statement before (a heading, a caption line)
        ex.recs.append(Rec("indirect", si - 1, cue, sp, [content], medium=medium, addressee=addr))
    ex._consume((lo, hi))
    return True
