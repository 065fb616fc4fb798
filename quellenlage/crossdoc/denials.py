"""Denials across articles: one record per denial, its actor, and the claim groups it opposes.

Every `Denial` annotation becomes one DenialRecord (kind "denial", or "non_denial" when the denial is negated:
"bestreitet nicht", "did not deny" -- never counted or shown as a denial). A claim with polarity denied becomes
a record of its own only when no Denial of its article names it (older annotations). Two records of one article
with the same actor, kind and groups (a headline repeating the lead) are one.

Actor (`denial_actor`): the denier span resolved to its canonical entity -- a person named in it ("Velmar-
Sprecherin Julia Hartmann", "Der Sprecher des Kremls, Dmitry Peskov"), else the organisation it begins with
or a spokesperson speaks for ("Ein Sprecher der Velmar Chemie AG"), else the denier text itself ("beide
Länder"). A denier that is a claim noun ("Berichte") is none; a denier that is no name while a name stands
between it and the cue gives way to that name. Without a denier: the speaker of an attribution around the
denial, else "unnamed". The speaker of the denied claim (the accuser) is never the actor.

Groups it opposes (`claim_group_ids`): the groups of the denial's `claim_ids` (an affirmed group; for a claim
in a denied/negated group, that group and the affirmed groups it is linked to). Only a denial whose claims
were not resolved (or are in no group) falls back to embedding similarity between its probes (`denial_probes`) and the story's
affirmed groups: the best group at cosine >= DENIAL_LINK, and only with a clear margin -- a runner-up within
DENIAL_CLEAR that is no near-copy of the best (cosine >= SAME_GROUP) makes the link ambiguous, and then there is
none. Groups holding a denial's own sentence are never candidates (a denial is not what it denies). Each
linked group's `denied_by` lists the actors of its denials (non-denials add nothing).
"""
from __future__ import annotations

import re
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
DENIAL_CLEAR = 0.05
SAME_GROUP = 0.8

_ACTOR_LABELS = {"PER", "ORG", "GPE", "NORP", "MISC", "LOC"}
# Someone who speaks for an organisation: "Ein Sprecher der Velmar AG" denies for Velmar.
_ROLE = re.compile(r"^(?:der|die|ein|eine|the|a|an)?\s*\S*(?:sprecher\w*|vertreter\w*|spokes\w*|representative\w*|"
                   r"sprecher)\b", re.I)
_CLAIM_NOUN = re.compile(r"^(?:die|der|das|den|diese\w*|the|these)?\s*(?:Bericht\w*|Vorw[uü]rf\w*|Behauptung\w*|"
                         r"Darstellung\w*|Anschuldigung\w*|Angaben|Meldung\w*|Gerücht\w*|reports?|claims?|"
                         r"allegations?|das|dies|es|this|that|it)$", re.I)
_GENITIVE_BEFORE = {"des", "der", "von", "vom", "dem", "of", "for"}


