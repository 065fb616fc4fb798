"""Cross-article stages over stored per-article annotations.

`analyse_corpus(articles, annotations)` runs, in order: entity linking (`linking.link_entities`, when present),
story clustering (`stories`), copy/translation detection (`copies`) and claim grouping (`groups`), denials
(`denials`) and figure reconciliation (`figures`), origins and status per group (`origins`), the outlet x claim-group matrix, the timeline
(`timeline.build_timeline`, when present) and the extractive summary (`summary`).

Cost. Embeddings are computed in the per-article `embed` stage (quellenlage/embed.py) and stored with the
annotations; here they are only decoded, per story (`Embedder.adopt`), and whatever is missing (older stores,
another backend) is embedded in one batch per story; the vector runtime and the texts embedded live in
quellenlage/encoder/, shared with that stage. `Embedder(backend="hash")` is the model-free fallback for
benchmarks. Stories: incremental, bounded candidates per article, O(n). Copies: candidates from LSH banding of the
stored MinHash signatures and an inverted index of the stored anchor shingles, O(n + candidate pairs), confirmed
by passage reuse on the two texts. Translations: only between languages, top-k lead neighbours inside a story. Claim groups:
matrix operations per story, identical texts merged, near-identical ones pre-merged and linkage on at most
`groups.MAX_CLAIMS` units per chunk. Figures: compared per (kind, unit) on distinct counted-noun
keys (rapidfuzz `cdist`). `quellenlage bench-crossdoc -n N` reports time per step and peak memory.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import (Article, ArticleAnnotations, ClaimGroup, CopyLink, DenialRecord, Entity, FigureComparison,
                     MatrixRow, Story, SummaryItem, TimelineEvent)
from ..encoder.sentences import Embedder, default_embedder, unpack
from ..encoder.texts import lead_text
from .names import outlet_of, published_iso
from .records import plain_span
from .runtime import fewer_gc_passes, single_threaded_blas


@dataclass
class CorpusAnalysis:
    entities: list[Entity] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    figure_table: list[FigureComparison] = field(default_factory=list)
    denials: list[DenialRecord] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    summary: list[SummaryItem] = field(default_factory=list)
    matrix: list[MatrixRow] = field(default_factory=list)
    copies: list[CopyLink] = field(default_factory=list)
    annotations: list[ArticleAnnotations] = field(default_factory=list)
    story_of: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _link_entities(articles, annotations, notes):
    try:
        from .linking import link_entities
    except ImportError:
        notes.append("entity linking not available: entities listed per mention text")
        return None, list(annotations)
    try:
        entities, linked = link_entities(list(articles), list(annotations))
        return list(entities), list(linked)
    except Exception as exc:  # another stage's failure must not lose the briefing
        notes.append(f"entity linking failed ({type(exc).__name__}: {exc}); entities listed per mention text")
        return None, list(annotations)


def _fallback_entities(articles, annotations) -> list[Entity]:
    from .names import norm_name

    ents: dict[tuple[str, str], Entity] = {}
    for ann in annotations:
        for m in ann.mentions:
            if m.kind not in ("name", "acronym"):
                continue
            key = (m.label, norm_name(m.text))
            if not key[1]:
                continue
            e = ents.get(key)
            if e is None:
                e = ents[key] = Entity(id=f"ent-{len(ents) + 1}", label=m.label, name=m.text)
            if m.text not in e.aliases:
                e.aliases.append(m.text)
            e.mention_ids.append(m.id)
            if m.article_id not in e.article_ids:
                e.article_ids.append(m.article_id)
    return sorted(ents.values(), key=lambda e: (-len(e.article_ids), e.name))


def _timeline(articles, annotations, notes) -> list[TimelineEvent]:
    try:
        from .timeline import build_timeline
    except ImportError:
        build_timeline = None
    if build_timeline is not None:
        try:
            return list(build_timeline(list(articles), list(annotations)))
        except Exception as exc:
            notes.append(f"timeline failed ({type(exc).__name__}: {exc}); dated claims listed instead")
    from .records import sentence_span

    events = []
    by_id = {a.id: a for a in articles}
    for ann in annotations:
        art = by_id[ann.article_id]
        claims = {c.id: c for c in ann.claims}
        for t in ann.times:
            if not t.value or t.type != "date" or not t.value[:1].isdigit():
                continue
            c = claims.get(t.claim_id or "")
            span = plain_span(c) if c else sentence_span(art, ann, t.start, t.end)
            events.append(TimelineEvent(when=t.value, span=span, time_span=plain_span(t),
                                        claim_id=c.id if c else None, outlet=outlet_of(art), chain=list(c.chain) if c else []))
    events.sort(key=lambda e: (e.when, e.span.article_id, e.span.start))
    return events


def analyse_corpus(
    articles: Sequence[Article],
    annotations: Sequence[ArticleAnnotations],
    embedder: Embedder | None = None,
) -> CorpusAnalysis:
    """Everything the briefing needs across articles. `annotations[i]` belongs to `articles[i]`."""
    with fewer_gc_passes():
        return _analyse(articles, annotations, embedder)


def _analyse(articles, annotations, embedder) -> CorpusAnalysis:
    from .copies import near_duplicates, translations
    from .origins import SourceResolver
    from .stories import _order, cluster_stories
    from .summary import summarise

    t = time.perf_counter()
    timings: dict[str, float] = {}

    def tick(name):
        nonlocal t
        now = time.perf_counter()
        timings[name] = round(now - t, 4)
        t = now

    embedder = embedder or default_embedder()
    notes: list[str] = []
    articles = list(articles)
    by_ann = {a.article_id: a for a in annotations}
    annotations = [by_ann.get(a.id) or ArticleAnnotations(article_id=a.id) for a in articles]
    result = CorpusAnalysis(notes=notes, timings=timings)
    if not articles:
        return result

    entities, annotations = _link_entities(articles, annotations, notes)
    if entities is None:
        entities = _fallback_entities(articles, annotations)
    result.entities, result.annotations = entities, annotations
    entity_names = {e.id: e.name for e in entities}
    tick("entities")

    lead_vecs = _lead_vectors(articles, annotations, embedder)
    tick("embed_leads")
    stories, story_of = cluster_stories(articles, annotations, embedder, vectors=lead_vecs)
    result.stories, result.story_of = stories, story_of
    tick("stories")

    copies = near_duplicates(articles, fingerprints=[n.fingerprint for n in annotations])
    copied = {c.article_id for c in copies}
    copies += translations(articles, annotations, story_of, lead_vecs, embedder, already=copied)
    canonical = {c.article_id: c.copy_of for c in copies}
    for _ in range(3):  # follow copy-of-copy
        canonical = {k: canonical.get(v, v) for k, v in canonical.items()}
    result.copies = copies
    tick("copies")

    art_by_id = {a.id: a for a in articles}
    ann_by_id = {n.article_id: n for n in annotations}
    order = {articles[i].id: r for r, i in enumerate(_order(articles))}
    all_claims = {c.id: c for n in annotations for c in n.claims}
    if not all_claims:
        notes.append("no claims were extracted: claim groups, origins and the matrix are empty")
    # stories are independent here: each gets its claim groups, denial records and figure comparisons
    ctx = _StoryContext(art_by_id, ann_by_id, order, embedder, entity_names)
    groups: list[ClaimGroup] = []
    figure_table: list[FigureComparison] = []
    denials: list[DenialRecord] = []
    with single_threaded_blas():  # thousands of small per-story matrix products
        for story in stories:
            sgroups, sdenials, sfigures = _story_part(story, ctx)
            groups.extend(sgroups)
            denials.extend(sdenials)
            figure_table.extend(sfigures)
    tick("groups_denials_figures")

    resolver = SourceResolver(entities, annotations)
    resolve_groups(groups, figure_table, annotations, art_by_id, order, canonical, resolver, ctx.restating)
    result.claim_groups, result.figure_table, result.denials = groups, figure_table, denials
    tick("origins_status")

    result.matrix = _matrix(articles, story_of, groups, denials, art_by_id, order)
    result.timeline = _timeline(articles, annotations, notes)
    result.summary = summarise(stories, groups, art_by_id, ann_by_id, figure_table, denials)
    tick("matrix_timeline_summary")
    return result


@dataclass
class _StoryContext:
    art_by_id: dict
    ann_by_id: dict
    order: dict
    embedder: Embedder
    entity_names: dict
    restating: dict = field(default_factory=dict)  # group id -> members that restate one another, by component


def _story_part(story, ctx: _StoryContext) -> tuple[list[ClaimGroup], list[DenialRecord], list[FigureComparison]]:
    """Claim groups, denial records and figure comparisons of one story (stories are independent here)."""
    from .groups import ClaimItem, claim_keys, group_claims, restating_components, story_topic
    from ..encoder.texts import comparison_texts
    from .denials import denial_records
    from .figures import figure_inputs, reconcile_figures

    art_by_id, ann_by_id, order, embedder = ctx.art_by_id, ctx.ann_by_id, ctx.order, ctx.embedder
    ids = sorted(story.article_ids, key=lambda a: order[a])
    # vectors stored by the per-article stage; articles without them are embedded in one batch per story
    embedder.adopt(ann_by_id[a].embeddings for a in ids)
    embedder.prefetch(t for a in ids if not embedder.accepts(ann_by_id[a].embeddings)
                      for t in comparison_texts(art_by_id[a], ann_by_id[a]))
    items = []
    for aid in ids:
        ann = ann_by_id[aid]
        mention_index = {m.id: m for m in ann.mentions}
        figs = {f.id: f for f in ann.figures}
        # a claim that states a denial ("X wies die Vorwürfe zurück") is the denial's record, never a member of a
        # group: grouped by topic it sat beside what it denies (or a confirmation) and "corroborated" it
        cues = [d.cue for d in ann.denials]  # a non-denial ("wollte das nicht dementieren") is no claim either
        for c in ann.claims:
            if any(c.start <= q.start < c.end for q in cues):
                continue
            items.append(ClaimItem(claim=c, article=art_by_id[aid], keys=claim_keys(c, ann, mention_index),
                                   figures=[figs[f] for f in c.figure_ids if f in figs], order=order[aid] * 10000 + c.start))
    groups = group_claims(story.id, items, embedder)
    texts = {it.claim.id: it.claim.text for it in items}
    langs = {it.claim.id: it.article.language or "" for it in items}
    topic = story_topic(list(texts.values()))
    for g in groups:
        if len(g.article_ids) > 1:
            ctx.restating[g.id] = restating_components(g, texts, embedder, langs=langs, topic=topic)
    claim_group = {m.claim_id: g.id for g in groups for m in g.members}
    denials = denial_records(story.id, [(art_by_id[a], ann_by_id[a]) for a in ids], groups, claim_group,
                             embedder, ctx.entity_names)
    # each figure with the claim and attribution chain covering it (sets Figure.attribution_id / claim_id)
    figs = figure_inputs([(art_by_id[a], ann_by_id[a]) for a in ids])
    return groups, denials, reconcile_figures(story.id, figs, embedder)


def resolve_groups(groups: list[ClaimGroup], figure_table: Sequence[FigureComparison],
                   annotations: Sequence[ArticleAnnotations], art_by_id: dict, order: dict, canonical: dict[str, str],
                   resolver, restating: dict) -> None:
    """Origins, unattributed and hedging outlets, first reporter and status of claim groups (set in place).

    Per story: everything read here lies inside the groups' stories (their claims, figure comparisons and linked
    groups), except the corpus-wide `resolver` (canonical entities) and copy map `canonical`; so it can run on all
    groups at once or on the groups of some stories with those stories' annotations (crossdoc/incremental.py)."""
    from .origins import collapse_origins, group_status, unattributed_outlets

    all_claims = {c.id: c for n in annotations for c in n.claims}
    conflict_claims = set()
    fig_to_claim = {f.id: (f.claim_id or None) for n in annotations for f in n.figures}
    for n in annotations:
        for c in n.claims:
            for f in c.figure_ids:
                fig_to_claim.setdefault(f, c.id)
    for fc in figure_table:
        if fc.verdict == "conflict":
            for s in fc.sides:
                cid = fig_to_claim.get(s.figure_id)
                if cid:
                    conflict_claims.add(cid)
    gid_map = {g.id: g for g in groups}
    # what a denier says it denies ("wies Berichte zurück, wonach X"): reported there, but not backed by the denier
    denied_in_denial = {c.id for n in annotations for d in n.denials if not d.negated for c in n.claims
                        if c.polarity == "denied" and c.start < d.end and d.start < c.end}
    for g in groups:
        g.origins = collapse_origins(g, all_claims, art_by_id, canonical, resolver, denied_in_denial)
        g.independent_origins = len(g.origins)
        g.unattributed_by = unattributed_outlets(g, all_claims, art_by_id)
        dated = [m for m in g.members if art_by_id[m.article_id].published is not None]
        if dated:
            first = min(dated, key=lambda m: order[m.article_id])
            g.first_reporter = outlet_of(art_by_id[first.article_id])
            g.first_published = published_iso(art_by_id[first.article_id])
        for m in g.members:
            c = all_claims.get(m.claim_id)
            outlet = outlet_of(art_by_id[m.article_id])
            if c is not None and c.certainty == "unverified" and outlet not in g.unverified_by:
                g.unverified_by.append(outlet)
            if c is not None and c.certainty in ("hedged", "speculative") and outlet not in g.hedged_by:
                g.hedged_by.append(outlet)
    for g in groups:
        # opposition needs a voice of its own: a negation only outlets state unattributed opposes nothing
        opposed = any(gid_map[x].polarity != "affirmed" and gid_map[x].independent_origins for x in g.linked_group_ids)
        fig_conflict = any(m.claim_id in conflict_claims for m in g.members)
        g.status = group_status(g, all_claims, figure_conflict=fig_conflict, opposed=opposed,
                                restated=restating.get(g.id, {}))


