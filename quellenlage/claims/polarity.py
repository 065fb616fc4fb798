"""Polarity by scope: a claim is negated only when a negation negates its main predicate.

The main clause of a claim is its text without a leading lead-in ("Doch damit nicht genug:"), without
subordinate and relative clauses (", die ...", ", weil ...", up to the next comma), and without coordinated
main clauses after the first (", und ...", "; ..."): a claim "A, und B nicht" asserts A. Inside that clause a
negation (nicht, kein-, nie, niemals, weder; not, no, never, n't, nobody, nothing) counts unless
- it is contrastive: "nicht (nur / mehr nur) X, sondern Y", "not only/just/merely X but Y", a correction
  "nicht 14, sondern 30" -- the sentence affirms the sondern part;
- it sits inside a noun phrase headed elsewhere: a determiner, then the negation, then an attribute before
  the noun ("eine nicht näher genannte Quelle", "a not insignificant number");
- it is a litotes (a negation of a negative word: "kein Einzelfall", "keine geringe Rolle", "nicht
  unerheblich", "nicht selten", "not unlikely") -- the claim affirms the positive;
- it is a trailing correction: "X, nicht Y" / "X, not Y" (a verbless segment after a comma or dash) affirms X;
- it belongs to an inability predicate: "ist nicht in der Lage / nicht imstande, ...", "was not able to",
  "not in a position to" state a finding (unable), they do not oppose a claim -- affirmed.
"""
from __future__ import annotations

import re

NEG = re.compile(r"\b(nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|niemals|nirgends|niemand|weder|"
                 r"not|no|never|none|nobody|nothing|neither|nowhere)\b|n['’]t\b", re.I)
CONTRAST_NEXT = re.compile(r"\s+(?:mehr\s+)?(?:nur|allein|bloß|lediglich|einfach|only|just|merely|simply)\b", re.I)
SONDERN = re.compile(r"\bsondern\b", re.I)
DET = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem", "eines", "diese",
       "dieser", "diesen", "dieses", "seine", "seiner", "ihre", "ihrer", "the", "a", "an", "this", "these", "its",
       "their", "his", "her"}
# Negatively polarised words a negation turns positive (litotes); "unabhängig" is no negative word.
LITOTES = re.compile(r"(?:un(?!abhängig|ter|d\b|s\b|ser|sere|ter)\w{3,}|gering\w*|selten\w*|wenig\w*|Einzelfall|"
                     r"Seltenheit|Zufall|unlikely|uncommon|unusual|insignificant|rare\w*|few|small)$", re.I)
SUBORD = re.compile(r"^\s*(?:der|die|das|dem|den|deren|dessen|denen|welche\w*|weil|da|obwohl|obgleich|wenn|falls|"
                    r"als|nachdem|während|bevor|ehe|damit|sodass|seit|seitdem|bis|indem|wo|wohin|woher|wie|ob|"
                    r"dass|daß|um|ohne|statt|anstatt|which|who|whom|whose|because|since|although|though|when|"
                    r"while|if|after|before|unless|until|whereas)\b", re.I)
COORD = re.compile(r"^\s*(?:und|oder|aber|doch|jedoch|denn|and|or|yet|so)\b", re.I)
# "nicht in der Lage", "nicht imstande", "not able to", "not in a position to": the negation is part of "unable".
INABILITY = re.compile(r"\s+(?:mehr\s+|länger\s+|rechtzeitig\s+)?(?:in der Lage|imstande|im Stande|fähig|"
                       r"(?:yet\s+)?able to|in a position to)\b", re.I)
LEAD_CLAUSE = re.compile(r"^\s*(?:dass|daß|ob|that|whether)\s+", re.I)


