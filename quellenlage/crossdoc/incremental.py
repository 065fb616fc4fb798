"""The cross-article stage, incrementally: recompute only the stories whose inputs changed.

The briefing is partitioned by story. Claim groups, restatement, denial records, figure comparisons and
translations are computed per story (`_story_part`, `copies.translations`), and so are origins and statuses
(`resolve_groups`). What crosses stories is small and cheap, and is recomputed over the whole corpus on every
refresh (`build_index`, the same functions in the same order as `analyse_corpus`):

* entity linking (`linking.link_entities`): canonical entities, and the entity ids the story keys, claim keys,
  denial actors and origins use; a new article can merge or split entities mentioned in other stories;
* story clustering (`stories.cluster_stories`) over stored lead vectors and entity keys: the batch clusterer is
  order-dependent (articles in publication order, then a second pass that lets small stories join a larger one),
  and a new article may be dated before stored ones, so continuing a stored index would not give the batch
  result; replaying it costs ~0.4 ms per article (the whole index, with linking and copies, ~1.2 ms);
* near-duplicate copies (`copies.near_duplicates`, LSH over the stored fingerprints) and the copy map (a copy's
  origins are its original's, which may sit in another story);
* the source resolver (`origins.SourceResolver`): aliases, "speaks for" and firms over all entities;
* the story labels and top entities, the matrix, the timeline and the summary (assembled from the parts).

A stored part is reused when everything it read is unchanged: its *inputs digest* covers the story id, its
members (ids, content hashes, publication order), the entity id of every mention of its members, which members
are near-duplicate copies, and (for the part proper) each member's original in the copy map; its *reads* are the
lookups it made into the corpus-wide tables (resolver tables and entity names), recorded while it was computed
(`_Recorded`) and replayed against the new tables. Same inputs and same reads give the same computation, so an
incremental briefing equals the batch briefing. Two documented exceptions, both numeric and not observed on
the test corpora: the sentence-vector cache keeps the first stored vector of a text (`Embedder.adopt`), and
vectors missing from the store are embedded per story batch.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, Field

from ..encoder.sentences import Embedder, default_embedder
from ..model import (Article, ArticleAnnotations, ClaimGroup, CopyLink, DenialRecord, Embeddings, Entity,
                     FigureComparison, Story)
from .records import replaced

# lead_text reads the title and at most this many characters of sentences (article keys: 400; lead vectors:
# Embedder.lead_chars <= 320): light annotations keep the sentences up to this length
LIGHT_LEAD_CHARS = 1000
PART_VERSION = "1"  # bump when what a part holds, or how it is computed, changes: stored parts are then recomputed


# ------------------------------------------------------------------------------------------- light annotations
def light_annotations(article: Article, ann: ArticleAnnotations) -> ArticleAnnotations:
    """What the corpus-wide passes read of one article's annotations: mentions, attributes, the lead sentences,
    row 0 (the lead) of the stored vectors and the copy fingerprint -- a few KB instead of ~150 KB."""
    flags = sorted((f.start, f.end) for f in article.flagged)
    keep, size = 0, 0
    for i, s in enumerate(ann.sentences):  # the loop of encoder.texts.lead_text, with the largest max_chars
        keep = i + 1
        if flags and any(a < s.end and s.start < b for a, b in flags):
            continue
        size += len(s.text.strip())
        if size >= LIGHT_LEAD_CHARS:
            break
    emb = ann.embeddings
    if emb is not None and emb.texts:
        nbytes = emb.dim * 2  # one float16 row; 4 base64 characters carry 3 bytes (encoder.sentences.unpack)
        emb = Embeddings(model=emb.model, dim=emb.dim, texts=emb.texts[:1], data=emb.data[: -(-nbytes // 3) * 4])
    return ArticleAnnotations(article_id=ann.article_id, sentences=ann.sentences[:keep], mentions=ann.mentions,
                              attributes=ann.attributes, embeddings=emb, fingerprint=ann.fingerprint,
                              errors=ann.errors)


# ------------------------------------------------------------------------------------------- corpus-wide index
@dataclass
class CorpusIndex:
    """The corpus-wide passes of one refresh (see the module docstring)."""
    articles: list[Article]
    annotations: list[ArticleAnnotations]  # light, entity-linked
    entities: list[Entity]
    stories: list[Story]
    story_of: dict[str, str]
    near_duplicates: list[CopyLink]
    lead_vectors: np.ndarray
    order: dict[str, int]  # publication rank
    notes: list[str] = field(default_factory=list)
    backend: str = ""
    linked: bool = True  # entities come from `link_entities` (else the per-mention fallback, mentions unchanged)

    def __post_init__(self):
        self.position = {a.id: i for i, a in enumerate(self.articles)}  # input order
        self.art_by_id = {a.id: a for a in self.articles}
        self.ann_by_id = {n.article_id: n for n in self.annotations}
        self._entity_of: dict[str, str] | None = None

    def link(self, ann: ArticleAnnotations) -> ArticleAnnotations:
        """`ann` (full, as stored) with the corpus-wide entity ids on its mentions, as `_link_entities` gives the
        batch: from the linked light annotations, or (an index loaded back without them) from the entities."""
        light = self.ann_by_id.get(ann.article_id)
        if light is not None:
            return replaced(ann, mentions=light.mentions)
        if not self.linked:
            return ann
        if self._entity_of is None:
            self._entity_of = {mid: e.id for e in self.entities for mid in e.mention_ids}
        entity_of = self._entity_of
        return replaced(ann, mentions=[replaced(m, entity_id=entity_of[m.id]) if m.id in entity_of else m
                                       for m in ann.mentions])


def build_index(articles: Sequence[Article], light: Sequence[ArticleAnnotations],
                embedder: Embedder | None = None) -> CorpusIndex:
    """Entity linking, lead vectors, stories and near-duplicates, exactly as `analyse_corpus` computes them."""
    from . import _fallback_entities, _lead_vectors, _link_entities
    from .copies import near_duplicates
    from .stories import _order, cluster_stories

    embedder = embedder or default_embedder()
    articles = list(articles)
    notes: list[str] = []
    by_ann = {n.article_id: n for n in light}
    annotations = [by_ann.get(a.id) or ArticleAnnotations(article_id=a.id) for a in articles]
    if not articles:
        return CorpusIndex([], [], [], [], {}, [], np.zeros((0, embedder.dim), dtype=np.float32), {}, notes,
                           getattr(embedder, "backend", ""))
    entities, annotations = _link_entities(articles, annotations, notes)
    linked = entities is not None
    if entities is None:
        entities = _fallback_entities(articles, annotations)
    lead_vecs = _lead_vectors(articles, annotations, embedder)
    stories, story_of = cluster_stories(articles, annotations, embedder, vectors=lead_vecs)
    near = near_duplicates(articles, fingerprints=[n.fingerprint for n in annotations])
    order = {articles[i].id: r for r, i in enumerate(_order(articles))}
    return CorpusIndex(articles, list(annotations), list(entities), stories, story_of, near, lead_vecs, order,
                       notes, getattr(embedder, "backend", ""), linked)


def canonical_map(copies: Iterable[CopyLink]) -> dict[str, str]:
    """Copy -> the original it stands for (copy-of-copy followed), as in `analyse_corpus`."""
    canonical = {c.article_id: c.copy_of for c in copies}
    for _ in range(3):
        canonical = {k: canonical.get(v, v) for k, v in canonical.items()}
    return canonical


# ------------------------------------------------------------------------------------------- per-story parts
class StoryPart(BaseModel):
    """Everything the briefing holds for one story that is costly to compute, with what it was computed from."""
    story_id: str
    version: str = PART_VERSION
    translation_digest: str = Field(description="inputs of the story's translation links")
    digest: str = Field(description="inputs of the story's groups, denials, figures, origins and statuses")
    reads: list[list[str]] = Field(default_factory=list, description="(table, key, value digest) looked up in the "
                                   "corpus-wide tables while computing the part")
    translations: list[CopyLink] = Field(default_factory=list)
    claim_groups: list[ClaimGroup] = Field(default_factory=list)
    denials: list[DenialRecord] = Field(default_factory=list)
    figure_table: list[FigureComparison] = Field(default_factory=list)
    entity_anchors: dict[str, str] = Field(default_factory=dict, description="corpus-wide entity id -> anchor of "
                                           "the ids the outputs hold (see `Anchors`)")


def _digest(value) -> str:
    return hashlib.blake2b(json.dumps(value, ensure_ascii=False, default=_plain).encode("utf-8"),
                           digest_size=12).hexdigest()


def _plain(value):
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(type(value).__name__)


class Anchors:
    """Entity ids in a form that survives renumbering. Linking numbers entities E1, E2, ... by their first
    mention, so a new article renumbers entities all over the corpus; a stored part compares entities by
    *anchor* instead: the id of the entity's first mention in input order (new articles come last, so an
    entity keeps its anchor unless it merges with an earlier one -- a real change). Digests and reads are taken
    in anchor space; a reused part's entity ids are mapped to the new numbering (`rebase`)."""

    def __init__(self, index: "CorpusIndex"):
        self.of: dict[str, str] = {}
        for ann in index.annotations:  # input order
            for m in sorted(ann.mentions, key=lambda m: (m.start, m.end)):
                if m.entity_id and m.entity_id not in self.of:
                    self.of[m.entity_id] = m.id
        self.id_of = {a: e for e, a in self.of.items()}

    def key(self, key) -> str:
        key = str(key)
        return "@" + self.of[key] if key in self.of else key

    def value(self, value, bare: bool = True):
        """`value` with entity ids (bare strings, "entity:<id>", or in a field named *entity_id) as anchors;
        `bare=False` for tables whose values are names, never ids (an entity may be named "E45")."""
        if isinstance(value, str):
            if not bare:
                return value
            if value in self.of:
                return "@" + self.of[value]
            if value.startswith("entity:") and value[7:] in self.of:
                return "entity:@" + self.of[value[7:]]
            return value
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        if isinstance(value, dict):
            return {k: self.value(v) if not isinstance(v, str) or k.endswith("entity_id") or v.startswith("entity:")
                    else v for k, v in value.items()}
        if isinstance(value, (set, frozenset)):
            return sorted((self.value(v) for v in value), key=repr)
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        return value

    def unkey(self, key: str) -> str | None:
        """The current id of an anchored key (None: that entity is gone), or the key itself."""
        return self.id_of.get(key[1:]) if key.startswith("@") else key


