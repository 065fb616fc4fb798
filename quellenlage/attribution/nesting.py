"""Which attribution holds a position: the first one (in the order they were made) whose span or content
contains a range. Nesting ("a cue inside another's content is nested in it") and the hosting of short quotes ask
this for every attribution and quote; answered offline by one sweep with a Fenwick tree, O(n log n) instead of
a scan of every attribution per question.
"""
from __future__ import annotations

from bisect import bisect_left

_NONE = 1 << 62  # no owner


def _push(pair: tuple[int, int], owner: int) -> tuple[int, int]:
    """The two smallest distinct owners of `pair` and `owner`."""
    a, b = pair
    if owner == a or owner == b:
        return pair
    if owner < a:
        return owner, a
    if owner < b:
        return a, owner
    return pair


def first_containers(intervals: list[tuple[int, int, int]], queries: list[tuple[int, int, int | None]]) -> list[int | None]:
    """For each query (start, end, skip): the smallest owner among `intervals` (start, end, owner) with
    interval.start <= start and end <= interval.end and owner != skip; None where there is none."""
    if not intervals or not queries:
        return [None] * len(queries)
    ends = sorted({e for _, e, _ in intervals})  # ascending; tree position p holds ends[len - p]
    size = len(ends)
    tree = [(_NONE, _NONE)] * (size + 1)

    def rank(e: int) -> int:  # 1-based position counting from the largest end
        return size - bisect_left(ends, e)

    def add(e: int, owner: int) -> None:
        p = rank(e)
        while p <= size:
            tree[p] = _push(tree[p], owner)
            p += p & -p

    def best(y: int) -> tuple[int, int]:  # over intervals with end >= y
        p = size - bisect_left(ends, y)
        pair = (_NONE, _NONE)
        while p > 0:
            for owner in tree[p]:
                if owner != _NONE:
                    pair = _push(pair, owner)
            p -= p & -p
        return pair

    by_start = sorted(intervals)
    order = sorted(range(len(queries)), key=lambda i: queries[i][0])
    out: list[int | None] = [None] * len(queries)
    j = 0
    for i in order:
        x, y, skip = queries[i]
        while j < len(by_start) and by_start[j][0] <= x:
            add(by_start[j][1], by_start[j][2])
            j += 1
        a, b = best(y)
        owner = b if a == skip else a
        out[i] = None if owner == _NONE else owner
    return out
