"""The DuckDB store: schema, writes (one transaction per article), reads back into model objects, export."""
from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
import typing
import weakref
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import duckdb
from pydantic import TypeAdapter

from ..model import Article, ArticleAnnotations, Briefing, InputRecord, Story

STORE_VERSION = "1"

# Flat tables: one row per annotation, for search and export. The full objects live as JSON in
# `articles.data` / `annotations.data`, so loading back is lossless whatever the flat columns hold.
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL UNIQUE, source VARCHAR, url VARCHAR, outlet VARCHAR,
        title VARCHAR, published VARCHAR, language VARCHAR, n_chars INTEGER, text VARCHAR, data VARCHAR NOT NULL,
        added_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS annotations (article_id VARCHAR PRIMARY KEY, data VARCHAR NOT NULL)",
    """CREATE TABLE IF NOT EXISTS flagged (article_id VARCHAR, start_char INTEGER, end_char INTEGER, reason VARCHAR,
        detail VARCHAR, text VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS claims (article_id VARCHAR, id VARCHAR, start_char INTEGER, end_char INTEGER,
        text VARCHAR, sentence_index INTEGER, certainty VARCHAR, polarity VARCHAR, source VARCHAR, chain VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS mentions (article_id VARCHAR, id VARCHAR, start_char INTEGER, end_char INTEGER,
        text VARCHAR, label VARCHAR, kind VARCHAR, entity_id VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS attributions (article_id VARCHAR, id VARCHAR, start_char INTEGER, end_char INTEGER,
        text VARCHAR, type VARCHAR, speaker VARCHAR, medium VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS denials (article_id VARCHAR, id VARCHAR, start_char INTEGER, end_char INTEGER,
        text VARCHAR, cue VARCHAR, denier VARCHAR, target VARCHAR, negated BOOLEAN)""",
    """CREATE TABLE IF NOT EXISTS figures (article_id VARCHAR, id VARCHAR, start_char INTEGER, end_char INTEGER,
        text VARCHAR, value DOUBLE, low DOUBLE, high DOUBLE, unit VARCHAR, kind VARCHAR, counts VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS times (article_id VARCHAR, id VARCHAR, start_char INTEGER, end_char INTEGER,
        text VARCHAR, type VARCHAR, value VARCHAR, granularity VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS inputs (source VARCHAR, status VARCHAR, article_id VARCHAR, error_kind VARCHAR,
        message VARCHAR, recorded_at TIMESTAMP)""",
    # unused now (see briefing_parts); kept so stores written before stay valid
    "CREATE TABLE IF NOT EXISTS briefing_cache (token VARCHAR PRIMARY KEY, data VARCHAR NOT NULL)",
    # The cross-article part of the briefing of one generation, one row per Briefing field, list items one JSON
    # document per line: loaded back item by item (short calls, so a web server's other threads keep running).
    "CREATE TABLE IF NOT EXISTS briefing_parts (token VARCHAR, field VARCHAR, data VARCHAR NOT NULL)",
]
ANNOTATION_TABLES = ("flagged", "claims", "mentions", "attributions", "denials", "figures", "times")
EXPORT_TABLES = ("articles", "annotations") + ANNOTATION_TABLES + ("inputs",)


class StoreError(RuntimeError):
    pass


class StoreBusy(StoreError):
    """Another process kept the store file locked for longer than the busy timeout."""


# How long a connection stays open after its last use (so bursts of calls share one), and the longest one process
# keeps the file while calls keep coming before it lets a waiting process in.
LINGER_S = 0.2
MAX_HOLD_S = 1.0
YIELD_S = 0.06
RECHECK_S = 2.0  # the generation is re-read at least this often even when the file looks unchanged
CACHED_FIELDS = tuple(f for f in Briefing.model_fields if f not in ("articles", "annotations"))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class _Session:
    """`with store.lock:` holds the thread lock and an open connection (reentrant); see `Store`."""

    def __init__(self, store: "Store"):
        self._store = store
        self._rlock = threading.RLock()

    def __enter__(self) -> "Store":
        self._rlock.acquire()
        try:
            self._store._enter()
        except BaseException:
            self._rlock.release()
            raise
        return self._store

    def __exit__(self, *exc) -> None:
        try:
            self._store._exit()
        finally:
            self._rlock.release()


