"""Cited sources: "unter Berufung auf X und Y", "gestützt auf X", "beruft sich auf X", English "citing X".

A frame that names the source its speaker relies on gives the chain a further node (outlet -> speaker -> cited
source). The verb frames, wie-clauses and dass-clauses (and English reported speech) read these sources from the
sentence after they found their frame; `cited_aside` lets a verb frame step over such an aside between its
frame and its content ("berichtete X, gestützt auf Y, dass ...").
"""
from __future__ import annotations

from .. import lexicon as lx
from .noun_phrases import noun_phrase


def cited_aside(ex, j: int, hi: int) -> int | None:
    """", (ebenfalls) gestützt auf Y," / ", unter Berufung auf Y," after a frame: the index of the comma that
    closes the aside (the content follows it), or None."""
    T, L = ex.d.T, ex.d.L
    if ex.en or j + 3 >= hi or T[j] != ",":
        return None
    k = j + 1
    while k < hi and L[k] in lx.ADV:
        k += 1
    if not (k + 1 < hi and (L[k] in lx.CITE_PARTICIPLES and L[k + 1] == "auf"
                            or L[k] == "unter" and L[k + 1] in ("berufung", "verweis"))):
        return None
    end = next((m for m in range(k + 2, hi) if T[m] == "," and not ex.in_quote[m]), None)
    return end if end is not None and end + 1 < hi else None


def cited_sources(ex, lo, hi) -> list[tuple[int, int]]:
    """Sources after "unter Berufung auf": co-cited noun phrases joined by und/sowie/commas."""
    L, T = ex.d.L, ex.d.T
    for k in range(lo, hi - 3):
        if ex.en and L[k] in ("citing", "quoting"):
            # English: the cited source runs to the next comma or "that".
            end = next((m for m in range(k + 1, hi) if T[m] == "," or L[m] == "that"), hi)
            ex.consume((k + 1, end))
            return [(k + 1, end)] if end > k + 1 else []
        cite = L[k] == "unter" and L[k + 1] == "berufung" and L[k + 2] == "auf"
        start = k + 3
        if not cite and L[k] in lx.CITE_VERBS and L[k + 1] == "sich" and L[k + 2] == "auf":
            cite = True  # "X bezog sich auf einen Insider der Zeitung", "beruft sich auf Kreise"
        if not cite and L[k] in lx.CITE_PARTICIPLES and L[k + 1] == "auf":
            cite, start = True, k + 2  # "gestützt auf Geheimdienstquellen"
        if cite:
            out, j = [], start
            while j < hi:
                np = noun_phrase(ex, j, hi, allow_pron=False)
                if np is None:
                    # lower-case plural sources "westliche Diplomatenkreise" start with an adjective
                    break
                out.append(np)
                j = np[1]
                if j < hi and L[j] in ("und", "sowie", ",", "oder"):
                    j += 1
                    continue
                break
            ex.consume(*out)
            return out
    return []
