"""Independent origins behind a claim group, copies and translations, first reporter, status.

Origins. Each member claim's source chain runs outlet -> ... -> origin. Its origin key is:
* the last named node of the chain (entity id when linked, else the normalised label); an anonymous/unknown end
  collapses into the nearest named node that relays it ("a WaPo source" and "the WaPo" are one origin);
* an anonymous source with no named relay, or an empty chain (the outlet's own voice): the outlet itself;
* a relay that, inside the group, relays exactly one origin is mapped onto it (article A cites "Reuters",
  article B cites "Reuters, citing Peskow": one origin, Peskow);
* the outlet of an article that copies or translates an earlier one is replaced by the earlier article's
  origin (a syndicated copy or a translated rewrite is not an independent confirmation).
Outlet names and cited media share one namespace: citing the Washington Post and the Post's own article are one.

Copies. MinHash (datasketch) of word 3-shingles of the analysable text, LSH at Jaccard >= COPY_JACCARD over
the whole corpus (sub-quadratic). Translations and close rewrites: inside one story only, for article pairs whose
lead embeddings are close (>= TRANSLATION_LEAD), the share of sentences of the shorter article that have a
counterpart with cosine >= TRANSLATION_SENT at a similar position must reach TRANSLATION_SHARE.

Status: denied (an actor denies it and it rests on < 2 origins) / contested (denied or opposed by a linked
negated group or conflicting figures, but >= 2 origins; or opposed without a denial) / corroborated (>= 2
independent origins) / unverified (every member is hedged, flagged as not independently verified or speculative)
/ single_origin.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timezone

import numpy as np

from ..model import Article, ArticleAnnotations, Claim, ClaimGroup, CopyLink, Origin, SourceNode
from .common import Embedder, UnionFind, norm_name, outlet_of

COPY_JACCARD = 0.5
NUM_PERM = 64
TRANSLATION_LEAD = 0.6
TRANSLATION_SENT = 0.75
TRANSLATION_SHARE = 0.6
MAX_PAIRS_PER_STORY = 400
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„»])")


def _analysable(article: Article) -> str:
    text = article.text
    if not article.flagged:
        return text
    out, pos = [], 0
    for f in sorted(article.flagged, key=lambda f: f.start):
        if f.start > pos:
            out.append(text[pos:f.start])
        pos = max(pos, f.end)
    out.append(text[pos:])
    return " ".join(out)


def _shingles(text: str, k: int = 3) -> set[bytes]:
    w = re.findall(r"\w+", text.lower())
    if len(w) < k:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i:i + k]).encode() for i in range(len(w) - k + 1)}


def _time_key(a: Article, i: int):
    d = a.published
    if d is None:
        return (1, 0.0, i)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return (0, d.timestamp(), i)


def near_duplicates(articles: Sequence[Article], threshold: float = COPY_JACCARD) -> list[CopyLink]:
    """Syndicated / near-identical articles via MinHash LSH; each copy points to the earliest one of its set."""
    from datasketch import MinHash, MinHashLSH

    if len(articles) < 2:
        return []
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = []
    for i, a in enumerate(articles):
        sh = _shingles(_analysable(a))
        m = MinHash(num_perm=NUM_PERM, seed=7)
        if sh:
            m.update_batch(list(sh))
        hashes.append((m, len(sh)))
        if sh:
            lsh.insert(str(i), m)
    uf = UnionFind()
    sims: dict[tuple[int, int], float] = {}
    for i, (m, n) in enumerate(hashes):
        if not n:
            continue
        for key in lsh.query(m):
            j = int(key)
            if j <= i or uf.find(i) == uf.find(j):
                continue  # already joined: skip the Jaccard estimate (large copy sets stay cheap)
            s = m.jaccard(hashes[j][0])
            if s >= threshold:
                uf.union(i, j)
                sims[(i, j)] = s
    return _links_from(articles, uf, sims, "near_duplicate")


def _links_from(articles, uf: UnionFind, sims: dict, kind: str) -> list[CopyLink]:
    comps: dict = {}
    for i in list(uf.parent):
        comps.setdefault(uf.find(i), []).append(i)
    links = []
    for members in comps.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: _time_key(articles[i], i))
        for i in sorted(members):
            if i == first:
                continue
            s = sims.get((min(i, first), max(i, first)))
            if s is None:
                s = max((v for (x, y), v in sims.items() if i in (x, y)), default=0.0)
            links.append(CopyLink(article_id=articles[i].id, copy_of=articles[first].id, kind=kind, similarity=round(s, 3)))
    return links


def _sentences(article: Article, ann: ArticleAnnotations | None) -> list[str]:
    flags = [(f.start, f.end) for f in article.flagged]
    if ann is not None and ann.sentences:
        return [s.text for s in ann.sentences if not any(a < s.end and s.start < b for a, b in flags)][:60]
    return [s for s in _SPLIT.split(_analysable(article)) if len(s) > 20][:60]


def translations(
    articles: Sequence[Article],
    annotations: Sequence[ArticleAnnotations],
    story_of: dict[str, str],
    lead_vecs: np.ndarray,
    embedder: Embedder,
    already: set[str] = frozenset(),
) -> list[CopyLink]:
    """Translations and close rewrites inside each story (cross-lingual passage similarity)."""
    by_story: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.id not in already:
            by_story.setdefault(story_of.get(a.id, a.id), []).append(i)
    uf = UnionFind()
    sims: dict[tuple[int, int], float] = {}
    for idx in by_story.values():
        if len(idx) < 2:
            continue
        pairs = []
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                i, j = idx[x], idx[y]
                if float(lead_vecs[i] @ lead_vecs[j]) >= TRANSLATION_LEAD:
                    pairs.append((i, j))
        pairs = pairs[:MAX_PAIRS_PER_STORY]
        sent_cache: dict[int, np.ndarray] = {}
        for i, j in pairs:
            for k in (i, j):
                if k not in sent_cache:
                    sent_cache[k] = embedder.encode(_sentences(articles[k], annotations[k]))
            share = passage_alignment(sent_cache[i], sent_cache[j])
            if share >= TRANSLATION_SHARE:
                uf.union(i, j)
                sims[(i, j)] = share
    return _links_from(articles, uf, sims, "translation")


def passage_alignment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the shorter text's sentences with a close counterpart at a similar relative position."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    if len(a) < 2:
        return 0.0
    sim = a @ b.T
    hits = 0
    for i in range(len(a)):
        centre = i * (len(b) - 1) / max(1, len(a) - 1)
        lo, hi = max(0, int(centre) - 2), min(len(b), int(centre) + 3)
        if sim[i, lo:hi].max(initial=-1.0) >= TRANSLATION_SENT:
            hits += 1
    return hits / len(a)


# --- origins -------------------------------------------------------------------------------------------------

_NAMED = {"person", "organisation", "media", "document", "social_post", "group", "outlet"}


def _node_key(node: SourceNode) -> str:
    return node.entity_id or norm_name(node.label)


def chain_origin(chain: Sequence[SourceNode], outlet_key: str) -> tuple[str, str, str, list[str]]:
    """(origin key, label, kind, relay keys) of one source chain; relays are named nodes before the origin."""
    nodes = list(chain)
    while nodes and nodes[0].kind == "outlet":
        nodes = nodes[1:]
    named = [n for n in nodes if n.kind in _NAMED and _node_key(n)]
    if not nodes:
        return outlet_key, "", "outlet", []
    end = nodes[-1]
    if end.kind in _NAMED and _node_key(end):
        relays = [_node_key(n) for n in named[:-1]]
        return _node_key(end), end.label, end.kind, relays
    # anonymous or unknown end: the nearest named relay, else the outlet
    if named:
        last = named[-1]
        return _node_key(last), last.label, last.kind, [_node_key(n) for n in named[:-1]]
    return outlet_key, "", "outlet", []


def collapse_origins(
    group: ClaimGroup,
    claims: dict[str, Claim],
    articles: dict[str, Article],
    canonical: dict[str, str],
) -> list[Origin]:
    """Collapse the supporting members of a group into independent origins (see module doc)."""
    rows = []
    for ref in group.members:
        claim = claims.get(ref.claim_id)
        art = articles[ref.article_id]
        root = articles.get(canonical.get(art.id, art.id), art)
        outlet_key = "outlet:" + (norm_name(outlet_of(root)) or root.id)
        chain = claim.chain if claim is not None else []
        key, label, kind, relays = chain_origin(chain, outlet_key)
        if kind == "outlet":
            label = outlet_of(root)
            if root.id != art.id:
                kind = "outlet (copied)"
        rows.append((ref, chain, key, label, kind, relays))
    # own voice of an outlet == that outlet cited as media by others
    plain = {r[2]: r[2] for r in rows}
    for r in rows:
        if r[2].startswith("outlet:") and r[2][7:] in plain:
            plain[r[2]] = r[2][7:]
    relay_targets: dict[str, set[str]] = {}
    for _, _, key, _, _, relays in rows:
        for rk in relays:
            relay_targets.setdefault(rk, set()).add(key)
    uf = UnionFind()
    for _, _, key, _, _, _ in rows:
        k = plain.get(key, key)
        uf.find(k)
        bare = k[7:] if k.startswith("outlet:") else k
        targets = relay_targets.get(bare)
        if targets and len(targets) == 1:
            t = next(iter(targets))
            t = plain.get(t, t)
            uf.union(t, k, prefer=t)
    origins: dict[str, Origin] = {}
    labels: dict[str, tuple[int, str, str]] = {}
    for ref, chain, key, label, kind, _ in rows:
        root = uf.find(plain.get(key, key))
        o = origins.get(root)
        if o is None:
            o = origins[root] = Origin(id="", label=label or key, kind=kind)
        # prefer the label of the chain whose end is the origin itself
        rank = 0 if plain.get(key, key) == root else 1
        if root not in labels or rank < labels[root][0]:
            labels[root] = (rank, label or key, kind)
        if ref.claim_id not in o.claim_ids:
            o.claim_ids.append(ref.claim_id)
        if ref.article_id not in o.article_ids:
            o.article_ids.append(ref.article_id)
        if chain and chain not in o.chains:
            o.chains.append(list(chain))
    out = []
    for n, (root, o) in enumerate(origins.items(), 1):
        o.id = f"{group.id}-o{n}"
        o.label, o.kind = labels[root][1], labels[root][2]
        out.append(o)
    return out


def group_status(group: ClaimGroup, claims: dict[str, Claim], figure_conflict: bool = False,
                 opposed: bool = False) -> str:
    n = group.independent_origins
    if group.polarity != "affirmed":
        return "corroborated" if n >= 2 else "single_origin"
    if group.denied_by:
        return "denied" if n < 2 else "contested"
    if opposed or figure_conflict:
        return "contested"
    if n >= 2:
        return "corroborated"
    members = [claims.get(r.claim_id) for r in group.members]
    if members and all(c is not None and c.certainty in ("hedged", "unverified", "speculative") for c in members):
        return "unverified"
    return "single_origin"
