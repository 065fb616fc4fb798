"""Whose figure it is: the attribution (and claim) that covers a figure.

Definition. A figure belongs to an attribution when it lies inside one of the attribution's content spans
("..., sagte Rutte", "nach Angaben der Polizei wurden mindestens 30 Menschen verletzt"); with nested
attributions the innermost one (smallest content span) is the source. A figure in the frame of an attribution
(the speaker's description, the cue) is not the speaker's figure. The figure's claim is the claim that contains
it, preferring one made from that same attribution. With no covering attribution the claim's own attribution
counts only when that attribution has no content span to check against (the claims stage decided then);
otherwise the figure is in the outlet's voice, and a claim that wrongly carries an attribution (one that runs over
a sentence edge into a quote) lends only its outlet node.

The figures stage runs before attribution (pipeline order), so the link is made afterwards, where both exist:
`link_sources` is called by the cross-article figure comparison (and may be called by any later consumer).
"""
from __future__ import annotations

from collections.abc import Sequence

from ..model import Attribution, Claim, Figure, SourceNode


def covering_attribution(f: Figure, attributions: Sequence[Attribution]) -> Attribution | None:
    best, best_len = None, None
    for a in attributions:
        for c in a.content:
            if c.start <= f.start and f.end <= c.end and (best_len is None or c.end - c.start < best_len):
                best, best_len = a, c.end - c.start
    return best


def covering_claim(f: Figure, claims: Sequence[Claim], attribution: Attribution | None) -> Claim | None:
    inside = [c for c in claims if c.start <= f.start and f.end <= c.end]
    if not inside:
        inside = [c for c in claims if f.id in c.figure_ids]
    if not inside:
        return None

    def rank(c: Claim):
        same = attribution is not None and c.attribution_id == attribution.id
        return (not same, c.attribution_id is None, c.end - c.start)

    return min(inside, key=rank)


def link_sources(figures: Sequence[Figure], attributions: Sequence[Attribution], claims: Sequence[Claim]
                 ) -> dict[str, list[SourceNode]]:
    """Set `attribution_id` and `claim_id` on each figure (in place); return figure id -> source chain
    (outlet first, origin last), empty for a figure with no claim and no attribution."""
    by_id = {a.id: a for a in attributions}
    chains: dict[str, list[SourceNode]] = {}
    for f in figures:
        att = covering_attribution(f, attributions)
        claim = covering_claim(f, claims, att)
        claim_att = by_id.get(claim.attribution_id or "") if claim is not None else None
        if att is None and claim_att is not None and not claim_att.content:
            att = claim_att  # an attribution with no content span: its claim is all there is to go by
        f.attribution_id = att.id if att is not None else None
        if claim is not None:
            f.claim_id = claim.id
        if att is not None and att.chain:
            chains[f.id] = list(att.chain)
        elif claim is not None and (claim_att is None or claim_att is att):
            chains[f.id] = list(claim.chain)
        elif claim is not None:
            # the claim is tied to an attribution whose content does not hold the figure (a claim that runs
            # over a sentence edge): the figure is in the outlet's voice, the first node of the chain
            chains[f.id] = list(claim.chain[:1])
        else:
            chains[f.id] = []
    return chains
