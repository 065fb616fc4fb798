"""The story index and the per-story parts of the cross-article stage, kept in the store (incremental briefings).

Tables (derived data: each row says what it was computed from, so a row is either valid for the current articles
or recomputed; concurrent writers can only ever leave valid rows or stale ones, never wrong ones):

* `crossdoc_light(article_id, content_hash, n_claims, data)`: what the corpus-wide passes read of an article
  (`incremental.light_annotations`: mentions, attributes, lead sentences, lead vector, fingerprint; ~5 KB instead
  of the ~150 KB of full annotations), written the first time a refresh sees the article;
* `crossdoc_parts(story_id, digest, data)`: one `incremental.StoryPart` per story (claim groups with origins and
  statuses, denial records, figure comparisons, translations, and the digests and reads it was computed from);
* `crossdoc_index(corpus_digest, data)`: the corpus-wide results (entities, stories, near-duplicates, notes) for
  one set of articles, so reads after a refresh need no recomputation;
* `story_members(article_id, story_id)`: the story of each article (the story index, for SQL and export).

`refresh(store)` brings them up to date: the corpus-wide passes run over the light rows (about a second per
thousand articles), and only the stories whose inputs changed are recomputed from their full annotations
(crossdoc/incremental.py). `store_briefing` and `story_briefing` assemble briefings from them.
"""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import duckdb
from pydantic import BaseModel, Field

