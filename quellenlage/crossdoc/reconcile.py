"""Figure reconciliation and denials per actor.

Figures. Inside a story, figures of the same kind and unit whose counted noun phrases match (rapidfuzz token-set
ratio >= COUNTS_MATCH on the normalised `counts` text, or embedding cosine >= COUNTS_COS across languages) are
compared, split into runs of similar magnitude (consecutive sorted values within MAGNITUDE_RATIO; a figure
for "Soldaten" of 10.000 is not a reading of 650.000 "Soldaten"). Each figure becomes an interval: value -> [v, v]; lower bound ("mehr als 650.000") -> [v, inf); upper
bound ("bis zu") -> (-inf, v]; approximate ("rund", "etwa") -> [v*(1-APPROX), v*(1+APPROX)]; low/high -> [low,
high]. Verdict over the sides: agree (all the same point value within AGREE_TOL), compatible (the intervals
share a common point, e.g. two lower bounds 650.000 and 600.000), conflict (they do not).

Denials. Every `Denial` annotation and every claim with polarity denied/negated becomes a DenialRecord of its
actor (`denial_actor`: linked denier, a denier that overlaps a person/organisation mention, the speaker of the
denied claim's chain or of the surrounding attribution, a name before the cue, else "unnamed"), with the claim groups it addresses:
the group of its `claim_id`; otherwise the affirmed groups of the story whose representative is closest to the
denial's target (or the denial sentence, and the sentence before it when the target is short/anaphoric: "wies diese
Behauptungen zurück") by embedding cosine >= DENIAL_LINK: the best one and at most DENIAL_MAX - 1 others within
DENIAL_MARGIN of it. A group's `denied_by` lists actors.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from ..model import (Article, ArticleAnnotations, Claim, ClaimGroup, DenialRecord, Figure, FigureComparison,
                     FigureSide)
from .common import (Embedder, UnionFind, claim_text_key, components, construct, norm_name, outlet_of, plain_span,
                     published_iso, sentence_span)

APPROX = 0.1
AGREE_TOL = 0.005
COUNTS_MATCH = 80
COUNTS_COS = 0.7
DENIAL_LINK = 0.55
MAX_EXACT_KEYS = 1500
MAGNITUDE_RATIO = 5.0
DENIAL_MAX = 3
DENIAL_MARGIN = 0.03
_NUM = re.compile(r"[\d.,]+")


def interval(f: Figure) -> tuple[float, float, bool]:
    """(low, high, is_point) of a figure."""
    if f.low is not None or f.high is not None:
        lo = f.low if f.low is not None else -math.inf
        hi = f.high if f.high is not None else math.inf
        return lo, hi, False
    v = f.value
    if v is None:
        return -math.inf, math.inf, False
    if f.lower_bound:
        return v, math.inf, False
    if f.upper_bound:
        return -math.inf, v, False
    if f.approximate:
        return v * (1 - APPROX), v * (1 + APPROX), False
    return v, v, True


def verdict_of(ivals: Sequence[tuple[float, float, bool]]) -> str:
    lo = max(i[0] for i in ivals)
    hi = min(i[1] for i in ivals)
    if all(i[2] for i in ivals):
        vals = [i[0] for i in ivals]
        ref = max(abs(v) for v in vals) or 1.0
        return "agree" if (max(vals) - min(vals)) / ref <= AGREE_TOL else "conflict"
    tol = AGREE_TOL * max(abs(lo) if math.isfinite(lo) else 0, abs(hi) if math.isfinite(hi) else 0, 1)
    return "compatible" if lo <= hi + tol else "conflict"


def counts_key(f: Figure) -> str:
    text = f.counts.text if f.counts is not None else ""
    return " ".join(_NUM.sub(" ", norm_name(text)).split())


def reconcile_figures(
    story_id: str,
    figures: Sequence[tuple[Figure, Article, Claim | None]],
    embedder: Embedder | None = None,
    start_index: int = 1,
) -> list[FigureComparison]:
    """Compare figures (with their article and claim) of one story that count the same thing."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist as fuzz_cdist

    usable = [(f, a, c) for f, a, c in figures if f.counts is not None and counts_key(f) and f.kind in ("count", "percent", "money", "measure")
              and (f.value is not None or f.low is not None or f.high is not None)]
    if len(usable) < 2:
        return []
    keys = [counts_key(f) for f, _, _ in usable]
    n = len(usable)
    uf = UnionFind()
    # figures with the same (kind, unit, counted-noun key) are one unit; only distinct keys are compared
    buckets: dict[tuple[str, str], dict[str, list[int]]] = {}
    for i, (f, _, _) in enumerate(usable):
        uf.find(i)
        buckets.setdefault((f.kind, f.unit or ""), {}).setdefault(keys[i], []).append(i)
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
        sides, seen = [], set()
        for i in members:
            f, a, c = usable[i]
            key = (a.id, f.value, f.low, f.high, f.lower_bound, f.upper_bound)
            if key in seen:
                continue
            seen.add(key)
            chain = list(c.chain) if c is not None else []
            # construct: every value comes from validated figures (saves ~10^4 validations per corpus)
            sides.append(construct(FigureSide, dict(
                figure_id=f.id, article_id=a.id, outlet=outlet_of(a),
                span=plain_span(f),
                value=f.value, low=f.low, high=f.high, lower_bound=f.lower_bound, upper_bound=f.upper_bound, chain=chain)))
        ivals = [interval(usable[i][0]) for i in members]
        verdict = verdict_of(ivals)
        note = _note(verdict, [usable[i][0] for i in members])
        out.append(FigureComparison(id=f"{story_id}-f{k}", story_id=story_id, counts=usable[members[0]][0].counts.text,
                                    verdict=verdict, sides=sides, note=note))
        k += 1
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


