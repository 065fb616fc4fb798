"""Who a speaker phrase without a name of its own refers to: a pronoun ("sagte er") or a definite role noun ("sagte
der Landrat").

- "demnach" ("according to that") is the source named before it, within two sentences.
- A third-person pronoun that is a speaker continues the last speaker named before it (within two sentences),
  when that speaker agrees with it ("er": no feminine phrase, "sie": no masculine singular one) and no other
  person is named between them outside reported content. What an attribution reports ("..., Ostendorf sei
  krank. Er bestätigte ...") is talked about, not talking: a name inside reported content is no antecedent.
- A definite role noun phrase ("der Landrat", "die Ministerin", "the administrator") refers back to the nearest
  person named before with that role: "Landrat Dieter Wallner", "Dieter Wallner, Landrat des Kreises", or a
  role attribute of the entities stage. An indefinite one ("ein Sprecher") introduces someone new and refers back
  to nobody.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..context import SpanIndex, SpanLookup
from . import lexicon as lx

# "Die Explosion ereignete sich demnach ...": the source phrase points back to the source before it.
BACK = ("demnach", "demzufolge")
PRON_M = ("er", "he")
PRON_F = ("sie", "she")
_FEM_DET = ("die", "eine", "einer")
_MASC_DET = ("der", "ein")
_ENDINGS = ("", "s", "n", "en", "e", "in", "innen")


def _agrees(ex, pron: str, r: tuple[int, int]) -> bool:
    """The phrase at r can be what `pron` refers to (grammatical gender of its determiner and head noun)."""
    L = ex.d.L
    first = L[r[0]]
    head = next((L[k] for k in range(r[1] - 1, r[0] - 1, -1) if ex.d.T[k][:1].isupper() and L[k] not in lx.DET),
                "")
    feminine = first in _FEM_DET or (head.endswith("in") and len(head) > 5 and first in lx.DET)
    if pron in PRON_M:
        return not feminine
    if pron in PRON_F:
        return not (first in _MASC_DET and not head.endswith("in"))
    return False


def pronoun_antecedents(ex, recs) -> dict[tuple[int, int], tuple[int, int]]:
    """{pronoun speaker range: antecedent speaker range} for the records' pronoun speakers (module docstring)."""
    d = ex.d
    contents = [c for r in recs for c in r.content if c and c[0] is not None]
    reported = SpanIndex(contents)
    ordered = sorted((r for r in recs if r.speaker is not None), key=lambda r: r.speaker[0])
    in_sentence: dict[int, list[int]] = {}  # sentence -> positions in `ordered` of its records, ascending
    for pos, q in enumerate(ordered):
        in_sentence.setdefault(q.sent, []).append(pos)
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r in ordered:
        a, b = r.speaker
        pron = d.L[a]
        if b - a != 1 or pron not in PRON_M + PRON_F + BACK or r.speaker_from is not None:
            continue
        # the last record (in `ordered`) of this or the two sentences before whose speaker ends before the pronoun
        before = [pos for s in (r.sent - 2, r.sent - 1, r.sent) for pos in in_sentence.get(s, ())
                  if ordered[pos].speaker[1] <= a and ordered[pos].speaker_from is None]
        if not before:
            continue
        q = ordered[max(before)]
        target = out.get(q.speaker, q.speaker)
        if q.speaker[1] - q.speaker[0] == 1 and d.L[q.speaker[0]] in PRON_M + PRON_F and q.speaker not in out:
            continue  # a pronoun nobody resolved: the usual resolution
        if pron in BACK:
            out[(a, b)] = target  # "demnach": the source named before, whoever it is
            continue
        if not _agrees(ex, pron, target):
            continue
        lo_c, hi_c = d.end_char(q.speaker[1] - 1), d.idx[a]
        between = [m for m in mention_index(ex).inside(lo_c, hi_c) if m.kind == "name" and m.label == "PER"
                   and not reported.contains(m.start, m.end)]
        if between:
            continue  # someone else was named in between
        out[(a, b)] = target
    return out


def _role_words(word: str) -> set[str]:
    w = word.lower()
    return {w[:len(w) - len(e)] if e else w for e in _ENDINGS if w.endswith(e) and len(w) - len(e) > 3}


def role_antecedent(ex, cs: int, ce: int):
    """The name mention a definite role phrase [cs, ce) ("der Landrat") refers back to, or None."""
    words = re.findall(r"[\w-]+", ex.text[cs:ce])
    if len(words) < 2 or words[0].lower() not in ("der", "die", "the") or not words[-1][:1].isupper() \
            and words[0].lower() != "the":
        return None
    if any(w.lower() in ("des", "der", "von", "vom", "of") for w in words[1:]):
        return None  # "der Sprecher des Konzerns": its owner says who it is
    head = words[-1]
    if not head[:1].isupper() and words[0].lower() != "the":
        return None
    stems = _role_words(head)
    if not stems:
        return None
    return _role_index(ex).last_before(stems, cs)


def mention_index(ex) -> SpanLookup:
    """The article's mentions by position (built once per extractor)."""
    cached = getattr(ex, "_mention_index", None)
    if cached is None or cached[0] is not ex.mentions or cached[1] != len(ex.mentions):
        cached = ex._mention_index = (ex.mentions, len(ex.mentions), SpanLookup(ex.mentions))
    return cached[2]