def _members(story: Story, index: CorpusIndex) -> list[str]:
    return sorted(story.article_ids, key=index.order.__getitem__)


def translation_digest(story: Story, index: CorpusIndex, copied: set[str], anchors: Anchors) -> str:
    """What a story's translations (and the rest of its part) depend on inside the story: members in
    publication order, their texts (content hash), which are copies, and which entity each mention names."""
    rows = []
    for aid in _members(story, index):
        art, ann = index.art_by_id[aid], index.ann_by_id[aid]
        rows.append([aid, art.content_hash or "", aid in copied, [anchors.key(m.entity_id) for m in ann.mentions]])
    return _digest([PART_VERSION, index.backend, story.id, rows])


def part_digest(story: Story, index: CorpusIndex, tdigest: str, canonical: dict[str, str]) -> str:
    """The translation digest and, for each member that is a copy or translation, the original it stands for."""
    roots = []
    for aid in _members(story, index):
        root = canonical.get(aid)
        if root is not None:
            roots.append([aid, root, index.art_by_id[root].content_hash or "" if root in index.art_by_id else ""])
    return _digest([tdigest, roots])


class _Reads:
    """Lookups made into corpus-wide tables: (table, anchored key) -> digest of what was found (anchored)."""

    def __init__(self, anchors: Anchors):
        self.anchors = anchors
        self.seen: dict[tuple[str, str], str] = {}
        self._raw: set = set()  # (table, key) as looked up: most lookups repeat

    def note(self, table: str, key, value) -> None:
        raw = (table, key)
        if raw in self._raw:
            return
        self._raw.add(raw)
        k = (table, self.anchors.key(key))
        if k not in self.seen:
            self.seen[k] = _digest(self.anchors.value(value, bare=table not in NAME_TABLES))

    def rows(self) -> list[list[str]]:
        return [[t, k, v] for (t, k), v in sorted(self.seen.items())]


