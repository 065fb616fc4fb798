"""The DuckDB store: schema, writes (one transaction per article), reads back into model objects, export."""
from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb

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
    "CREATE TABLE IF NOT EXISTS briefing_cache (token VARCHAR PRIMARY KEY, data VARCHAR NOT NULL)",
]
ANNOTATION_TABLES = ("flagged", "claims", "mentions", "attributions", "denials", "figures", "times")
EXPORT_TABLES = ("articles", "annotations") + ANNOTATION_TABLES + ("inputs",)


class StoreError(RuntimeError):
    pass


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class Store:
    """One DuckDB file. Thread-safe for use from a web server (a lock serialises access)."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.lock = threading.RLock()
        if not read_only:
            with self.lock:
                for stmt in SCHEMA:
                    self.con.execute(stmt)
                self.con.execute("INSERT INTO meta VALUES ('version', ?) ON CONFLICT DO NOTHING", [STORE_VERSION])
                self.con.execute("INSERT INTO meta VALUES ('generation', '0') ON CONFLICT DO NOTHING")

    # -------------------------------------------------------------------------------------------- lifecycle
    def close(self) -> None:
        with self.lock:
            self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _query(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with self.lock:
            return self.con.execute(sql, list(params)).fetchall()

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

    def generation(self) -> int:
        rows = self._query("SELECT value FROM meta WHERE key = 'generation'")
        return int(rows[0][0]) if rows else 0

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
        """The briefing over every stored article (cross-article analysis), cached until the next write."""
        token = f"g{self.generation()}"
        rows = self._query("SELECT data FROM briefing_cache WHERE token = ?", [token])
        if rows:
            return Briefing.model_validate_json(rows[0][0])
        articles, annotations = self.articles(), self.annotations()
        stored = {a.id for a in articles}
        inputs = [r for r in self.inputs() if r.status != "ok" or r.article_id in stored]
        briefing = build(inputs, articles, annotations)
        if not self.read_only:
            with self.lock:
                self.con.execute("DELETE FROM briefing_cache")
                self.con.execute("INSERT INTO briefing_cache VALUES (?, ?) ON CONFLICT DO NOTHING",
                                 [token, briefing.model_dump_json()])
        return briefing

    def stories(self) -> list[Story]:
        return self.briefing().stories

    def story_briefing(self, story_id: str) -> Briefing:
        from ..briefing.html import select_story

        return select_story(self.briefing(), story_id)

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
        """Write every table to `out/<table>.parquet` or `.jsonl` (JSON objects, one per line)."""
        if fmt not in ("parquet", "jsonl"):
            raise StoreError(f"unknown export format {fmt!r} (parquet or jsonl)")
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        with self.lock:
            for table in EXPORT_TABLES:
                path = out / f"{table}.{fmt}"
                option = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT JSON"
                self.con.execute(f"COPY (SELECT * FROM {table}) TO {_sql_path(path)} ({option})")
                written.append(path)
        return written


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
