"""Headline attributions: "Agentur: Regierung tritt zurück", "Selenskyj: ...".

News titles put their source before a colon. The words before the colon are the speaker and the rest of the line
the content, when they are few, capitalised, at a line's start among an article's first sentences, and name a
source (a person or organisation, an acronym, a source word) rather than a place or topic ("Unfall am Fluss:
..."). It is the first reader of a sentence: a title line has no verb frame to compete with.
"""
from __future__ import annotations

from .. import antecedents
from .. import lexicon as lx
from .state import Rec
from .tokens import is_cap


def headline(ex, si: int, lo: int, hi: int) -> bool:
    """Read sentence si [lo, hi) as a headline attribution ("Agentur: ..."): a short capitalised source before a
    colon, at the start of a line among the first three sentences; True when it was one."""
    T, L = ex.d.T, ex.d.L
    if hi - lo <= 3:
        return False
    for k in range(lo + 1, min(lo + 5, hi - 1)):
        if T[k] == ":":
            if all(is_cap(T[m]) or L[m] in lx.DET for m in range(lo, k)) and not any(
                    ex.used[m] or ex.in_quote[m] for m in range(lo, k)) and ex.d.mood(k - 1) is None:
                nl = ex.text.rfind("\n", 0, ex.d.idx[lo])
                line_start = ex.text[nl + 1:ex.d.idx[lo]].strip() == ""
                if line_start and si < 3 and _headline_source(ex, lo, k):
                    c = ex.content_range(k + 1, hi, keep_final=True)
                    if c:
                        ex.recs.append(Rec("source_phrase", si, [(k, k + 1)], (lo, k), [c], medium="unknown"))
                        return True
            break  # only the first colon
    return False


def _headline_source(ex, lo: int, k: int) -> bool:
    """"Agentur: ...", "Selenskyj: ..." at a title line's start attribute the title only when the words before
    the colon name a source: a person or organisation mention, an acronym or a source word. A place or a
    topic ("Kessingen: ...", "Unfall am Fluss: ...") is the title's subject, not its speaker."""
    cs, ce = ex.d.idx[lo], ex.d.end_char(k - 1)
    over = [m for m in antecedents.mention_index(ex).overlapping(cs, ce) if m.kind in ("name", "acronym")]
    if any(m.label == "LOC" for m in over):
        return False
    if any(m.label in ("PER", "ORG") for m in over):
        return True
    words = [ex.d.T[m] for m in range(lo, k) if ex.d.L[m] not in lx.DET]
    if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
        return True
    low = " ".join(w.lower() for w in words)
    return any(w in low for w in lx.MEDIA_WORDS + lx.ORG_WORDS + lx.PERSON_WORDS if len(w) > 3)
