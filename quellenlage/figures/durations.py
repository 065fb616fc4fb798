"""Durations as figures: "für rund drei Stunden", "closed for about three hours", "mehr als zehn Tage".

Definition. A duration is a time expression of type duration whose TIMEX value is one number and one unit
("PT3H", "P10D"): the figure is that number in that unit (min, h, d, wk, mo, yr), approximate for the tagger's
APPROX modifier, a lower bound for MORE_THAN, an upper bound for LESS_THAN. Its span is the time expression's.
Only a duration whose category is determined (what it is the length of, `categories`) is kept as a figure, so
"seit drei Jahren" or "in den vergangenen zwei Wochen" stay time expressions only.
"""
from __future__ import annotations

import re

from .extract import QUAL, RawFigure

_VALUE = re.compile(r"P(T?)(\d+(?:\.\d+)?)([SMHDWY])")
_UNITS = {("T", "S"): "s", ("T", "M"): "min", ("T", "H"): "h", ("", "D"): "d", ("", "W"): "wk", ("", "M"): "mo",
          ("", "Y"): "yr"}
_QUAL_START = re.compile(rf"({QUAL})\s+")
_FLAGS = {"APPROX": (True, False, False), "MORE_THAN": (False, True, False), "LESS_THAN": (False, False, True)}


def duration_figures(text: str, times) -> list[RawFigure]:
    """A RawFigure (kind "measure", unit as above) for each duration among `times` (objects with start, end,
    type, value, modifier) whose value is one number and one unit."""
    out = []
    for t in times or ():
        if getattr(t, "type", None) != "duration" or not t.value:
            continue
        m = _VALUE.fullmatch(t.value)
        unit = _UNITS.get((m.group(1), m.group(3))) if m else None
        if unit is None:
            continue
        approx, lower, upper = _FLAGS.get(t.modifier or "", (False, False, False))
        q = _QUAL_START.match(text, t.start, t.end)
        out.append(RawFigure(t.start, t.end, text[t.start:t.end], value=float(m.group(2)), unit=unit, kind="measure",
                             approximate=approx, lower_bound=lower, upper_bound=upper,
                             qualifier=re.sub(r"\s+", " ", q.group(1)) if q else None, extra={"duration": True}))
    return out
