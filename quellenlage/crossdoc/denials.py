"""Denials per actor.

Denials. Every `Denial` annotation and every claim with polarity denied/negated becomes a DenialRecord of its
actor (`denial_actor`: linked denier, a denier that overlaps a person/organisation mention, the speaker of the
denied claim's chain or of the surrounding attribution, a name before the cue, else "unnamed"), with the claim groups it addresses:
the group of its `claim_id`; otherwise the affirmed groups of the story whose representative is closest to the
denial's target (or the denial sentence, and the sentence before it when the target is short/anaphoric: "wies diese
Behauptungen zurück") by embedding cosine >= DENIAL_LINK: the best one and at most DENIAL_MAX - 1 others within
DENIAL_MARGIN of it. A group's `denied_by` lists actors.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..encoder.sentences import Embedder
from ..encoder.texts import claim_text_key, denial_probes
from ..model import Article, ArticleAnnotations, Claim, ClaimGroup, DenialRecord
from .names import outlet_of, published_iso
from .records import plain_span

DENIAL_LINK = 0.55
DENIAL_MAX = 3
DENIAL_MARGIN = 0.03


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
