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


def _inside(m, ranges) -> bool:
    return any(a <= m.start and m.end <= b for a, b in ranges)


def pronoun_antecedents(ex, recs) -> dict[tuple[int, int], tuple[int, int]]:
    """{pronoun speaker range: antecedent speaker range} for the records' pronoun speakers (module docstring)."""
    d = ex.d
    contents = [c for r in recs for c in r.content if c and c[0] is not None]
    ordered = sorted((r for r in recs if r.speaker is not None), key=lambda r: r.speaker[0])
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r in ordered:
        a, b = r.speaker
        pron = d.L[a]
        if b - a != 1 or pron not in PRON_M + PRON_F + BACK or r.speaker_from is not None:
            continue
        before = [q for q in ordered if q.speaker[1] <= a and r.sent - 2 <= q.sent <= r.sent
                  and q.speaker_from is None]
        if not before:
            continue
        q = before[-1]
        target = out.get(q.speaker, q.speaker)
        if q.speaker[1] - q.speaker[0] == 1 and d.L[q.speaker[0]] in PRON_M + PRON_F and q.speaker not in out:
            continue  # a pronoun nobody resolved: the usual resolution
        if pron in BACK:
            out[(a, b)] = target  # "demnach": the source named before, whoever it is
            continue
        if not _agrees(ex, pron, target):
            continue
        lo_c, hi_c = d.end_char(q.speaker[1] - 1), d.idx[a]
        between = [m for m in ex.mentions if m.kind == "name" and m.label == "PER" and lo_c <= m.start
                   and m.end <= hi_c and not _inside(m, contents)]
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
    roles = {}
    for at in getattr(ex.ctx.annotations, "attributes", None) or []:
        if at.kind in ("role", "title"):
            roles.setdefault(at.mention_id, []).append(at.value)
    best = None
    for m in ex.mentions:
        if m.kind != "name" or m.label != "PER" or m.end > cs:
            continue
        # The words before the name in its sentence ("Landrat Dieter Wallner", "Die Präsidentin des Amts, Katrin
        # Vogel"), the apposition after it ("Dieter Wallner (58), Landrat des Kreises"), its role attributes.
        before = re.findall(r"[\w-]+", re.split(r"[.!?:;]", ex.text[max(0, m.start - 60):m.start])[-1])[-5:]
        after = re.findall(r"[\w-]+|[,.;()]", ex.text[m.end:m.end + 60])[:6]
        appos = after[after.index(",") + 1:] if "," in after[:4] else []
        said = before + appos + [w for v in roles.get(m.id, []) for w in v.split()]
        if any(_role_words(w) & stems for w in said):
            if best is None or m.start > best.start:
                best = m
    return best


def speaker_resolver(ctx, mentions):
    """resolve(cs, ce, pron) -> (mention, named antecedent) for a speaker phrase, as the chain builder wants it:
    the overlapping mention (a name preferred); a pronoun or a definite nominal ("der Sprecher", "the company")
    goes to the nearest named PER/ORG before it. An indefinite nominal ("Ein Sprecher") introduces someone new and
    one with an owner ("Der Sprecher des Konzerns") says whose it is: neither refers back. Media speak through
    people, so no medium is a pronoun's antecedent. Shared by the German rules and the English frames."""
    from .kinds import node_kind

    def mention_for(cs, ce):
        best = None
        for m in mentions:
            if m.start < ce and cs < m.end and (best is None or (m.kind == "name") > (best.kind == "name")):
                best = m
        return best

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
            prev = [x for x in mentions if x.end <= cs and x.kind == "name" and x.label in want
                    and not (x.label == "ORG" and node_kind(x.text, x) == "media")]
            if prev:
                return (m or prev[-1]), prev[-1]
        return m, None

    return resolve