def denial_records(
    story_id: str,
    items: Sequence[tuple[Article, ArticleAnnotations]],
    groups: Sequence[ClaimGroup],
    claim_group: dict[str, str],
    embedder: Embedder,
    entity_names: dict[str, str],
    start_index: int = 1,
) -> list[DenialRecord]:
    """Denials (annotations, and denied claims no annotation stands for) of one story, linked to the groups
    they oppose."""
    by_id = {g.id: g for g in groups}
    own = _own_claims(items)
    candidates = [g for g in groups if g.polarity == "affirmed" and not any(m.claim_id in own for m in g.members)]
    gvecs: list[np.ndarray | None] = [None]  # embedded only when a fallback needs them

    def closest(probes):
        if not candidates:
            return []
        if gvecs[0] is None:
            gvecs[0] = embedder.encode([claim_text_key(g.representative.text) for g in candidates])
        return _closest(embedder, probes, candidates, gvecs[0])

    out: list[DenialRecord] = []
    for art, ann in items:
        claims = {c.id: c for c in ann.claims}
        covered = {cid for d in ann.denials for cid in _claim_ids(d)}
        mine: list[DenialRecord] = []
        for d in ann.denials:
            actor, actor_eid = _actor(d, ann, entity_names)
            cids = [] if d.negated else _claim_ids(d)
            gids = _groups_of(cids, claim_group, by_id)
            if not gids:  # claims not resolved, or resolved to claims kept out of every group
                gids = closest(denial_probes(art, ann, d))
            mine.append(DenialRecord(
                id="", story_id=story_id, actor=actor, actor_entity_id=actor_eid or d.denier_entity_id,
                span=plain_span(d), target=plain_span(d.target) if d.target else None,
                claim_group_ids=gids, published=published_iso(art), article_id=art.id, outlet=outlet_of(art),
                negated=d.negated, kind="non_denial" if d.negated else "denial", source="denial"))
        for c in ann.claims:
            if c.polarity != "denied" or c.id in covered or c.id not in claim_group:
                continue
            if any(r.span.start < c.end and c.start < r.span.end for r in mine):
                continue  # a Denial on the same words stands for it
            gids = _groups_of([c.id], claim_group, by_id)
            mine.append(DenialRecord(
                id="", story_id=story_id, actor=_chain_end(c, entity_names) or outlet_of(art), span=plain_span(c),
                claim_group_ids=gids, published=published_iso(art), article_id=art.id, outlet=outlet_of(art),
                source="claim"))
        out.extend(_one_per_denial(mine, _headline_end(art)))
    for k, r in enumerate(out, start_index):
        r.id = f"{story_id}-d{k}"
    for r in out:
        if r.kind != "denial":
            continue
        for gid in r.claim_group_ids:
            g = by_id.get(gid)
            if g is not None and r.actor not in g.denied_by:
                g.denied_by.append(r.actor)
    return out


def _claim_ids(d) -> list[str]:
    return list(d.claim_ids) or ([d.claim_id] if d.claim_id else [])


def _own_claims(items) -> set[str]:
    """Claims that hold a denial's (or non-denial's) cue: its own statement, never what it addresses."""
    out = set()
    for _, ann in items:
        cues = [d.cue.start for d in ann.denials]
        for c in ann.claims:
            if any(c.start <= x < c.end for x in cues):
                out.add(c.id)
    return out


def _groups_of(cids: list[str], claim_group: dict[str, str], by_id: dict[str, ClaimGroup]) -> list[str]:
    gids: list[str] = []
    for cid in cids:
        g = by_id.get(claim_group.get(cid, ""))
        if g is None:
            continue
        found = [g.id] if g.polarity == "affirmed" else [g.id, *(x for x in g.linked_group_ids
                                                                if x in by_id and by_id[x].polarity == "affirmed")]
        gids.extend(x for x in found if x not in gids)
    return gids


def _headline_end(art: Article) -> int:
    """End of the article's first line when it is a headline (a line of its own before the body), else 0."""
    nl = art.text.find("\n")
    return nl if 0 < nl < 200 else 0


def _one_per_denial(recs: list[DenialRecord], headline_end: int = 0) -> list[DenialRecord]:
    """One article's records of the same actor and kind are one denial told twice when they oppose the same
    groups, or when one is the headline repeating a denial of the body: keep the body's record."""
    out: list[DenialRecord] = []
    for r in recs:
        def twin_of(o):
            if o.actor != r.actor or o.kind != r.kind or r.actor == "unnamed":
                return False
            if o.claim_group_ids and set(o.claim_group_ids) == set(r.claim_group_ids):
                return True
            return o.span.end <= headline_end < r.span.start
        twin = next((o for o in out if twin_of(o)), None)
        if twin is None:
            out.append(r)
        elif twin.span.end <= headline_end < r.span.start:
            out[out.index(twin)] = r
    return out