def denial_records(
    story_id: str,
    items: Sequence[tuple[Article, ArticleAnnotations]],
    groups: Sequence[ClaimGroup],
    claim_group: dict[str, str],
    embedder: Embedder,
    entity_names: dict[str, str],
    start_index: int = 1,
) -> list[DenialRecord]:
    """Denials (annotations and denied/negated claims) of one story, linked to the groups they address."""
    affirmed = [g for g in groups if g.polarity == "affirmed"]
    gvecs = embedder.encode([claim_text_key(g.representative.text) for g in affirmed]) if affirmed else None
    by_id = {g.id: g for g in groups}
    out: list[DenialRecord] = []
    k = start_index
    covered_claims = set()
    for art, ann in items:
        claims = {c.id: c for c in ann.claims}
        for d in ann.denials:
            actor = denial_actor(d, ann, claims, entity_names)
            gids: list[str] = []
            if d.claim_id and d.claim_id in claim_group:
                covered_claims.add(d.claim_id)
                g = by_id[claim_group[d.claim_id]]
                gids = [g.id] if g.polarity == "affirmed" else list(g.linked_group_ids) or [g.id]
            if not gids and affirmed:
                gids = _closest(embedder, denial_probes(art, ann, d), affirmed, gvecs)
            out.append(DenialRecord(
                id=f"{story_id}-d{k}", story_id=story_id, actor=actor, actor_entity_id=d.denier_entity_id,
                span=plain_span(d),
                target=plain_span(d.target) if d.target else None,
                claim_group_ids=gids, published=published_iso(art), article_id=art.id, outlet=outlet_of(art),
                negated=d.negated, kind="confirmation" if d.negated else "denial", source="denial"))
            k += 1
        for c in ann.claims:
            if c.polarity != "denied" or c.id in covered_claims or c.id not in claim_group:
                continue
            g = by_id[claim_group[c.id]]
            # skip when a Denial annotation on the same sentence already stands for it
            if any(r.article_id == art.id and r.span.start < c.end and c.start < r.span.end for r in out):
                continue
            actor = _claim_actor(c, entity_names) or outlet_of(art)
            gids = list(g.linked_group_ids)
            if not gids and affirmed:
                gids = _closest(embedder, [c.text], affirmed, gvecs)
            out.append(DenialRecord(
                id=f"{story_id}-d{k}", story_id=story_id, actor=actor, span=plain_span(c),
                claim_group_ids=gids, published=published_iso(art), article_id=art.id, outlet=outlet_of(art), source="claim"))
            k += 1
    for r in out:
        if r.kind != "denial":
            continue
        for gid in r.claim_group_ids:
            g = by_id.get(gid)
            if g is not None and r.actor not in g.denied_by:
                g.denied_by.append(r.actor)
    return out


