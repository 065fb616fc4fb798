"""Figure reconciliation.

Figures. Inside a story, figures with the same `category` (what they count at the level a reader means:
"people_injured" for "14 verletzte Mitarbeiter" and "mindestens 30 Menschen wurden verletzt", see
`quellenlage.figures.categories`) and the same kind and unit are compared. Figures whose category is not
determined fall back to the counted-noun match among themselves: same kind and unit, counted noun phrases that match (rapidfuzz token-set
ratio >= COUNTS_MATCH on the normalised `counts` text, or embedding cosine >= COUNTS_COS across languages) are
compared, split into runs of similar magnitude (consecutive sorted values within MAGNITUDE_RATIO; a figure
for "Soldaten" of 10.000 is not a reading of 650.000 "Soldaten"). Each figure becomes an interval: value -> [v, v]; lower bound ("mehr als 650.000") -> [v, inf); upper
bound ("bis zu") -> (-inf, v]; approximate ("rund", "etwa") -> [v*(1-APPROX), v*(1+APPROX)]; low/high -> [low,
high]; a vague amount ("mehrere tausend", "Tausende") is its range [low, high] and is compared like a count.
Verdict over the sides: agree (all the same point value within AGREE_TOL, or all state the same value the same
way: "mehr als 12.000" / "more than 12,000", "10.000" / "etwa 10.000", see `Interval`), compatible (the intervals
share a common point, e.g. two lower bounds 650.000 and 600.000, or "mehr als 12.000" and "rund 12.000"),
conflict (they do not). Every figure is a side, repeats in one article included.

Corrected and superseded figures ("nicht 14, sondern mindestens 30": qualifier "corrected"/"previous") are not
their article's figure and are no side; but a value an article explicitly rejects that another article states
makes the comparison a conflict ("A reports 14; B: not 14 but at least 30"), and the note says who corrected what.

A side's source chain is that of the attribution covering the figure (`figures.sources.link_sources`, which also
sets `Figure.attribution_id`/`claim_id`: the figures stage runs before attribution), else its claim's chain.
Copies of one article are compared like any other articles: a copied figure is shown as such, not hidden.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..encoder.sentences import Embedder
from ..figures.sources import link_sources
from ..model import Article, ArticleAnnotations, Claim, Figure, FigureComparison, FigureSide, SourceNode
from .graphs import UnionFind, components
from .names import norm_name, outlet_of
from .records import construct, plain_span

APPROX = 0.1
AGREE_TOL = 0.005
COUNTS_MATCH = 80
COUNTS_COS = 0.7
MAX_EXACT_KEYS = 1500
MAGNITUDE_RATIO = 5.0
# kinds whose figures are compared; a vague amount ("mehrere tausend", "Tausende") is a range of a count
COMPARED_KINDS = ("count", "vague", "percent", "money", "measure")
_NUM = re.compile(r"[\d.,]+")
NOT_OWN = ("corrected", "previous")  # qualifiers of figures the article names only to replace them
CORRECTION_REACH = 160  # a corrected figure and its replacement stand in one sentence: at most this far apart


class Interval(tuple):
    """(low, high, is_point) of a figure, plus `nominal`: what the text states, (direction, value) with direction
    "about" (a value, exact or approximate), "lower", "upper" or "range" (value = (low, high)); None when unknown.

    Two figures that state the same thing in the same way ("mehr als 12.000" / "more than 12,000", "10.000" /
    "etwa 10.000", "Tausende" / "mehrere tausend") agree, although their intervals are not points."""

    nominal: tuple | None

    def __new__(cls, lo: float, hi: float, point: bool, nominal: tuple | None = None):
        self = super().__new__(cls, (lo, hi, point))
        self.nominal = nominal
        return self


def interval(f: Figure) -> Interval:
    """(low, high, is_point) of a figure, with its nominal reading (see `Interval`)."""
    if f.low is not None or f.high is not None:
        lo = f.low if f.low is not None else -math.inf
        hi = f.high if f.high is not None else math.inf
        return Interval(lo, hi, False, ("range", (lo, hi)))
    v = f.value
    if v is None:
        return Interval(-math.inf, math.inf, False)
    if f.lower_bound:
        return Interval(v, math.inf, False, ("lower", v))
    if f.upper_bound:
        return Interval(-math.inf, v, False, ("upper", v))
    if f.approximate:
        return Interval(v * (1 - APPROX), v * (1 + APPROX), False, ("about", v))
    return Interval(v, v, True, ("about", v))


def _close(a: float, b: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b
    return abs(a - b) <= AGREE_TOL * max(abs(a), abs(b), 1e-9)


def _same_statement(ivals: Sequence[tuple]) -> bool:
    """All figures state one value the same way: same direction and (within AGREE_TOL) the same number."""
    noms = [getattr(i, "nominal", None) for i in ivals]
    if any(n is None for n in noms) or len({n[0] for n in noms}) != 1:
        return False
    if noms[0][0] == "range":
        return all(_close(n[1][0], noms[0][1][0]) and _close(n[1][1], noms[0][1][1]) for n in noms)
    return all(_close(n[1], noms[0][1]) for n in noms)


def verdict_of(ivals: Sequence[tuple[float, float, bool]]) -> str:
    lo = max(i[0] for i in ivals)
    hi = min(i[1] for i in ivals)
    if all(i[2] for i in ivals):
        vals = [i[0] for i in ivals]
        ref = max(abs(v) for v in vals) or 1.0
        return "agree" if (max(vals) - min(vals)) / ref <= AGREE_TOL else "conflict"
    if _same_statement(ivals):
        return "agree"
    tol = AGREE_TOL * max(abs(lo) if math.isfinite(lo) else 0, abs(hi) if math.isfinite(hi) else 0, 1)
    return "compatible" if lo <= hi + tol else "conflict"


def _kind(f: Figure) -> str:
    """The kind figures are grouped by: a vague amount is a count ("Tausende Soldaten" / "10.000 Soldaten")."""
    return "count" if f.kind == "vague" else f.kind


def counts_key(f: Figure) -> str:
    text = f.counts.text if f.counts is not None else ""
    return " ".join(_NUM.sub(" ", norm_name(text)).split())


def figure_inputs(items: Sequence[tuple[Article, ArticleAnnotations]]
                  ) -> list[tuple[Figure, Article, Claim | None, list[SourceNode]]]:
    """(figure, article, claim, source chain) of every figure of the articles; links each figure to the
    attribution and claim covering it (`Figure.attribution_id`, `claim_id` are set on the annotations)."""
    out = []
    for art, ann in items:
        claims = {c.id: c for c in ann.claims}
        chains = link_sources(ann.figures, ann.attributions, ann.claims)
        for f in ann.figures:
            out.append((f, art, claims.get(f.claim_id or ""), chains.get(f.id, [])))
    return out


def reconcile_figures(
    story_id: str,
    figures: Sequence[tuple],
    embedder: Embedder | None = None,
    start_index: int = 1,
) -> list[FigureComparison]:
    """Compare figures of one story that count the same thing. Each item is (figure, article, claim) or
    (figure, article, claim, chain); without a chain the side takes its claim's chain."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist as fuzz_cdist

    items = [(t[0], t[1], t[2], list(t[3]) if len(t) > 3 else (list(t[2].chain) if t[2] is not None else []))
             for t in figures]
    comparable = [t for t in items if t[0].kind in COMPARED_KINDS
                  and (t[0].value is not None or t[0].low is not None or t[0].high is not None)]
    rejected = [t for t in comparable if t[0].qualifier in NOT_OWN]
    usable = [t for t in comparable if t[0].qualifier not in NOT_OWN and (t[0].category or (t[0].counts is not None and counts_key(t[0])))]
    if len(usable) < 2:
        return []
    n = len(usable)
    uf = UnionFind()
    by_category: dict[tuple[str, str, str], int] = {}
    # figures with the same (kind, unit, counted-noun key) are one unit; only distinct keys are compared
    buckets: dict[tuple[str, str], dict[str, list[int]]] = {}
    for i, (f, _, _, _) in enumerate(usable):
        uf.find(i)
        if f.category:  # the category decides; the counted-noun text is only the fallback
            uf.union(by_category.setdefault((f.category, _kind(f), f.unit or ""), i), i)
        else:
            buckets.setdefault((_kind(f), f.unit or ""), {}).setdefault(counts_key(f), []).append(i)
    for by_key in buckets.values():
        for members in by_key.values():
            for i in members[1:]:
                uf.union(members[0], i)
        distinct = list(by_key)
        if len(distinct) < 2:
            continue
        for block in _key_blocks(distinct):
            bkeys = [distinct[b] for b in block]
            first = [by_key[k][0] for k in bkeys]
            same = fuzz_cdist(bkeys, bkeys, scorer=fuzz.token_set_ratio, score_cutoff=COUNTS_MATCH, workers=1) >= COUNTS_MATCH
            if embedder is not None:
                vecs = embedder.encode([usable[i][0].counts.text for i in first])
                same |= (vecs @ vecs.T) >= COUNTS_COS
            _, comp = components(same)
            lead: dict[int, int] = {}
            for x, c in enumerate(comp.tolist()):
                uf.union(first[lead.setdefault(c, x)], first[x])
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(uf.find(i), []).append(i)
    comps = {min(part): part for c in comps.values() for part in _split_magnitude(c, usable)}
    out = []
    k = start_index
    for members in sorted(comps.values(), key=min):
        if len({usable[i][1].id for i in members}) < 2:
            continue  # one article only: nothing to reconcile across outlets
        sides = []
        for i in members:
            # every figure is a side, a repeat in one article too (headline and body): each points to its span
            f, a, c, chain = usable[i]
            # construct: every value comes from validated figures (saves ~10^4 validations per corpus)
            sides.append(construct(FigureSide, dict(
                figure_id=f.id, article_id=a.id, outlet=outlet_of(a),
                span=plain_span(f),
                value=f.value, low=f.low, high=f.high, lower_bound=f.lower_bound, upper_bound=f.upper_bound,
                chain=chain, category=f.category)))
        figs = [usable[i][0] for i in members]
        verdict = verdict_of([interval(f) for f in figs])
        note = _note(verdict, figs)
        corrections = _corrections([usable[i] for i in members], rejected) if rejected else []
        if corrections:
            if any(clash for _, clash in corrections):
                verdict, note = "conflict", "an article rejects a figure another one reports"
            note += "; " + "; ".join(text for text, _ in corrections)
        label = next((f.counts.text for f in figs if f.counts is not None), None) or figs[0].category or ""
        out.append(FigureComparison(id=f"{story_id}-f{k}", story_id=story_id, counts=label,
                                    verdict=verdict, sides=sides, note=note))
        k += 1
    return out