from ..model import Article, ArticleAnnotations, Briefing, CopyLink, Entity, InputRecord, Story

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS crossdoc_light (article_id VARCHAR PRIMARY KEY, content_hash VARCHAR,
        n_claims INTEGER, data VARCHAR NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS crossdoc_parts (story_id VARCHAR PRIMARY KEY, digest VARCHAR, data VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS crossdoc_index (corpus_digest VARCHAR PRIMARY KEY, data VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS story_members (article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL)",
]
LIGHT_BATCH = 256  # full annotations read at once when light rows are made (~150 KB each)


class SavedIndex(BaseModel):
    """The corpus-wide results of one refresh (`incremental.CorpusIndex` without the per-article working data)."""
    entities: list[Entity] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    near_duplicates: list[CopyLink] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    backend: str = ""
    linked: bool = True
    n_claims: int = 0
    part_digests: dict[str, str] = Field(default_factory=dict, description="story id -> digest of its part")


@dataclass
class StoryState:
    """Everything a briefing is assembled from, valid for the articles it was refreshed for."""
    index: object  # incremental.CorpusIndex
    parts: dict
    n_claims: int
    stats: dict = field(default_factory=dict)

    @property
    def stories(self) -> list[Story]:
        return self.index.stories


def _missing_table(exc: Exception) -> bool:
    return isinstance(exc, duckdb.CatalogException)


def _ensure_schema(store) -> None:
    with store.lock:
        for stmt in SCHEMA:
            store.con.execute(stmt)


def _select(store, sql: str, params=()) -> list[tuple]:
    """Rows of a query on the tables above; none when they do not exist yet (a read-only store never written)."""
    try:
        return store._query(sql, params)
    except duckdb.Error as exc:
        if _missing_table(exc):
            return []
        raise


def refresh(store, articles: Sequence[Article] | None = None,
            annotations: Mapping[str, ArticleAnnotations] | None = None, embedder=None) -> StoryState:
    """The story index and per-story parts for the articles now stored, recomputing only what changed.

    `articles` / `annotations` (full, by article id): what the caller already holds in memory (else read from the
    store, annotations only where needed). The results are written back unless the store is read-only."""
    from ..crossdoc.incremental import _digest, build_index, refresh_parts
    from ..encoder.sentences import default_embedder

    t0 = time.perf_counter()
    embedder = embedder or default_embedder()
    backend = getattr(embedder, "backend", "")
    writable = not store.read_only
    if writable:
        _ensure_schema(store)
    with store.lock:  # one snapshot of the article list and of the stored state
        rows = store._query("SELECT id, content_hash FROM articles ORDER BY added_at, id")
        corpus_digest = _digest(["crossdoc", backend, rows])
        saved = _select(store, "SELECT data FROM crossdoc_index WHERE corpus_digest = ?", [corpus_digest])
        part_rows = _select(store, "SELECT story_id, digest, data FROM crossdoc_parts")
        if articles is None:
            articles = store.articles()
    articles = list(articles)
    if [a.id for a in articles] != [r[0] for r in rows]:  # the caller's list is of another snapshot
        articles = store.articles()
        rows = [(a.id, a.content_hash) for a in articles]
        corpus_digest = _digest(["crossdoc", backend, rows])
    stored = _StoredParts(part_rows)
    stats = {"articles": len(articles)}
    state = _from_saved(saved, stored, articles) if saved else None
    if state is not None:
        state.stats.update(stats, seconds=round(time.perf_counter() - t0, 3))
        return state
    loader = _Loader(store, annotations)
    light, n_claims, new_light = _light_parts(store, articles, dict(rows), annotations or {}, loader)
    t1 = time.perf_counter()
    index = build_index(articles, [light[a.id] for a in articles], embedder)
    t2 = time.perf_counter()
    result = refresh_parts(index, stored, lambda ids: loader.many(ids, keep=False), embedder, headers=stored.headers)
    t3 = time.perf_counter()
    total_claims = sum(n_claims.values())
    recomputed = set(result.recomputed)
    stats.update(recomputed=len(result.recomputed), reused=len(result.reused), light_new=len(new_light),
                 seconds_light=round(t1 - t0, 3), seconds_index=round(t2 - t1, 3), seconds_parts=round(t3 - t2, 3),
                 index="computed",
                 recomputed_articles=sum(len(s.article_ids) for s in index.stories if s.id in recomputed))
    if writable:
        _save(store, corpus_digest, index, result, new_light, total_claims, backend)
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    return StoryState(index, result.parts, total_claims, stats)


def _from_saved(saved, stored: "_StoredParts", articles: list[Article]) -> StoryState | None:
    """The state saved for exactly these articles, when every part it names is stored (nothing to compute)."""
    from ..crossdoc.incremental import CorpusIndex
    from ..crossdoc.stories import _order

    try:
        data = SavedIndex.model_validate_json(saved[0][0])
    except ValueError:  # written by another version
        return None
    if not all(stored.digest(s.id) == data.part_digests.get(s.id) and stored.get(s.id) for s in data.stories):
        return None
    order = {articles[i].id: r for r, i in enumerate(_order(articles))}
    index = CorpusIndex(articles, [], data.entities, data.stories, {a: s.id for s in data.stories for a in s.article_ids},
                        data.near_duplicates, None, order, list(data.notes), data.backend, data.linked)
    return StoryState(index, {s.id: stored[s.id] for s in data.stories}, data.n_claims,
                      {"recomputed": 0, "reused": len(data.stories), "index": "stored"})


def _light_parts(store, articles: list[Article], hashes: dict[str, str], held: Mapping[str, ArticleAnnotations],
                 loader: "_Loader") -> tuple[dict, dict, list]:
    """(light annotations by id, claims per article, light rows to write): cut from the full annotations the
    caller holds when it holds them all (a server), else read from `crossdoc_light`, and for articles without a
    row made from their full annotations, read in batches."""
    from ..crossdoc.incremental import light_annotations

    light: dict[str, ArticleAnnotations] = {}
    n_claims: dict[str, int] = {}
    if all(a.id in held for a in articles):
        have = {aid for aid, digest in _select(store, "SELECT article_id, content_hash FROM crossdoc_light")
                if hashes.get(aid) == digest}
        for a in articles:
            light[a.id] = light_annotations(a, held[a.id])
            n_claims[a.id] = len(held[a.id].claims)
        return light, n_claims, [(a.id, hashes.get(a.id), n_claims[a.id], light[a.id].model_dump_json())
                                 for a in articles if a.id not in have]
    for aid, digest, n, data in _select(store, "SELECT article_id, content_hash, n_claims, data FROM crossdoc_light"):
        if hashes.get(aid) == digest:
            try:
                light[aid] = ArticleAnnotations.model_validate_json(data)
                n_claims[aid] = n
            except ValueError:  # written by another version: made again
                pass
    arts = {a.id: a for a in articles}
    todo = [a.id for a in articles if a.id not in light]
    new_light = []
    for lo in range(0, len(todo), LIGHT_BATCH):  # one query per batch, not per article; memory stays bounded
        chunk = todo[lo:lo + LIGHT_BATCH]
        full = loader.many(chunk, keep=False)
        for aid in chunk:
            ann = full[aid]  # an article stored without annotations counts as having none
            light[aid] = light_annotations(arts[aid], ann)
            n_claims[aid] = len(ann.claims)
            new_light.append((aid, hashes.get(aid), n_claims[aid], light[aid].model_dump_json()))
    return light, n_claims, new_light


def _save(store, corpus_digest, index, result, new_light, n_claims, backend) -> None:
    saved = SavedIndex(entities=index.entities, stories=index.stories, near_duplicates=index.near_duplicates,
                       notes=index.notes, backend=backend, linked=index.linked, n_claims=n_claims,
                       part_digests={sid: p.digest for sid, p in result.parts.items()})
    # new parts, and reused ones whose entity ids were renumbered
    changed = [(sid, _header(result.parts[sid]), result.parts[sid].model_dump_json())
               for sid in result.recomputed + result.rebased]
    live = [s.id for s in index.stories]
    members = [(a, s.id) for s in index.stories for a in s.article_ids]
    with store.lock:
        con = store.con
        con.execute("BEGIN TRANSACTION")
        try:
            if new_light:
                con.execute("DELETE FROM crossdoc_light WHERE list_contains(?, article_id)", [[r[0] for r in new_light]])
                con.executemany("INSERT INTO crossdoc_light VALUES (?, ?, ?, ?)", new_light)
            con.execute("DELETE FROM crossdoc_parts WHERE NOT list_contains(?, story_id)", [live])
            if changed:
                con.execute("DELETE FROM crossdoc_parts WHERE list_contains(?, story_id)", [[c[0] for c in changed]])
                con.executemany("INSERT INTO crossdoc_parts VALUES (?, ?, ?)", changed)
            con.execute("DELETE FROM crossdoc_index")
            con.execute("INSERT INTO crossdoc_index VALUES (?, ?)", [corpus_digest, saved.model_dump_json()])
            old = dict(con.execute("SELECT article_id, story_id FROM story_members").fetchall())
            moved = [(a, s) for a, s in members if old.get(a) != s]
            gone = set(old) - {a for a, _ in members}
            if gone or moved:
                con.execute("DELETE FROM story_members WHERE list_contains(?, article_id)",
                            [sorted(gone | {a for a, _ in moved})])
            if moved:
                con.executemany("INSERT INTO story_members VALUES (?, ?)", moved)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def _header(part) -> str:
    """The `digest` column of a part: version, translation digest and digest, read without parsing the part."""
    return f"{part.version} {part.translation_digest} {part.digest}"


class _StoredParts(Mapping):
    """Stored parts by story id, parsed when first asked for (a part of a large story is megabytes of JSON, and
    the parts of changed stories are never read)."""

    def __init__(self, rows):
        from ..crossdoc.incremental import StoryPart

        self._model = StoryPart
        self._raw = {sid: data for sid, _, data in rows}
        self.headers = {}
        for sid, header, _ in rows:
            bits = (header or "").split(" ")
            if len(bits) == 3:
                self.headers[sid] = tuple(bits)
        self._parsed: dict = {}

    def digest(self, sid: str) -> str | None:
        h = self.headers.get(sid)
        return h[2] if h else None

    def __getitem__(self, sid):
        if sid not in self._parsed:
            try:
                self._parsed[sid] = self._model.model_validate_json(self._raw[sid])
            except ValueError:  # written by another version
                self._parsed[sid] = None
        part = self._parsed[sid]
        if part is None:
            raise KeyError(sid)
        return part

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class _Loader(Mapping):
    """Full annotations by article id: from what the caller holds, else read from the store (and kept)."""

    def __init__(self, store, held: Mapping[str, ArticleAnnotations] | None):
        self.store, self.held, self.read = store, held or {}, {}

    def many(self, ids: list[str], keep: bool = True) -> dict[str, ArticleAnnotations]:
        need = [a for a in ids if a not in self.held and a not in self.read]
        fetched = {}
        if need:
            fetched = {ann.article_id: ann for ann in self.store.annotations(need)}
            if keep:
                self.read.update(fetched)
        out = {}
        for a in ids:
            ann = self.held.get(a) or self.read.get(a) or fetched.get(a)
            out[a] = ann if ann is not None else ArticleAnnotations(article_id=a)
        return out

    def __getitem__(self, key: str) -> ArticleAnnotations:
        return self.many([key])[key]

    def get(self, key, default=None):
        ann = self.held.get(key) or self.read.get(key)
        if ann is None:
            ann = self.many([key])[key]
        return ann

    def __iter__(self):
        return iter(self.held)

    def __len__(self) -> int:
        return len(self.held)


def _briefing(state: StoryState, inputs: list[InputRecord], annotations: Mapping[str, ArticleAnnotations],
              include: Sequence[str] | None = None) -> Briefing:
    from ..briefing.build import briefing_from_analysis
    from ..crossdoc.incremental import assemble

    ca = assemble(state.index, state.parts, annotations, include=include, n_claims=state.n_claims)
    return briefing_from_analysis(inputs, state.index.articles, [], ca)


def store_briefing(store, inputs: list[InputRecord], articles: Sequence[Article],
                   annotations: Sequence[ArticleAnnotations], embedder=None) -> Briefing:
    """The briefing over every stored article, from the story index and parts (only changed stories recomputed);
    the batch build (`briefing.build.build_briefing`) when the incremental path fails, with a note."""
    from ..briefing.build import build_briefing

    try:
        held = {a.article_id: a for a in annotations}
        state = refresh(store, articles, held, embedder=embedder)
        return _briefing(state, inputs, _Loader(store, held))
    except Exception as exc:  # never lose the briefing: rebuild everything
        briefing = build_briefing(inputs, articles, annotations, embedder=embedder)
        briefing.notes.append(f"incremental cross-article stage failed ({type(exc).__name__}: {exc}); built anew")
        return briefing


def story_briefing(store, story_id: str, embedder=None) -> Briefing:
    """One story's briefing (as `briefing.html.select_story` cuts it from the whole briefing), reading only that
    story's annotations (and the sentences the summary quotes). KeyError for an unknown story."""
    from ..briefing.html import select_story

    state = refresh(store, embedder=embedder)
    story = next((s for s in state.stories if s.id == story_id), None)
    if story is None:
        raise KeyError(story_id)
    stored = {a.id for a in state.index.articles}
    inputs = [r for r in store.inputs() if r.status != "ok" or r.article_id in stored]  # as Store.briefing
    loader = _Loader(store, None)
    loader.many(story.article_ids)  # one query for the story's annotations (the summary may ask for a few more)
    return select_story(_briefing(state, inputs, loader, include=story.article_ids), story_id)


def stories(store) -> list[Story]:
    """The stories of the stored articles (refreshing the index when articles were added)."""
    return refresh(store).stories


def brief_from_store(path, story_id: str | None = None) -> Briefing:
    """The briefing of a store file, or of one of its stories; StoreError (with the story ids) when either is
    missing. The store is opened for writing when possible, so the refreshed story index is kept."""
    from pathlib import Path

    from .db import Store, StoreError

    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no store at {path}")
    try:
        db = Store(path)
    except StoreError:  # a file this user may not write, or held by another writer: read it
        db = Store(path, read_only=True)
    with db:
        if story_id is None:
            return db.briefing()
        try:
            return db.story_briefing(story_id)
        except KeyError:
            ids = [s.id for s in db.stories()]
            listed = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
            raise StoreError(f"no story {story_id!r} in {path}; its stories: {listed or 'none'}") from None