_ACTOR_LABELS = {"PER", "ORG", "GPE", "NORP", "MISC"}


def denial_actor(d, ann: ArticleAnnotations, claims: dict[str, Claim], entity_names: dict[str, str]) -> str:
    """Who denies: the denier when it is linked or names a person/organisation (a mention of one overlaps it);
    else the speaker of the denied claim's source chain; else the speaker of the attribution around the denial;
    else a named person/organisation in the denial before its cue; else "unnamed". A denier span that is no name (a headline noun such as "Fischsterben", "Berichte") is not
    taken as the actor."""
    name = entity_names.get(d.denier_entity_id or "")
    if name:
        return name
    actors = [m for m in ann.mentions if m.label in _ACTOR_LABELS and m.kind in ("name", "acronym", "nominal")]
    if d.denier is not None:
        if not any(m.kind in ("name", "acronym") for m in ann.mentions):
            return d.denier.text.strip()  # no names found in the article at all: nothing to check the denier by
        for m in actors:
            if m.start < d.denier.end and d.denier.start < m.end:
                return entity_names.get(m.entity_id or "") or d.denier.text.strip()
    c = claims.get(d.claim_id or "")
    if c is not None:
        actor = _claim_actor(c, entity_names)
        if actor:
            return actor
    for a in ann.attributions:
        if a.start <= d.start and d.end <= a.end and a.speaker is not None:
            return (entity_names.get(a.speaker_entity_id or "") or a.speaker.text).strip()
    # a named person/organisation inside the denial before its cue ("Velmar weist Vorwürfe zurück"), the closest
    before = [m for m in actors if m.kind != "nominal" and d.start <= m.start and m.end <= d.cue.start]
    if before:
        m = max(before, key=lambda m: m.end)
        return entity_names.get(m.entity_id or "") or m.text
    return "unnamed"


def denial_probes(art: Article, ann: ArticleAnnotations, d) -> list[str]:
    """Texts a denial is matched to claim groups by: the denial sentence, "denier + target" (a bare infinitive
    target embeds poorly) and, when the target is anaphoric ("wies diese Behauptungen zurück"), the sentence
    before, which says what is denied."""
    probes = [sentence_span(art, ann, d.start, d.end).text]
    if d.target is not None:
        probes.append(((d.denier.text + " ") if d.denier is not None else "") + d.target.text)
    if d.target is None or len(d.target.text.split()) <= 3:
        prev = _previous_sentence(ann, d.start)
        if prev:
            probes.append(prev)
    return probes


def _claim_actor(c: Claim, entity_names: dict[str, str]) -> str | None:
    for node in reversed(c.chain):
        if node.kind != "outlet" and (node.entity_id or node.label):
            return entity_names.get(node.entity_id or "") or node.label
    return None


def _closest(embedder: Embedder, probes: list[str], groups: Sequence[ClaimGroup], gvecs: np.ndarray) -> list[str]:
    sims = (gvecs @ embedder.encode(probes).T).max(axis=1)
    best = int(np.argmax(sims))
    if sims[best] < DENIAL_LINK:
        return []
    # the groups nearly as close as the best (a denial can address several), at most DENIAL_MAX
    return [groups[j].id for j in np.argsort(-sims)[:DENIAL_MAX] if sims[j] >= max(DENIAL_LINK, sims[best] - DENIAL_MARGIN)]


def _previous_sentence(ann: ArticleAnnotations, start: int) -> str | None:
    prev = None
    for s in ann.sentences:
        if s.start <= start < s.end:
            return prev.text if prev is not None else None
        prev = s
    return None