def _lead_vectors(articles, annotations, embedder: Embedder) -> np.ndarray:
    """Lead embeddings: row 0 of the stored per-article vectors when it embeds the same lead with the same backend
    (only that row is decoded), the rest embedded in one batch."""
    leads = [lead_text(a, n, embedder.lead_chars) for a, n in zip(articles, annotations)]
    out = np.zeros((len(leads), embedder.dim), dtype=np.float32)
    missing = []
    for i, (lead, n) in enumerate(zip(leads, annotations)):
        emb = n.embeddings
        try:
            if embedder.accepts(emb) and emb.texts[0] == lead:
                out[i] = unpack(emb, rows=1)[0]
                continue
        except ValueError:  # damaged stored vectors: embed this lead anew
            pass
        missing.append(i)
    if missing:
        out[missing] = embedder.encode([leads[i] for i in missing])
    return out


def _matrix(articles, story_of, groups, denials, art_by_id, order) -> list[MatrixRow]:
    rank = {"denies": 4, "supports": 3, "reports": 2, "hedges": 1}
    gid_map = {g.id: g for g in groups}
    rows: dict[str, MatrixRow] = {}
    for a in sorted(articles, key=lambda a: (story_of.get(a.id, ""), order[a.id])):
        rows[a.id] = MatrixRow(article_id=a.id, outlet=outlet_of(a), published=published_iso(a), story_id=story_of.get(a.id))

    def put(aid, gid, stance):
        cells = rows[aid].cells
        old = cells.get(gid)
        if old is None or rank[stance] > rank[old]:
            cells[gid] = stance

    for g in groups:
        for m in g.members:
            if g.polarity == "affirmed":
                put(m.article_id, g.id, m.stance)
            else:
                for lg in g.linked_group_ids:  # a negation in the matrix column of what it negates
                    put(m.article_id, lg, "denies")
                put(m.article_id, g.id, "supports")
    for d in denials:
        if d.kind == "denial" and d.article_id:
            for gid in d.claim_group_ids:
                if gid in gid_map:
                    put(d.article_id, gid, "denies")
    return [r for r in rows.values()]