def _corrections(members: list[tuple], rejected: list[tuple]) -> list[tuple[str, bool]]:
    """(note, clash) for each rejected figure of a member's article that its member replaces: same article,
    same category (or counted-noun key), just before it. clash: another article states the rejected value."""
    out = []
    for f, a, _, _ in members:
        for g, b, _, _ in rejected:
            if b.id != a.id or abs(f.start - g.start) > CORRECTION_REACH:
                continue
            if (g.category or counts_key(g)) != (f.category or counts_key(f)):
                continue
            rv = interval(g)
            clash = any(h is not f and x.id != a.id and interval(h)[2] and rv[2]
                        and abs(interval(h)[0] - rv[0]) <= AGREE_TOL * max(abs(rv[0]), 1)
                        for h, x, _, _ in members)
            # the outlet only reports the correction; who made it is in the side's chain
            verb = "corrected" if g.qualifier == "corrected" else "updated"
            out.append((f"in {outlet_of(a)}: {g.text.strip()} {verb} to {f.text.strip()}", clash))
    return out


def _magnitude(f: Figure) -> float | None:
    vals = [abs(v) for v in (f.value, f.low, f.high) if v is not None and math.isfinite(v) and v != 0]
    return max(vals) if vals else None


def _split_magnitude(members: list[int], usable) -> list[list[int]]:
    """Split a set of figures whose counted nouns match into runs of similar magnitude: sorted by value, a new run
    starts where a value exceeds the previous one by more than MAGNITUDE_RATIO (6 and 10.000 and 650.000
    "Soldaten" are three different counts; 12.000 vs 20.000 stays one comparison, a possible conflict)."""
    if len(members) < 2:
        return [members]
    vals = {i: _magnitude(usable[i][0]) for i in members}
    ranked = sorted((i for i in members if vals[i] is not None), key=lambda i: (vals[i], i))
    runs: list[list[int]] = []
    for i in ranked:
        if runs and vals[i] <= vals[runs[-1][-1]] * MAGNITUDE_RATIO:
            runs[-1].append(i)
        else:
            runs.append([i])
    rest = [i for i in members if vals[i] is None]
    if rest:
        runs.append(rest)
    return [sorted(r) for r in runs]


def _key_blocks(distinct: list[str], limit: int = MAX_EXACT_KEYS) -> list[list[int]]:
    """All distinct counted-noun keys in one block when few; otherwise blocks by head word (last word of the key),
    so the comparison stays ~linear for corpora with thousands of distinct keys (cross-lingual matches of
    different head words are then only found inside a block)."""
    if len(distinct) <= limit:
        return [list(range(len(distinct)))]
    heads: dict[str, list[int]] = {}
    for i, k in enumerate(distinct):
        heads.setdefault(k.split()[-1] if k.split() else "", []).append(i)
    return [b[c:c + limit] for b in heads.values() for c in range(0, len(b), limit)]


def _note(verdict: str, figs: Sequence[Figure]) -> str:
    if verdict == "compatible":
        kinds = {"lower bound" if f.lower_bound else "upper bound" if f.upper_bound else "approximate" if f.approximate
                 else "range" if f.low is not None or f.high is not None else "exact" for f in figs}
        return "intervals overlap (" + ", ".join(sorted(kinds)) + ")"
    if verdict == "conflict":
        return "the figures exclude each other"
    return "same value"