_MISSING = object()
NAME_TABLES = {"resolver.names", "resolver.labels", "entity_names"}  # values are names or labels, not entity ids


class _Recorded(Mapping):
    """A read-only view of a dict or set that notes every lookup (get, [], in, iteration) into `reads`."""

    def __init__(self, table: str, data, reads: _Reads):
        self._table, self._data, self._reads = table, data, reads

    def get(self, key, default=None):
        value = self._data.get(key, _MISSING) if isinstance(self._data, dict) else _MISSING
        self._reads.note(self._table, key, None if value is _MISSING else value)
        return default if value is _MISSING else value

    def __getitem__(self, key):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        found = key in self._data
        self._reads.note(self._table + "?", key, found)
        return found

    def __iter__(self):
        self._reads.note(self._table + "*", "", _table_value(self._data))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.note(self._table + "*", "", _table_value(self._data))
        return len(self._data)


def _table_value(data):
    return sorted(data.items(), key=repr) if isinstance(data, dict) else sorted(data, key=repr)


def _tables(resolver, entity_names: dict[str, str]) -> dict[str, object]:
    """The corpus-wide tables a part may read: every attribute of the resolver, and the entity names."""
    tables = {f"resolver.{k}": v for k, v in vars(resolver).items()}
    tables["entity_names"] = entity_names
    return tables


