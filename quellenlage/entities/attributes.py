"""Person attributes stated next to a name: age "(46)", role/title, nationality and affiliation.

Patterns (token level, no parser):
  pre-modifier   [det] (adj)* Role Name            "der ukrainische Präsident Wolodymyr Selenskyj"
  compound       Org-Role Name                       "NATO-Generalsekretär Mark Rutte" (affiliation NATO)
  genitive       Role des/der ORG[,] Name            "Sprecher des Kremls, Dmitri Peskow"
  apposition     Name, [det] (adj)* Role [des ...],  "Dmitri Peskow, Sprecher des Kremls,"
  age            Name (46) / Name, 46,
"""
from __future__ import annotations

from dataclasses import dataclass

from ..lang.tokens import doc_text
from .gazetteer import country_display, demonym_country, organisations
from .lexicon import DETERMINERS_DE, DETERMINERS_EN, SEATS, is_role

_GEN = {"des", "der", "von", "vom", "im", "of", "the"}
_STOP = {",", ".", ";", ":", "!", "?", "(", ")", "und", "and", "sagte", "sagt", "said", "says", "–", "-", '"', "„", "“"}


@dataclass
class Attr:
    start: int
    end: int
    kind: str  # age role nationality affiliation title
    value: str


_ADJ_ENDINGS = ("isch", "ische", "ischen", "ischer", "ige", "igen", "iger", "nde", "nden", "nder", "ste", "sten",
                "ster", "ere", "eren", "erer", "neue", "neuen", "neuer", "alte", "alten", "alter", "lige", "ligen")


def _is_adj(tok) -> bool:
    """Attributive adjective in a role phrase ('ukrainische', 'stellvertretende', 'ehemalige'), not 'hatte'."""
    w = tok.text
    return tok.is_alpha and w[:1].islower() and (w.lower().endswith(_ADJ_ENDINGS) or demonym_country(w) is not None)


def _is_age(word: str) -> bool:
    """Digits int() reads as a number below 1000: not "²" (a digit to isdigit, no number) nor 5,000 nines."""
    return word.isdecimal() and len(word.lstrip("0")) <= 3


def _end(tok) -> int:
    return tok.idx + len(tok.text)


def _org_prefix(word: str) -> str | None:
    """'Pentagon-Sprecherin' -> 'Pentagon'; 'Kremlsprecher' -> 'Kreml' (known organisation or seat only)."""
    if "-" in word:
        head = word.rsplit("-", 1)[0]
        return head if head[:1].isupper() else None
    orgs = organisations()
    for k in range(len(word) - 4, 2, -1):
        head = word[:k]
        if head in SEATS or (head in orgs and " " not in head):
            return head
    return None


def _role_attrs(doc, first: int, last: int, lang: str) -> list[Attr]:
    """Role over tokens first..last (inclusive) plus nationality/affiliation found inside it."""
    toks = doc[first:last + 1]
    out = [Attr(toks[0].idx, _end(toks[-1]), "role", " ".join(t.text for t in toks))]
    for t in toks:
        if t.text[:1].islower():
            code = demonym_country(t.text) if lang == "de" else None
            if code:
                out.append(Attr(t.idx, _end(t), "nationality", country_display().get(code, code)))
        elif is_role(t.text, lang):
            head = _org_prefix(t.text)
            if head:
                out.append(Attr(t.idx, t.idx + len(head), "affiliation", head))
    return out


def _genitive_org(doc, j: int, limit: int, orgs_at: dict[int, tuple[int, int]]) -> int:
    """Index of the last token of a genitive complement 'des Ministeriums' / 'der Nato' starting at j, else -1."""
    if j >= limit or doc[j].text.lower() not in _GEN:
        return -1
    k = j + 1
    while k < limit and doc[k].text not in _STOP and k - j <= 5:
        if doc[k].text[:1].isupper():
            last = k
            # extend across a multi-token organisation mention
            if doc[k].idx in orgs_at:
                end_char = orgs_at[doc[k].idx][1]
                while last + 1 < limit and doc[last + 1].idx < end_char:
                    last += 1
            return last
        k += 1
    return -1


def person_attributes(doc, start_tok: int, end_tok: int, lang: str, orgs_at: dict) -> list[Attr]:
    """Attributes stated around the person name spanning tokens [start_tok, end_tok)."""
    out: list[Attr] = []
    n = len(doc)
    dets = DETERMINERS_EN if lang == "en" else DETERMINERS_DE
    # Age: "Name (46)" or "Name, 46,"
    if end_tok + 2 < n and doc[end_tok].text == "(" and _is_age(doc[end_tok + 1].text) and doc[end_tok + 2].text == ")":
        a = doc[end_tok + 1]
        if 0 < int(a.text) < 120:
            out.append(Attr(a.idx, _end(a), "age", a.text))
    elif end_tok + 2 < n and doc[end_tok].text == "," and _is_age(doc[end_tok + 1].text) and doc[end_tok + 2].text == ",":
        a = doc[end_tok + 1]
        if 0 < int(a.text) < 120:
            out.append(Attr(a.idx, _end(a), "age", a.text))
    # Pre-modifier role directly before the name: (adj)* Role
    i = start_tok - 1
    if i >= 0 and is_role(doc[i].text, lang):
        first = i
        while first - 1 >= 0 and _is_adj(doc[first - 1]):
            first -= 1
        out += _role_attrs(doc, first, i, lang)
        return out
    # Role + genitive complement before the name, with or without comma: "Sprecher des Kremls, Dmitri Peskow"
    j = start_tok - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    for r in range(j - 1, max(-1, j - 7), -1):
        if doc[r].text in _STOP:
            break
        if is_role(doc[r].text, lang):
            last = _genitive_org(doc, r + 1, j + 1, orgs_at)
            if last == j:
                first = r
                while first - 1 >= 0 and _is_adj(doc[first - 1]):
                    first -= 1
                out += _role_attrs(doc, first, j, lang)
                out += _affiliation_in(doc, r + 1, j, orgs_at)
                return out
            break
    # Apposition after the name: "Name, (det) (adj)* Role (des ORG)"
    k = end_tok
    if k < n and doc[k].text == ",":
        k += 1
        first = k
        if k < n and doc[k].text.lower() in dets:
            k += 1
            first = k
        while k < n and _is_adj(doc[k]) and k - first < 3:
            k += 1
        if k < n and is_role(doc[k].text, lang):
            last = _genitive_org(doc, k + 1, n, orgs_at)
            last = last if last >= 0 else k
            out += _role_attrs(doc, first, last, lang)
            out += _affiliation_in(doc, k + 1, last, orgs_at)
    return out


def _affiliation_in(doc, a: int, b: int, orgs_at: dict) -> list[Attr]:
    """An organisation or seat mention inside tokens a..b is the person's affiliation."""
    for t in doc[a:b + 1]:
        if t.idx in orgs_at:
            s, e = orgs_at[t.idx]
            return [Attr(s, e, "affiliation", doc_text(doc)[s:e])]
    return []
