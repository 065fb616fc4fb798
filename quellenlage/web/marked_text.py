"""An article's text as HTML with its annotations marked: exact code-point offsets, every piece escaped.

Annotations overlap and cross (a mention inside a claim, a quote running over two claims), so the text is cut
at every span boundary and each piece is wrapped in the elements of all spans covering it, the longest
outermost (so properly nested spans stay whole). A span cut into pieces repeats its class and data attribute on each piece; the first piece carries its
element id (the anchor links point at). Flagged boilerplate is folded into <details>.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..model import FlaggedSpan

# outer → inner for spans of the same extent; only mentions are links
LAYERS = ("claim", "denial", "quote", "speaker", "cue", "figure", "time", "mention")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    layer: str
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    element_id: str | None = None
    href: str | None = None
    order: int = field(default=0, compare=False)


def _open(mark: Mark, first: bool) -> str:
    tag = "a" if mark.href else "span"
    parts = [f'<{tag} class="{escape(mark.classes)}"']
    if mark.href:
        parts.append(f' href="{escape(mark.href)}"')
    if first and mark.element_id:
        parts.append(f' id="{escape(mark.element_id)}"')
    for k, v in mark.attrs:
        parts.append(f' {k}="{escape(v)}"')
    return "".join(parts) + ">"


def _close(mark: Mark) -> str:
    return "</a>" if mark.href else "</span>"


def render(text: str, marks: Iterable[Mark], flagged: Sequence[FlaggedSpan] = (),
           boilerplate_label=None) -> Markup:
    """The text with `marks` as nested elements; `flagged` spans folded (`boilerplate_label(flag)` → summary)."""
    n = len(text)
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    marks = [m for m in marks if 0 <= m.start < m.end <= n and m.layer in rank]
    flags = sorted((f for f in flagged if 0 <= f.start < f.end <= n), key=lambda f: f.start)
    points = {0, n}
    for m in marks:
        points.update((m.start, m.end))
    for f in flags:
        points.update((f.start, f.end))
    cuts = sorted(points)

    starts = sorted(range(len(marks)), key=lambda i: marks[i].start)
    active: list[tuple[int, int]] = []  # heap of (end, index)
    opened: set[int] = set()
    next_start = 0
    flag_i = 0
    out: list[str] = []
    in_flag: FlaggedSpan | None = None
    for a, b in zip(cuts, cuts[1:]):
        while next_start < len(starts) and marks[starts[next_start]].start <= a:
            i = starts[next_start]
            heapq.heappush(active, (marks[i].end, i))
            next_start += 1
        while active and active[0][0] <= a:
            heapq.heappop(active)
        while flag_i < len(flags) and flags[flag_i].end <= a:
            flag_i += 1
        flag = flags[flag_i] if flag_i < len(flags) and flags[flag_i].start <= a < flags[flag_i].end else None
        if flag is not in_flag:
            if in_flag is not None:
                out.append("</details>")
            if flag is not None:
                summary = boilerplate_label(flag) if boilerplate_label else escape(flag.reason)
                out.append(f'<details class="ql-boilerplate" data-reason="{escape(flag.reason)}" '
                           f'data-start="{flag.start}" data-end="{flag.end}"><summary>{summary}</summary>')
            in_flag = flag
        # the longest span outermost (fewest cuts); at equal extent the layer order decides
        covering = sorted((i for _, i in active), key=lambda i: (marks[i].start, -marks[i].end,
                                                                 rank[marks[i].layer], marks[i].order))
        closing: list[str] = []
        in_link = False
        for i in covering:
            mark = marks[i]
            if mark.href and in_link:  # a link never inside a link: the inner one is a plain span
                mark = Mark(mark.start, mark.end, mark.layer, mark.classes, mark.attrs, mark.element_id)
            in_link = in_link or bool(mark.href)
            out.append(_open(mark, i not in opened))
            opened.add(i)
            closing.append(_close(mark))
        out.append(str(escape(text[a:b])))
        out.extend(reversed(closing))
    if in_flag is not None:
        out.append("</details>")
    return Markup("".join(out))