class _RoleIndex:
    """The person names of an article by the role stems said with them: the words before the name in its
    sentence ("Landrat Dieter Wallner", "Die Präsidentin des Amts, Katrin Vogel"), the apposition after it
    ("Dieter Wallner (58), Landrat des Kreises") and its role attributes. Built once per article; a lookup per
    role phrase instead of reading every name before it again."""

    def __init__(self, ex):
        roles: dict[str, list[str]] = {}
        for at in getattr(ex.ctx.annotations, "attributes", None) or []:
            if at.kind in ("role", "title"):
                roles.setdefault(at.mention_id, []).append(at.value)
        self.mentions = ex.mentions
        self.count = len(ex.mentions)
        by_stem: dict[str, list[tuple[int, int]]] = {}
        for i, m in enumerate(ex.mentions):
            if m.kind != "name" or m.label != "PER":
                continue
            before = re.findall(r"[\w-]+", re.split(r"[.!?:;]", ex.text[max(0, m.start - 60):m.start])[-1])[-5:]
            after = re.findall(r"[\w-]+|[,.;()]", ex.text[m.end:m.end + 60])[:6]
            appos = after[after.index(",") + 1:] if "," in after[:4] else []
            said = before + appos + [w for v in roles.get(m.id, []) for w in v.split()]
            for stem in set().union(*(_role_words(w) for w in said)):
                by_stem.setdefault(stem, []).append((m.start, i))
        self.by_stem = {s: sorted(v) for s, v in by_stem.items()}
        self.starts = {s: [a for a, _ in v] for s, v in self.by_stem.items()}

    def last_before(self, stems: set[str], cs: int):
        """The name said with one of `stems` that ends by `cs` and starts last (the first such in the article's
        mention order on a tie), or None."""
        best = None  # (start, -index)
        for stem in stems:
            items, starts = self.by_stem.get(stem), self.starts.get(stem)
            if not items:
                continue
            k = bisect_right(starts, cs) - 1
            while k >= 0:
                start = items[k][0]
                group = []
                while k >= 0 and items[k][0] == start:
                    if self.mentions[items[k][1]].end <= cs:
                        group.append(items[k][1])
                    k -= 1
                if group:
                    cand = (start, -min(group))
                    if best is None or cand > best:
                        best = cand
                    break
        return None if best is None else self.mentions[-best[1]]


def _role_index(ex) -> _RoleIndex:
    index = getattr(ex, "_role_index", None)
    if index is None or index.mentions is not ex.mentions or index.count != len(ex.mentions):
        index = ex._role_index = _RoleIndex(ex)
    return index


def speaker_resolver(ctx, mentions):
    """resolve(cs, ce, pron) -> (mention, named antecedent) for a speaker phrase, as the chain builder wants it:
    the overlapping mention (a name preferred); a pronoun or a definite nominal ("der Sprecher", "the company")
    goes to the nearest named PER/ORG before it. An indefinite nominal ("Ein Sprecher") introduces someone new and
    one with an owner ("Der Sprecher des Konzerns") says whose it is: neither refers back. Media speak through
    people, so no medium is a pronoun's antecedent. Shared by the German rules and the English frames."""
    from .kinds import node_kind

    lookup = SpanLookup(mentions)
    in_order = all(a.start <= b.start for a, b in zip(mentions, mentions[1:]))
    named: dict[tuple, tuple[list, list]] = {}  # want -> (mentions a pronoun may refer to, their starts)

    def mention_for(cs, ce):
        best = None
        for m in lookup.overlapping(cs, ce):
            if best is None or (m.kind == "name") > (best.kind == "name"):
                best = m
        return best

    def can_refer(x, want) -> bool:
        return x.kind == "name" and x.label in want and not (x.label == "ORG" and node_kind(x.text, x) == "media")

    def last_named(cs, want):
        """The last mention (in mention order) ending by `cs` that a pronoun wanting `want` may refer to."""
        if not in_order:
            prev = [x for x in mentions if x.end <= cs and can_refer(x, want)]
            return prev[-1] if prev else None
        if want not in named:
            ok = [x for x in mentions if can_refer(x, want)]
            named[want] = (ok, [x.start for x in ok])
        ok, starts = named[want]
        k = bisect_right(starts, cs) - 1  # ending by cs, a mention starts by cs too
        while k >= 0 and ok[k].end > cs:
            k -= 1
        return ok[k] if k >= 0 else None

    def resolve(cs, ce, pron: bool):
        m = mention_for(cs, ce)
        if m is not None and (m.kind == "name" or m.entity_id):
            return m, None
        low = ctx.text[cs:ce].lower()
        words = low.split()
        refers_back = pron or (m is not None and m.kind in ("pronoun", "nominal") and words[0] in (
            "der", "die", "das", "the") and not any(w in ("des", "der", "von", "vom", "of") for w in words[1:]))
        if refers_back:
            want = ("PER",) if low in ("er", "he", "she") else ("PER", "ORG") if (
                "sprecher" in low or low in ("sie", "they")) else ((m.label,) if m is not None else ("PER", "ORG"))
            prev = last_named(cs, want)
            if prev is not None:
                return (m or prev), prev
        return m, None

    return resolve
