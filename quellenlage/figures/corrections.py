"""Corrected and superseded figures: a number the sentence itself replaces by another one.

Definition. In "nicht 14, sondern mindestens 30 Menschen seien verletzt worden", "30 statt 14", "not 14 but
30", "30 Menschen, nicht 14", "rather than 14", "nicht für 4,2 Millionen, sondern für 6 Millionen Euro", "korrigierte die Zahl von 14 auf 30" the first number is *corrected*: the text names it
only to reject it, so it is not the outlet's or speaker's figure. In "die Zahl stieg von 14 auf 30" / "rose from
14 to 30" the first number is *previous*: a superseded state, not the current figure. Both get that word as
`qualifier` (their bound flags stay as written) and borrow what the replacing figure counts and its predicate
when they name none themselves ("nicht 14, sondern 30 Menschen": the 14 counts Menschen too), so a
cross-article comparison can leave them out and still say which figure they corrected.
"""
from __future__ import annotations

import re

from .extract import RawFigure, SentenceAt

# the word before the first figure, and what must stand between the two figures
_NOT_BEFORE = re.compile(r"(?<![\w])(?:nicht|not)\s+(?:(?:für|von|um|auf|bei|mit|for|of|at|by)\s+)?"
                         r"(?:(?:wie|as)\s+[^,]{0,40},?\s*)?$", re.I)
_BUT_BETWEEN = re.compile(r"^[^.;:!?]{0,40}?(?<![\w])(?:sondern|but|jedoch|aber)\s+(?:[\w-]+\s+){0,3}$", re.I)
_NOT_AFTER = re.compile(r",\s*(?:und\s+|aber\s+|and\s+|but\s+)?(?:nicht|not)\s+(?:(?:wie|as)\s+[^,]{0,40}?,?\s*)?$", re.I)
_INSTEAD = r"(?:statt|anstatt|anstelle\s+von|anstelle|rather\s+than|instead\s+of)"
_INSTEAD_BEFORE = re.compile(rf"(?<![\w]){_INSTEAD}\s+(?:(?:der|den|die|des|the)\s+)?(?:[\w-]+\s+){{0,2}}$", re.I)
_INSTEAD_BETWEEN = re.compile(rf"^\s*(?:[\w-]+\s+){{0,2}}{_INSTEAD}\s+(?:(?:der|den|die|des|the)\s+)?(?:[\w-]+\s+){{0,2}}$", re.I)
_FROM_TO = re.compile(r"^\s*(?:[\w-]+\s+){0,2}(?:auf|to)\s+(?:[\w-]+\s+){0,1}$", re.I)
_FROM_BEFORE = re.compile(r"(?<![\w])(?:von|from)\s+$", re.I)
_CORRECT_VERB = re.compile(r"(?<![\w])(?:korrigier\w*|berichtig\w*|revidier\w*|nach\s+(?:oben|unten)\s+korrigiert|"
                           r"correct\w*|revis\w*)", re.I)
_CHANGE_VERB = re.compile(r"(?<![\w])(?:stieg\w*|gestiegen|steigt|erhöh\w*|wuchs|gewachsen|sank\w*|gesunken|fiel|"
                          r"gefallen|verringert\w*|rose|risen|increas\w*|climb\w*|jump\w*|fell|fallen|drop\w*|decreas\w*)",
                          re.I)


def _same_or_no_noun(text: str, a: RawFigure, b: RawFigure) -> bool:
    """b names no counted noun of its own, or the same one as a ("800 Fische, nicht 1.200 Fische")."""
    if b.counts is None:
        return True
    return a.counts is not None and text[a.counts[0]:a.counts[1]] == text[b.counts[0]:b.counts[1]]


def mark_corrections(text: str, figs: list[RawFigure], sentences: list[tuple[int, int]]) -> None:
    """Set qualifier 'corrected' / 'previous' on figures the same sentence replaces (in place)."""
    sentence_at = SentenceAt(sentences)
    for a, b in zip(figs, figs[1:]):
        sent = sentence_at(a.start)
        if sent is None or b.start >= sent[1]:
            continue
        before = text[max(sent[0], a.start - 60):a.start]
        between = text[a.end:b.start]
        old = new = None
        if _NOT_BEFORE.search(before) and _BUT_BETWEEN.match(between):
            old, new = a, b
        elif (_NOT_AFTER.search(between) and len(between) < 80 and not re.search(r"[.;:!?]", between)
              and _same_or_no_noun(text, a, b)):
            old, new = b, a  # "rund 8.000 Fische verendet, nicht 12.000"
        elif _INSTEAD_BETWEEN.match(between):
            old, new = b, a  # "30 statt 14"
        elif _INSTEAD_BEFORE.search(before) and len(between) < 80 and not re.search(r"[.;:!?]", between):
            old, new = a, b  # "statt der gemeldeten 14 seien es 30"
        elif _FROM_BEFORE.search(before) and _FROM_TO.match(between):
            sentence = text[sent[0]:sent[1]]
            if _CORRECT_VERB.search(sentence):
                old, new = a, b
                a.qualifier = "corrected"
            elif _CHANGE_VERB.search(sentence):
                old, new = a, b
                a.qualifier = "previous"
        if old is None:
            continue
        if old.qualifier != "previous":
            old.qualifier = "corrected"
        old.extra["replaced_by"] = (new.start, new.end)
        if old.kind == "count" and old.unit is None and old.counts is None and new.kind in ("money", "percent", "measure"):
            old.kind, old.unit = new.kind, new.unit  # "nicht für 4,2, sondern für 6 Millionen Euro": one unit for both
        if old.counts is None and new.counts is not None:
            old.counts = new.counts
        if old.predicate is None or (new.predicate is not None and old.counts == new.counts):
            old.predicate = new.predicate or old.predicate