class Store:
    """One DuckDB file, shared safely between threads and between processes.

    DuckDB lets one process at a time open a file for writing (it takes a file lock), so `serve` and `ingest` on
    one store would otherwise fail with "database is locked". A Store therefore holds its connection only while
    it works: every method (or a `with store.lock:` block grouping several into one session) opens the file,
    reads, or writes one transaction, and the connection is closed again after `linger` seconds without use.
    A process that finds the file locked retries with backoff for up to `busy_timeout` seconds (then
    `StoreBusy`); one that keeps calling without pause lets go after `MAX_HOLD_S` so a waiting process gets in.
    Slow work (the per-article analysis, the cross-article build) runs with no connection open, so each process
    holds the file for milliseconds at a time. Reads are cheap when nothing changed: `generation()` is cached
    while the file and its WAL are unchanged on disk, and `briefing()` keeps the parsed briefing (and every
    article loaded so far) in memory, keyed by the generation. `hold=True` keeps one connection open for the
    Store's lifetime (fastest for one process; other processes then wait until it closes).
    Threads of one process share a Store: a lock serialises access.
    """

    def __init__(self, path: str | Path, read_only: bool = False, *, hold: bool = False, linger: float = LINGER_S,
                 busy_timeout: float = 60.0):
        self.path = Path(path)
        self.read_only = read_only
        self.hold, self.linger, self.busy_timeout = hold, linger, busy_timeout
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}")
        self.lock = _Session(self)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        self._opened_at = self._last_used = self._reopen_after = 0.0
        self._closer_running = False
        self._closed = False
        self._generation: tuple[tuple, int, float] | None = None  # (file token, generation, when read)
        self._briefing: tuple[int, Briefing] | None = None
        self._loaded: dict[str, tuple[str, Article, ArticleAnnotations | None]] = {}  # id -> (hash, article, ann)
        self._build_lock = threading.Lock()
        if not read_only:
            for attempt in range(5):
                try:
                    with self.lock:
                        for stmt in SCHEMA:
                            self.con.execute(stmt)
                        self.con.execute("INSERT INTO meta VALUES ('version', ?) ON CONFLICT DO NOTHING",
                                         [STORE_VERSION])
                        self.con.execute("INSERT INTO meta VALUES ('generation', '0') ON CONFLICT DO NOTHING")
                    break
                except duckdb.TransactionException:  # another Store of this process created the tables just now
                    if attempt == 4:
                        raise
                    time.sleep(0.05)
        else:
            with self.lock:
                pass  # fail now, not at the first read, when the file cannot be opened

    # -------------------------------------------------------------------------------------------- lifecycle
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection; only inside `with store.lock:` (a Store does not keep one open otherwise)."""
        if self._con is None:
            raise StoreError("Store.con is only open inside `with store.lock:`")
        return self._con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        wait = self._reopen_after - time.monotonic()
        if wait > 0:  # we just let go after a long hold: give a waiting process the moment to get in
            time.sleep(wait)
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.005
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"cannot open store {self.path}: {exc}") from exc
                if time.monotonic() + delay > deadline:
                    raise StoreBusy(f"store {self.path} is busy: another process has held it for "
                                    f"{self.busy_timeout:.0f} s; try again") from exc
            except duckdb.Error as exc:
                raise StoreError(f"cannot open store {self.path}: {exc}") from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.05)

    def _enter(self) -> None:
        if self._closed:
            raise StoreError(f"store {self.path} is closed")
        if self._con is None:
            self._con = self._connect()
            self._opened_at = time.monotonic()
        self._depth += 1

    def _exit(self) -> None:
        self._depth -= 1
        if self._depth:
            return
        now = self._last_used = time.monotonic()
        if self.hold:
            return
        if self.linger <= 0:
            self._release()
        elif now - self._opened_at > MAX_HOLD_S:
            self._release()
            self._reopen_after = now + YIELD_S
        elif not self._closer_running:
            self._closer_running = True
            threading.Thread(target=_close_when_idle, args=(weakref.ref(self),), daemon=True,
                             name=f"store-linger:{self.path.name}").start()

    def _release(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            con.close()

    def _release_if_idle(self) -> bool:
        """Close the connection after `linger` s unused; True once nothing is open (the closer thread ends)."""
        if not self.lock._rlock.acquire(blocking=False):
            return False
        try:
            if self._con is not None and self._depth == 0 and time.monotonic() - self._last_used >= self.linger:
                self._release()
            if self._con is None:
                self._closer_running = False
                return True
            return False
        finally:
            self.lock._rlock.release()

    def close(self) -> None:
        with self.lock._rlock:
            self._release()
            self._closed = True

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _query(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with self.lock:
            return self.con.execute(sql, list(params)).fetchall()

    def _file_token(self) -> tuple:
        """What changes on disk with every commit by any process: size and times of the file and its WAL."""
        token = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = os.stat(path)
                token.append((st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
            except OSError:
                token.append(None)
        return tuple(token)

    # -------------------------------------------------------------------------------------------- writes
    def article_id_for_hash(self, content_hash: str) -> str | None:
        rows = self._query("SELECT id FROM articles WHERE content_hash = ?", [content_hash])
        return rows[0][0] if rows else None

    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE id = ?", [article_id]))

    def add(self, article: Article, annotations: ArticleAnnotations, record: InputRecord | None = None) -> bool:
        """Write one article with its annotations in one transaction. False when its text is already stored."""
        if annotations.article_id != article.id:
            raise StoreError(f"annotations for {annotations.article_id} given with article {article.id}")
        content_hash = article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if not article.content_hash:
            article = article.model_copy(update={"content_hash": content_hash})
        with self.lock:
            if self.article_id_for_hash(content_hash):
                return False
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                for table in ANNOTATION_TABLES:  # leftovers of an older version of the same id
                    con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article.id])
                con.execute("DELETE FROM annotations WHERE article_id = ?", [article.id])
                con.execute("DELETE FROM articles WHERE id = ?", [article.id])
                con.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article.id, content_hash, article.source, article.url, article.outlet, article.title,
                     article.published.isoformat() if article.published else None, article.language,
                     len(article.text), article.text, article.model_dump_json(), _now()])
                con.execute("INSERT INTO annotations VALUES (?, ?)", [article.id, annotations.model_dump_json()])
                self._insert_flat(article, annotations)
                if record is not None:
                    self._insert_input(record)
                self._bump()
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return True

    def _insert_flat(self, article: Article, ann: ArticleAnnotations) -> None:
        con, aid = self.con, article.id
        rows = {
            "flagged": [(aid, f.start, f.end, f.reason, f.detail, f.text) for f in article.flagged],
            "claims": [(aid, c.id, c.start, c.end, c.text, c.sentence_index, c.certainty, c.polarity,
                        c.chain[-1].label if len(c.chain) > 1 else None,
                        json.dumps([n.model_dump(mode="json") for n in c.chain], ensure_ascii=False))
                       for c in ann.claims],
            "mentions": [(aid, m.id, m.start, m.end, m.text, m.label, m.kind, m.entity_id) for m in ann.mentions],
            "attributions": [(aid, a.id, a.start, a.end, a.text, a.type, a.speaker.text if a.speaker else None, a.medium)
                             for a in ann.attributions],
            "denials": [(aid, d.id, d.start, d.end, d.text, d.cue.text, d.denier.text if d.denier else None,
                         d.target.text if d.target else None, d.negated) for d in ann.denials],
            "figures": [(aid, f.id, f.start, f.end, f.text, f.value, f.low, f.high, f.unit, f.kind,
                         f.counts.text if f.counts else None) for f in ann.figures],
            "times": [(aid, t.id, t.start, t.end, t.text, t.type, t.value, t.granularity) for t in ann.times],
        }
        for table, values in rows.items():
            if values:
                marks = ", ".join("?" * len(values[0]))
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)

    def _insert_input(self, record: InputRecord) -> None:
        self.con.execute("INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?)",
                         [record.source, record.status, record.article_id, record.error_kind, record.message, _now()])

    def record_input(self, record: InputRecord) -> None:
        with self.lock:
            self._insert_input(record)
            self._bump()

    def _bump(self) -> None:
        self.con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'generation'")
        self._generation = None

    def generation(self) -> int:
        """The store's write counter (any process's writes). Read from the file only when the file changed on
        disk since the last read (or `RECHECK_S` passed), so a web page can ask it on every request."""
        token = self._file_token()  # taken before the read: a write in between makes the next call read again
        cached = self._generation
        if cached and cached[0] == token and time.monotonic() - cached[2] < RECHECK_S:
            return cached[1]
        rows = self._query("SELECT value FROM meta WHERE key = 'generation'")
        generation = int(rows[0][0]) if rows else 0
        self._generation = (token, generation, time.monotonic())
        return generation

    # -------------------------------------------------------------------------------------------- reads
    def count(self) -> int:
        return self._query("SELECT count(*) FROM articles")[0][0]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._query("SELECT id FROM articles ORDER BY added_at, id")]

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self._query("SELECT data FROM articles ORDER BY added_at, id")
        else:
            ids = list(ids)
            rows = self._query("SELECT data FROM articles WHERE list_contains(?, id) ORDER BY added_at, id", [ids])
        return [Article.model_validate_json(r[0]) for r in rows]

    def article(self, article_id: str) -> Article | None:
        rows = self._query("SELECT data FROM articles WHERE id = ?", [article_id])
        return Article.model_validate_json(rows[0][0]) if rows else None

    def annotations(self, ids: Iterable[str] | None = None) -> list[ArticleAnnotations]:
        sql = ("SELECT n.data FROM annotations n JOIN articles a ON a.id = n.article_id "
               "{where} ORDER BY a.added_at, a.id")
        if ids is None:
            rows = self._query(sql.format(where=""))
        else:
            rows = self._query(sql.format(where="WHERE list_contains(?, a.id)"), [list(ids)])
        return [ArticleAnnotations.model_validate_json(r[0]) for r in rows]

    def annotation(self, article_id: str) -> ArticleAnnotations | None:
        rows = self._query("SELECT data FROM annotations WHERE article_id = ?", [article_id])
        return ArticleAnnotations.model_validate_json(rows[0][0]) if rows else None

    def inputs(self, latest: bool = True) -> list[InputRecord]:
        """Input records; with `latest`, only the last record per source (re-ingests do not pile up)."""
        sql = ("SELECT source, status, article_id, error_kind, message FROM inputs "
               + ("QUALIFY row_number() OVER (PARTITION BY source ORDER BY recorded_at DESC, rowid DESC) = 1 " if latest else "")
               + "ORDER BY recorded_at, rowid")
        return [InputRecord(source=s, status=st, article_id=a, error_kind=k, message=m)
                for s, st, a, k, m in self._query(sql)]

    # -------------------------------------------------------------------------------------------- briefing
    def briefing(self) -> Briefing:
        """The briefing over every stored article (cross-article analysis), cached until the next write.

        The object is kept in memory and shared by every caller until the generation changes: do not mutate it.
        """
        return self.briefing_with_generation()[1]

    def cached_briefing(self) -> tuple[int, Briefing] | None:
        """The last briefing built or loaded by this Store, with its generation (possibly stale), or None."""
        return self._briefing

    def briefing_with_generation(self) -> tuple[int, Briefing]:
        cached = self._briefing
        if cached and cached[0] == self.generation():
            return cached
        with self._build_lock:  # one build at a time; the others wait for it and take its result
            cached = self._briefing
            if cached and cached[0] == self.generation():
                return cached
            self._briefing = self._load_or_build()
            return self._briefing

    def _load_or_build(self) -> tuple[int, Briefing]:
        with self.lock:  # one session: a consistent snapshot of the generation, the articles and the cache
            generation = int(self._query("SELECT value FROM meta WHERE key = 'generation'")[0][0])
            index = self._query("SELECT id, content_hash FROM articles ORDER BY added_at, id")
            missing = [aid for aid, digest in index if self._loaded.get(aid, ("",))[0] != digest]
            rows = self._query(
                "SELECT a.id, a.content_hash, a.data, n.data FROM articles a "
                "LEFT JOIN annotations n ON n.article_id = a.id WHERE list_contains(?, a.id)",
                [missing]) if missing else []
            inputs = self.inputs()
            parts = self._query("SELECT field, data FROM briefing_parts WHERE token = ?", [f"g{generation}"])
        # Parsed outside the lock and one article at a time (many short calls, not one long one: the threads of a
        # web server keep answering meanwhile); articles parsed before are kept (they never change under an id).
        for aid, digest, article_json, ann_json in rows:
            self._loaded[aid] = (digest, Article.model_validate_json(article_json),
                                 ArticleAnnotations.model_validate_json(ann_json) if ann_json else None)
        for aid in set(self._loaded) - {aid for aid, _ in index}:
            del self._loaded[aid]
        articles = [self._loaded[aid][1] for aid, _ in index]
        annotations = [ann for aid, _ in index if (ann := self._loaded[aid][2]) is not None]
        briefing = _briefing_from_parts(parts, articles, annotations) if parts else None
        if briefing is None:
            stored = {a.id for a in articles}
            inputs = [r for r in inputs if r.status != "ok" or r.article_id in stored]
            if _incremental():
                from .stories import store_briefing  # recomputes only the stories whose inputs changed

                briefing = store_briefing(self, inputs, articles, annotations)
            else:
                briefing = build(inputs, articles, annotations)
            if not self.read_only:
                rows = _briefing_parts(briefing)
                with self.lock:
                    self.con.execute("DELETE FROM briefing_parts")
                    self.con.executemany("INSERT INTO briefing_parts VALUES (?, ?, ?)",
                                         [(f"g{generation}", field, data) for field, data in rows])
        return generation, briefing

    def stories(self) -> list[Story]:
        cached = self._briefing
        if (cached and cached[0] == self.generation()) or not _incremental():
            return self.briefing().stories
        from .stories import stories  # from the story index: no full briefing needed

        return stories(self)

    def story_briefing(self, story_id: str) -> Briefing:
        """One story's part of the briefing (`select_story`); KeyError for an unknown story. Without a current
        briefing in memory it is assembled from the story index, reading only that story's annotations."""
        from ..briefing.html import select_story

        cached = self._briefing
        if (cached and cached[0] == self.generation()) or not _incremental():
            return select_story(self.briefing(), story_id)
        from .stories import story_briefing

        return story_briefing(self, story_id)

    # -------------------------------------------------------------------------------------------- search
    def search_claims(self, query: str, limit: int = 50) -> list[dict]:
        pattern = "%" + _like_escape(query) + "%"
        rows = self._query(
            "SELECT c.article_id, c.id, c.start_char, c.end_char, c.text, c.certainty, c.polarity, c.source, a.outlet "
            "FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.text ILIKE ? ESCAPE '\\' "
            "ORDER BY a.added_at, c.start_char LIMIT ?", [pattern, limit])
        keys = ("article_id", "id", "start", "end", "text", "certainty", "polarity", "source", "outlet")
        return [dict(zip(keys, r)) for r in rows]

    def search_mentions(self, query: str, limit: int = 50) -> list[dict]:
        pattern = "%" + _like_escape(query) + "%"
        rows = self._query(
            "SELECT m.text, m.label, count(*) AS n, count(DISTINCT m.article_id) AS articles, "
            "min(m.article_id) AS article_id, min(m.start_char) AS start "
            "FROM mentions m WHERE m.text ILIKE ? ESCAPE '\\' AND m.kind IN ('name', 'acronym') "
            "GROUP BY m.text, m.label ORDER BY n DESC, m.text LIMIT ?", [pattern, limit])
        keys = ("text", "label", "mentions", "articles", "article_id", "start")
        return [dict(zip(keys, r)) for r in rows]

    # -------------------------------------------------------------------------------------------- export
    def export(self, out: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to `out/<table>.parquet` or `.jsonl` (JSON objects, one per line).

        Parquet: the article-keyed tables (articles and every annotation table) are datasets partitioned by
        publication day, Hive-style: `out/claims.parquet/published_day=2026-03-05/data_0.parquet`, undated
        articles under `published_day=unknown` (DuckDB, pandas/pyarrow and Spark read the folder as one table
        with a `published_day` column). The day is the date as the article's timestamp writes it (the outlet's
        own day, not converted to UTC). `inputs` stays one file."""
        if fmt not in ("parquet", "jsonl"):
            raise StoreError(f"unknown export format {fmt!r} (parquet or jsonl)")
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        with self.lock:
            for table in EXPORT_TABLES:
                path = out / f"{table}.{fmt}"
                if fmt == "parquet" and table != "inputs":
                    _export_by_day(self.con, table, path)
                else:
                    option = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT JSON"
                    self.con.execute(f"COPY (SELECT * FROM {table}) TO {_sql_path(path)} ({option})")
                written.append(path)
        return written


def _close_when_idle(ref: "weakref.ref[Store]") -> None:
    """The linger thread of one Store: closes its connection once unused for `linger` s, then ends."""
    while True:
        store = ref()
        if store is None:
            return
        pause = max(store.linger / 2, 0.01)
        if store._release_if_idle():
            return
        del store
        time.sleep(pause)


def _export_by_day(con, table: str, path: Path) -> None:
    """One article-keyed table as a Parquet dataset partitioned by publication day (see `Store.export`)."""
    import shutil

    if path.is_dir():  # a dataset written before: replaced, not mixed with this export
        shutil.rmtree(path)
    elif path.exists():  # a single file from an older export
        path.unlink()
    day = ("CASE WHEN regexp_matches(a.published, '^\\d{4}-\\d{2}-\\d{2}') THEN substr(a.published, 1, 10) "
           "ELSE 'unknown' END")
    source = (f"SELECT a.*, {day} AS published_day FROM articles a" if table == "articles"
              else f"SELECT t.*, {day} AS published_day FROM {table} t LEFT JOIN articles a ON a.id = t.article_id")
    if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        con.execute(f"COPY ({source}) TO {_sql_path(path)} (FORMAT PARQUET, PARTITION_BY (published_day))")
    else:  # no rows: one empty file keeps the dataset readable (with its columns)
        empty = path / "published_day=unknown" / "data_0.parquet"
        empty.parent.mkdir(parents=True)
        con.execute(f"COPY (SELECT * FROM {table} WHERE false) TO {_sql_path(empty)} (FORMAT PARQUET)")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@lru_cache(maxsize=None)
def _item_adapter(field: str) -> TypeAdapter:
    """The adapter of one item of a list field of Briefing (or of the field itself when it is not a list)."""
    annotation = Briefing.model_fields[field].annotation
    if typing.get_origin(annotation) is list:
        return TypeAdapter(typing.get_args(annotation)[0])
    return TypeAdapter(annotation)


def _briefing_parts(briefing: Briefing) -> list[tuple[str, str]]:
    """The cross-article fields of a briefing as (field, data) rows: list items one JSON document per line."""
    rows = []
    for field in CACHED_FIELDS:
        value = getattr(briefing, field)
        adapter = _item_adapter(field)
        if isinstance(value, list):
            rows.append((field, "\n".join(adapter.dump_json(item).decode("utf-8") for item in value)))
        else:
            rows.append((field, "=" + adapter.dump_json(value).decode("utf-8")))  # '=': a single value
    return rows


def _briefing_from_parts(parts: list[tuple], articles: list[Article],
                         annotations: list[ArticleAnnotations]) -> Briefing | None:
    """The briefing from `_briefing_parts` rows and the stored articles; None when the rows do not fit the model."""
    data: dict = {"articles": articles, "annotations": annotations}
    try:
        for field, text in parts:
            adapter = _item_adapter(field)
            if text.startswith("="):
                data[field] = adapter.validate_json(text[1:])
            else:
                data[field] = [adapter.validate_json(line) for line in text.split("\n") if line]
        return Briefing.model_validate(data)
    except (KeyError, ValueError):  # written by another version: build again
        return None


def build(inputs: list[InputRecord], articles: list[Article], annotations: list[ArticleAnnotations]) -> Briefing:
    """Cross-article briefing via `quellenlage.briefing.build`; a bare one (one story, no groups) if it fails."""
    try:
        from ..briefing.build import build_briefing
    except ImportError:  # cross-article analysis not installed in this tree
        build_briefing = None
    if build_briefing is not None:
        return build_briefing(inputs, articles, annotations)
    return Briefing(generated_at=_now(), inputs=inputs, articles=articles, annotations=annotations,
                    stories=[Story(id="s1", label="alle Artikel", article_ids=[a.id for a in articles])] if articles else [])


_batch_build = build


def _incremental() -> bool:
    """Briefings come from the story index (store/stories.py) unless `build` was replaced (the tests' way to
    give a store a fixed briefing): then that `build` makes them, as before."""
    return build is _batch_build