def _recording_resolver(resolver, reads: _Reads):
    """The resolver's methods over views of its tables that note each lookup (see the module docstring)."""
    view = type(resolver).__new__(type(resolver))
    for name, value in vars(resolver).items():
        if isinstance(value, (dict, set, frozenset)):
            setattr(view, name, _Recorded(f"resolver.{name}", value, reads))
        else:  # not a table: read whole
            reads.note(f"resolver.{name}=", "", repr(value))
            setattr(view, name, value)
    return view


def reads_unchanged(reads: Sequence[Sequence[str]], tables: dict[str, object], anchors: Anchors) -> bool:
    """Whether every recorded lookup finds the same value (in anchor space) in the new corpus-wide tables."""
    for table, key, digest in reads:
        data = tables.get(table.rstrip("?*="), _MISSING)
        if data is _MISSING:
            return False
        if table.endswith("="):
            value = repr(data)
        elif table.endswith("*"):
            value = _table_value(data)
        else:
            k = anchors.unkey(key)
            if k is None:
                return False
            value = (k in data) if table.endswith("?") else (data.get(k) if isinstance(data, dict) else None)
        if _digest(anchors.value(value, bare=table not in NAME_TABLES)) != digest:
            return False
    return True


def _part_anchors(part: "StoryPart", anchors: Anchors) -> dict[str, str]:
    """Entity id -> anchor of the corpus-wide entity ids a part's outputs hold. Only denial records hold any
    (`actor_entity_id`, from entity-linked mentions): the chains of origins and figure sides are the annotations'
    own, which linking leaves alone (test_incremental checks that no other field holds one)."""
    return {d.actor_entity_id: anchors.of[d.actor_entity_id] for d in part.denials if d.actor_entity_id in anchors.of}