def denial_actor(d, ann: ArticleAnnotations, claims: dict[str, Claim], entity_names: dict[str, str]) -> str:
    """Who denies (see the module docstring); `claims` is kept for callers, the denied claim's speaker is never
    the actor."""
    return _actor(d, ann, entity_names)[0]


def _actor(d, ann: ArticleAnnotations, entity_names: dict[str, str]) -> tuple[str, str | None]:
    names = [m for m in ann.mentions if m.label in _ACTOR_LABELS and m.kind in ("name", "acronym")]
    den = d.denier
    if den is not None and _CLAIM_NOUN.match(den.text.strip()):
        den = None  # "Berichte ... wies ein Sprecher zurück": what is denied, not who
    if den is not None:
        inside = [m for m in names if den.start <= m.start and m.end <= den.end]
        text = den.text
        # a person named in it, not in a genitive ("der Anwalt von X") nor a compound's first part ("Velmar-Sprecherin");
        # the last such (the name after a role: "Sprecherin Julia Hartmann", ", Dmitry Peskov")
        per = [m for m in inside if m.label == "PER" and _prev_word(text, m.start - den.start) not in _GENITIVE_BEFORE
               and not text[m.end - den.start:m.end - den.start + 1] == "-"]
        if per:
            return _name(per[-1], entity_names), per[-1].entity_id
        lead = [m for m in inside if _prev_word(text, m.start - den.start) not in _GENITIVE_BEFORE]
        if lead:
            return _name(lead[0], entity_names), lead[0].entity_id
        if inside and _ROLE.match(text):
            return _name(inside[0], entity_names), inside[0].entity_id
        if inside:
            return text.strip(), None
        nominal = next((m for m in ann.mentions if m.start <= den.start and den.end <= m.end and m.entity_id
                        and entity_names.get(m.entity_id)), None)
        if nominal is not None:
            return entity_names[nominal.entity_id], nominal.entity_id
        between = [m for m in names if den.end <= m.start and m.end <= d.cue.start and d.start <= m.start]
        if between:  # "Fischsterben in der Alm: Velmar weist ...": a closer name is the subject
            m = max(between, key=lambda m: m.end)
            return _name(m, entity_names), m.entity_id
        return den.text.strip(), None
    for a in ann.attributions:
        if a.start <= d.start and d.end <= a.end and a.speaker is not None:
            return (entity_names.get(a.speaker_entity_id or "") or a.speaker.text).strip(), a.speaker_entity_id
    before = [m for m in names if d.start <= m.start and m.end <= d.cue.start]
    if before:
        m = max(before, key=lambda m: m.end)
        return _name(m, entity_names), m.entity_id
    return "unnamed", None


def _prev_word(text: str, pos: int) -> str:
    words = text[:pos].split()
    return words[-1].lower().strip(",") if words else ""


def _name(m, entity_names) -> str:
    return entity_names.get(m.entity_id or "") or m.text


def _chain_end(c: Claim, entity_names: dict[str, str]) -> str | None:
    for node in reversed(c.chain):
        if node.kind != "outlet" and (node.entity_id or node.label):
            return entity_names.get(node.entity_id or "") or node.label
    return None


def _closest(embedder: Embedder, probes: list[str], groups: Sequence[ClaimGroup], gvecs: np.ndarray) -> list[str]:
    """The group the probes are clearly closest to (with near-copies of it), or none when it is ambiguous."""
    sims = (gvecs @ embedder.encode(probes).T).max(axis=1)
    order = np.argsort(-sims)
    best = int(order[0])
    if sims[best] < DENIAL_LINK:
        return []
    near = [int(j) for j in order[1:DENIAL_MAX * 2] if sims[j] >= sims[best] - DENIAL_CLEAR]
    same = [j for j in near if float(gvecs[j] @ gvecs[best]) >= SAME_GROUP]
    if len(same) < len(near):
        return []  # another group is about as close and says something else: no link rather than a wrong one
    return [groups[best].id] + [groups[j].id for j in same if sims[j] >= sims[best] - DENIAL_MARGIN][:DENIAL_MAX - 1]