def main_clause(text: str) -> list[tuple[int, int]]:
    """Character ranges of `text` (a claim) that belong to its main clause."""
    start = 0
    lead = re.match(r"^([^:]{0,40}):\s+\S", text)
    if lead and len(lead.group(1).split()) <= 5:
        start = lead.end(1) + 1  # "Doch damit nicht genug: ..."
    m = LEAD_CLAUSE.match(text, start)
    if m:
        start = m.end()  # the claim is the content clause itself
    out = []
    parts = list(re.finditer(r"[,;–—()]", text))
    seg_start = start
    in_sub = False
    depth = 0
    for p in parts:
        if p.start() < start:
            continue
        if not in_sub and depth == 0:
            out.append((seg_start, p.start()))
        ch = p.group(0)
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == ";":
            return out  # a second main clause
        rest = text[p.end():]
        if ch == "," and COORD.match(rest):
            return out
        if ch in ",–—":
            in_sub = bool(SUBORD.match(rest))
        seg_start = p.end()
    if not in_sub and depth == 0:
        out.append((seg_start, len(text)))
    return out


def _contrastive(text: str, m: re.Match) -> bool:
    after = text[m.end():]
    if CONTRAST_NEXT.match(after):
        return True  # "nicht nur", "nicht mehr nur", "not only"
    clause = re.split(r"[.;!?]", after, maxsplit=1)[0]
    if SONDERN.search(clause):
        return True  # "nicht X, sondern Y" (also the correction "nicht 14, sondern 30")
    return m.group(0).lower() == "not" and bool(re.match(r"\s+\w+(?:\s+\w+){0,4}\s*,?\s+but\s+(?:also|rather|instead)\b",
                                                        after, re.I))


def _correction(text: str, m: re.Match) -> bool:
    """"rund 8.000 Fische verendet, nicht 12.000": a verbless segment after a comma or dash opened by the negation."""
    if m.group(0).lower() not in ("nicht", "not"):
        return False
    if not re.search(r"[,–—]\s*$", text[:m.start()]) or not text[:m.start()].strip(" ,–—"):
        return False
    seg = re.split(r"[,;.!?–—]", text[m.end():], maxsplit=1)[0]
    words = re.findall(r"[\w\-.]+", seg)
    # Up to a short NP or figure and no verb of its own ("nicht 12.000", "nicht die Stadt", "not the mayor").
    return 0 < len(words) <= 4 and not any(w.lower() in _VERBISH for w in words)


_VERBISH = {"ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "hat", "haben", "hatte", "hatten",
            "sei", "seien", "habe", "kann", "können", "konnte", "konnten", "is", "are", "was", "were", "has", "have",
            "had", "will", "can", "could", "did", "does", "do"}


def _in_noun_phrase(text: str, m: re.Match) -> bool:
    if m.group(0).lower() not in ("nicht", "not"):
        return False
    before = re.findall(r"[\w\-]+", text[:m.start()])[-1:]
    after = re.findall(r"[\w\-]+", text[m.end():])[:4]
    if not before or before[0].lower() not in DET or not after:
        return False
    # determiner + nicht + (adverb) + inflected attribute + noun: "eine nicht näher genannte Quelle".
    for i, w in enumerate(after[:3]):
        if re.search(r"(e|en|er|es|em)$", w) and i + 1 < len(after) and after[i + 1][:1].isupper():
            return True
        if re.match(r"un\w+|in\w+", w, re.I) and i + 1 < len(after):
            return True  # "a not insignificant number"
    return False


def _litotes(text: str, m: re.Match) -> bool:
    after = re.findall(r"[\w\-]+", text[m.end():])[:2]
    if not after:
        return False
    if LITOTES.match(after[0]):
        return True
    # "keine geringe Rolle", "kein großer Zufall": one attribute between.
    return m.group(0).lower().startswith("kein") and len(after) > 1 and bool(LITOTES.match(after[1])) and \
        bool(re.match(r"\w+(e|en|er|es)$", after[0]))


def polarity(text: str, offset: int) -> list[tuple[int, int]]:
    """The negation cues (absolute offsets) that negate the main predicate of the claim `text` at `offset`."""
    ranges = main_clause(text)
    cues = []
    for m in NEG.finditer(text):
        if not any(a <= m.start() < b for a, b in ranges):
            continue
        if _contrastive(text, m) or _in_noun_phrase(text, m) or _litotes(text, m) or _correction(text, m):
            continue
        if m.group(0).lower() in ("nicht", "not") and INABILITY.match(text, m.end()):
            continue
        cues.append((offset + m.start(), offset + m.end()))
    return cues