def rebase(part: "StoryPart", anchors: Anchors) -> "StoryPart | None":
    """The part with its entity ids in the current numbering; None when one of its entities is gone."""
    mapping = {}
    for eid, anchor in part.entity_anchors.items():
        new = anchors.id_of.get(anchor)
        if new is None:
            return None
        if new != eid:
            mapping[eid] = new
    if not mapping:
        return part
    denials = [replaced(d, actor_entity_id=mapping[d.actor_entity_id]) if d.actor_entity_id in mapping else d
               for d in part.denials]
    return part.model_copy(update={"denials": denials,
                                   "entity_anchors": {mapping.get(e, e): a for e, a in part.entity_anchors.items()}})


@dataclass
class Refresh:
    """The result of `refresh_parts`: parts per story id, and which stories were computed anew."""
    parts: dict[str, StoryPart]
    recomputed: list[str]
    reused: list[str]
    rebased: list[str] = field(default_factory=list)  # reused, with entity ids mapped to the new numbering


def refresh_parts(index: CorpusIndex, stored: Mapping[str, StoryPart],
                  load: Callable[[list[str]], Mapping[str, ArticleAnnotations]],
                  embedder: Embedder | None = None,
                  headers: Mapping[str, tuple[str, str, str]] | None = None) -> Refresh:
    """Per-story parts for the stories of `index`: stored ones whose inputs and reads are unchanged, the others
    computed from the full annotations `load(article_ids)` returns. `headers`: (version, translation digest,
    digest) per stored part, so that `stored` (which may parse lazily) is only read for parts that can be used."""
    from . import _StoryContext, _story_part, resolve_groups
    from .copies import translations
    from .origins import SourceResolver
    from .runtime import fewer_gc_passes, single_threaded_blas

    embedder = embedder or default_embedder()
    copied = {c.article_id for c in index.near_duplicates}
    anchors = Anchors(index)
    tdigests = {s.id: translation_digest(s, index, copied, anchors) for s in index.stories}
    if headers is None:
        headers = {sid: (p.version, p.translation_digest, p.digest) for sid, p in stored.items()}
    usable = {sid: h for sid, h in headers.items() if h[0] == PART_VERSION}
    kept = {}  # stories whose members are unchanged: their stored part (parsed here, as it will be needed)
    for story in index.stories:
        if story.id in usable and usable[story.id][1] == tdigests[story.id]:
            part = stored.get(story.id)
            if part is not None:
                kept[story.id] = part
    fresh_t = [s for s in index.stories if s.id not in kept]
    full: dict[str, ArticleAnnotations] = {}

    def linked_full(ids: list[str]) -> dict[str, ArticleAnnotations]:
        need = [a for a in ids if a not in full]
        if need:
            loaded = load(need)
            for aid in need:
                full[aid] = index.link(loaded[aid])
        return {a: full[a] for a in ids}

    with fewer_gc_passes():
        # a story whose members are unchanged keeps its translations (needed for the copy map even when the
        # rest of its part is recomputed)
        story_translations = {sid: part.translations for sid, part in kept.items()}
        for story in fresh_t:
            anns = linked_full(story.article_ids)
            arts = [index.art_by_id[a] for a in story.article_ids]  # input order, as in the batch
            rows = [index.position[a] for a in story.article_ids]
            story_translations[story.id] = translations(arts, [anns[a] for a in story.article_ids],
                                                        {a: story.id for a in story.article_ids},
                                                        index.lead_vectors[rows], embedder, already=copied)
        links = list(index.near_duplicates) + [c for s in index.stories for c in story_translations.get(s.id, [])]
        canonical = canonical_map(links)
        resolver = SourceResolver(index.entities, index.annotations)
        entity_names = {e.id: e.name for e in index.entities}
        tables = _tables(resolver, entity_names)
        parts: dict[str, StoryPart] = {}
        recomputed, reused, rebased = [], [], []
        with single_threaded_blas():
            for story in index.stories:
                tdigest = tdigests[story.id]
                digest = part_digest(story, index, tdigest, canonical)
                old = kept.get(story.id)
                if old is not None and old.digest == digest and old.translation_digest == tdigest \
                        and reads_unchanged(old.reads, tables, anchors):
                    new = rebase(old, anchors)
                    if new is not None:
                        parts[story.id] = new
                        reused.append(story.id)
                        if new is not old:
                            rebased.append(story.id)
                        continue
                anns = linked_full(story.article_ids)
                reads = _Reads(anchors)
                ctx = _StoryContext(index.art_by_id, anns, index.order, embedder, _Recorded("entity_names", entity_names, reads))
                groups, denials, figures = _story_part(story, ctx)
                resolve_groups(groups, figures, [anns[a] for a in story.article_ids], index.art_by_id, index.order,
                               canonical, _recording_resolver(resolver, reads), ctx.restating)
                part = StoryPart(story_id=story.id, translation_digest=tdigest, digest=digest, reads=reads.rows(),
                                 translations=story_translations[story.id], claim_groups=groups, denials=denials,
                                 figure_table=figures)
                part.entity_anchors = _part_anchors(part, anchors)
                parts[story.id] = part
                recomputed.append(story.id)
                for aid in story.article_ids:  # bounded memory: a story's annotations are not needed again
                    full.pop(aid, None)
    return Refresh(parts, recomputed, reused, rebased)


