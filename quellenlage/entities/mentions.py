"""Mention finding on a tokenised article: names (NER), demonyms, metonyms, pronouns and role nominals.

Everything works on token indices of `ctx.doc` and returns (start_char, end_char, label, kind, origin) tuples;
the stage turns them into `Mention` spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..context import SpanIndex
from ..lang.tokens import doc_text
from .gazetteer import capitals, demonym_country
from .lexicon import (ACTOR_VERBS, DETERMINERS_DE, DETERMINERS_EN, PRONOUNS_DE, PRONOUNS_EN, SEATS, is_role)


@dataclass
class Found:
    start: int
    end: int
    label: str  # PER ORG LOC OTH
    kind: str  # name pronoun nominal demonym metonym acronym
    origin: str
    country: str | None = None  # ISO2 for demonyms and metonyms


def from_ner(doc, ents: list[tuple[int, int, str]], origin: str) -> list[Found]:
    """Map GermEval-style labels to mentions: X -> name, LOCderiv -> demonym, *part -> the name inside a compound."""
    out = []
    text = doc_text(doc)
    for s, e, lab in ents:
        base = lab[:3]
        if base not in ("PER", "ORG", "LOC", "OTH"):
            continue
        if lab.endswith("deriv"):
            code = demonym_country(text[s:e].split()[-1]) if base == "LOC" else None
            if code:
                out.append(Found(s, e, "LOC", "demonym", origin, code))
            continue
        if lab.endswith("part"):
            # "Pentagon-Sprecherin", "NATO-Generalsekretär": the name is the part before the first hyphen.
            word = text[s:e]
            head = word.split("-", 1)[0]
            if "-" in word and head[:1].isupper() and len(head) >= 2:
                out.append(Found(s, s + len(head), base, "acronym" if head.isupper() and len(head) <= 6 else "name",
                                 origin + "-part"))
            continue
        surface = text[s:e]
        if " " not in surface and base in ("LOC", "OTH", "ORG"):
            code = demonym_country(surface)
            if code and surface[-1:] in "enrms":  # an inflected country adjective, even when capitalised
                out.append(Found(s, e, "LOC", "demonym", origin, code))
                continue
            if "-" in surface and is_role(surface):  # "Pentagon-Sprecherin" tagged whole: the name is the head
                head = surface.split("-", 1)[0]
                if head[:1].isupper():
                    out.append(Found(s, s + len(head), base, "acronym" if head.isupper() else "name", origin + "-part"))
                continue
        if surface[:1].islower() and base in ("LOC", "PER"):
            continue  # German names start upper-case; a lower-case LOC/PER is an unrecognised adjective
        kind = "acronym" if base == "ORG" and surface.isupper() and 2 <= e - s <= 6 else "name"
        out.append(Found(s, e, base, kind, origin))
    return out


def _index(found: list[Found]) -> SpanIndex:
    return SpanIndex((f.start, f.end) for f in found)


def rule_mentions(doc, names: list[Found], lang: str = "de") -> list[Found]:
    """Demonyms, metonyms, pronouns and role nominals that the name tagger does not give."""
    out: list[Found] = []
    dets = DETERMINERS_EN if lang == "en" else DETERMINERS_DE
    prons = PRONOUNS_EN if lang == "en" else PRONOUNS_DE
    name_starts = {f.start: f for f in names}
    n = len(doc)
    text = doc_text(doc)  # once: Doc.text joins every token on each access
    named = _index(names)  # asked once per token: a scan of all names each time was quadratic
    for i, tok in enumerate(doc):
        w = tok.text
        s, e = tok.idx, tok.idx + len(w)
        # Pronouns (lower case; 'Sie' only at sentence start, elsewhere it is the polite form).
        if w.lower() in prons and (w.islower() or tok.is_sent_start):
            out.append(Found(s, e, "PER", "pronoun", "rule"))
            continue
        if w[:1].islower() and lang == "de" and not named.overlaps(s, e):
            code = demonym_country(w)
            if code:
                out.append(Found(s, e, "LOC", "demonym", "rule", code))
                continue
        # Role nominals: det (adj)* role-noun, not followed by a person name.
        if w.lower() in dets and i + 1 < n:
            j = i + 1
            while j < n and doc[j].text[:1].islower() and doc[j].is_alpha and j - i <= 3 and not is_role(doc[j].text, lang):
                j += 1
            if j < n and is_role(doc[j].text, lang) and not (j + 1 < n and doc[j + 1].idx in name_starts
                                                             and name_starts[doc[j + 1].idx].label == "PER"):
                end = doc[j].idx + len(doc[j].text)
                if not named.overlaps(s, end):
                    out.append(Found(s, end, "PER", "nominal", "rule"))
    # Seats of power ("der Kreml", "das Weiße Haus") as metonyms, longest name first.
    # finditer's matches never overlap each other, so `out` as it was before this loop is all they can overlap.
    ruled = _index(out)
    for m in _seat_re().finditer(text):
        if not ruled.overlaps(m.start(), m.end()) and not named.overlaps(m.start(), m.end()):
            out.append(Found(m.start(), m.end(), "ORG", "metonym", "rule", SEATS[m.group(1)][0]))
    return out


@lru_cache(maxsize=1)
def _seat_re():
    names = sorted(SEATS, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")s?(?!\w)")


def promote_metonyms(doc, names: list[Found]) -> None:
    """A capital or seat directly followed by an acting verb stands for its government ('Moskau bestreitet')."""
    caps = capitals()
    by_start = {t.idx: t.i for t in doc}
    text = doc_text(doc)  # once: Doc.text joins every token on each access
    for f in names:
        if f.kind != "name":
            continue
        surface = text[f.start:f.end]
        seat = SEATS.get(surface) or SEATS.get(surface[:-1] if surface.endswith("s") else "")
        if seat:  # a seat of power always stands for the institution
            f.kind, f.label, f.country, f.origin = "metonym", "ORG", seat[0], f.origin + "+metonym"
            continue
        code = caps.get(surface) if f.label in ("LOC", "ORG") or " " not in surface else None
        if code is None:
            continue
        i = by_start.get(f.start)
        if i is None:
            continue
        j = i + len(surface.split())
        if j < len(doc) and doc[j].text.lower() in ACTOR_VERBS:
            f.kind, f.label, f.country, f.origin = "metonym", "ORG", code, f.origin + "+metonym"


def persons_after_roles(doc, names: list[Found], lang: str = "de") -> None:
    """A 2-3 word capitalised name right after a role noun is a person ('NATO-Generalsekretär Mark Rutte'),
    whatever type the tagger gave it."""
    by_start = {t.idx: t.i for t in doc}
    text = doc_text(doc)  # once: Doc.text joins every token on each access
    for f in names:
        if f.label == "PER" or f.kind != "name":
            continue
        i = by_start.get(f.start)
        words = text[f.start:f.end].split()
        if i is None or i == 0 or not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        if is_role(doc[i - 1].text, lang):
            f.label, f.origin = "PER", f.origin + "+role"