# ------------------------------------------------------------------------------------------- assembly
def assemble(index: CorpusIndex, parts: Mapping[str, StoryPart], annotations: Mapping[str, ArticleAnnotations],
             include: Iterable[str] | None = None, n_claims: int | None = None):
    """A `CorpusAnalysis` from the index and the parts, with the annotations (full, as stored) of the articles
    in `include` (default: every article) entity-linked as in the batch. `annotations` may load lazily: the
    summary looks up the sentences of a few other articles. `n_claims`: claims in the corpus (for the note the
    batch writes when there are none; counted from `annotations` when not given)."""
    from . import CorpusAnalysis, _matrix, _timeline
    from .figures import figure_inputs
    from .summary import summarise

    ids = [a.id for a in index.articles] if include is None else [a for a in include]
    arts = [index.art_by_id[a] for a in ids]
    linked = []
    for aid in ids:
        ann = index.link(annotations[aid])
        figure_inputs([(index.art_by_id[aid], ann)])  # sets Figure.claim_id / attribution_id, as `_story_part` does
        linked.append(ann)
    notes = list(index.notes)
    if n_claims is None:
        n_claims = sum(len(n.claims) for n in linked)
    if index.articles and not n_claims:
        notes.append("no claims were extracted: claim groups, origins and the matrix are empty")
    got = [parts[s.id] for s in index.stories]
    groups = [g for p in got for g in p.claim_groups]
    denials = [d for p in got for d in p.denials]
    figures = [f for p in got for f in p.figure_table]
    translations = sorted((c for p in got for c in p.translations), key=lambda c: index.position[c.article_id])
    ca = CorpusAnalysis(entities=index.entities, stories=index.stories, claim_groups=groups, figure_table=figures,
                        denials=denials, copies=list(index.near_duplicates) + translations, annotations=linked,
                        story_of=index.story_of, notes=notes)
    if not index.articles:
        return ca
    ca.matrix = _matrix(index.articles, index.story_of, groups, denials, index.art_by_id, index.order)
    ca.timeline = _timeline(arts, linked, notes)
    linked_by_id = {n.article_id: n for n in linked}
    ca.summary = summarise(index.stories, groups, index.art_by_id, _Fallback(linked_by_id, annotations), figures,
                           denials)
    return ca


class _Fallback(Mapping):
    """`first` when it has the key, else `second` (which may load lazily)."""

    def __init__(self, first: Mapping, second: Mapping):
        self.first, self.second = first, second

    def __getitem__(self, key):
        return self.first[key] if key in self.first else self.second[key]

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __iter__(self):
        return iter(self.second)

    def __len__(self):
        return len(self.second)
