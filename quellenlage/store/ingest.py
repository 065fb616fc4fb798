"""Ingest into the store: read inputs as a stream, skip texts already stored, analyse, commit per article.

Resumable and bounded: inputs are read one at a time (`ingest.iter_inputs`), a text whose content hash is
already stored is recorded as a duplicate before any analysis, and each analysed article is written with its
input record in one transaction as soon as its result arrives. An ingest killed at any point (even `kill -9`)
and run again therefore loses nothing and stores nothing twice. The articles and results held at once are at
most one batch (locally) or `max_in_flight` (on a Dask cluster, see `quellenlage.scale.runner`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..context import Options
from ..model import Article, InputRecord
from .db import Store


def _todo(store: Store, items: Iterable[tuple[Article | None, InputRecord]]) -> Iterator[tuple[Article | None, InputRecord]]:
    """The stream with texts already stored turned into duplicate records, ids made unique in the store."""
    for article, record in items:
        if article is None or record.status != "ok":
            yield None, record
            continue
        existing = store.article_id_for_hash(article.content_hash) if article.content_hash else None
        if existing:
            yield None, InputRecord(source=record.source, status="duplicate", article_id=existing,
                                    message=f"already stored as {existing}")
            continue
        if store.has_article(article.id):  # same id, other text: keep both
            new_id = f"{article.id}-{(article.content_hash or 'x')[8:14]}"
            article = _reid(article, new_id)
            record = record.model_copy(update={"article_id": new_id})
        yield article, record


def _reid(article: Article, new_id: str) -> Article:
    flagged = [f.model_copy(update={"article_id": new_id}) for f in article.flagged]
    return article.model_copy(update={"id": new_id, "flagged": flagged})


def ingest_stream(store: Store, items: Iterable[tuple[Article | None, InputRecord]], *, options: Options | None = None,
                  workers: int | None = 1, batch: int = 8, client=None, max_in_flight: int | None = None,
                  progress: Callable[[InputRecord], None] | None = None) -> Iterator[InputRecord]:
    """Store a stream of (article or None, record) pairs; yields the final record of every input as it is stored.

    `client`: a `distributed.Client` to analyse on (see `quellenlage.scale`); None analyses here, `batch` articles
    at a time with `workers` processes. `progress` is called with the record of each article stored.
    """
    from ..scale.runner import analyse_stream

    options = options or Options()
    pairs = ((article, (article, record)) for article, record in _todo(store, items))
    for (article, record), ann in analyse_stream(pairs, options, client=client, workers=workers, batch=batch,
                                                 max_in_flight=max_in_flight):
        if ann is None:  # an error or duplicate record: stored as it comes
            store.record_input(record)
            yield record
            continue
        if ann.errors and not record.message:
            record = record.model_copy(update={
                "message": "; ".join(f"{e.stage} stage failed: {e.message}" for e in ann.errors)})
        if not store.add(article, ann, record):  # the same text was stored meanwhile (another writer)
            existing = store.article_id_for_hash(article.content_hash) if article.content_hash else None
            record = InputRecord(source=record.source, status="duplicate", article_id=existing,
                                 message=f"already stored as {existing}")
            store.record_input(record)
        yield record  # committed: an interruption after this loses nothing written
        if progress and record.status == "ok":
            progress(record)


def ingest_articles(store: Store, articles: list[Article], records: list[InputRecord], *, options: Options | None = None,
                    workers: int | None = 1, batch: int = 8, client=None,
                    progress: Callable[[InputRecord], None] | None = None) -> list[InputRecord]:
    """Store articles read already (with their records) and their annotations. Returns every input's final record."""
    by_id = {a.id: a for a in articles}
    items = [(by_id.get(r.article_id) if r.status == "ok" else None, r) for r in records]
    return list(ingest_stream(store, items, options=options, workers=workers, batch=batch, client=client,
                              progress=progress))


def iter_ingest(store: Store, paths: list[str], *, metadata: Path | None = None, language: str | None = None,
                workers: int | None = 1, max_bytes: int | None = None, ner_mode: str = "fast", batch: int = 8,
                client=None, max_in_flight: int | None = None,
                progress: Callable[[InputRecord], None] | None = None,
                budget_s: float | None = 60.0) -> Iterator[InputRecord]:
    """Read `paths` as a stream (`ingest.iter_inputs`) into the store; yields every input's final record.
    `budget_s`: the time budget of one article's analysis (`Options.budget_s`)."""
    from ..ingest import DEFAULT_MAX_BYTES, iter_inputs

    items = iter_inputs(paths, metadata=metadata, max_bytes=max_bytes or DEFAULT_MAX_BYTES, language=language)
    options = Options(language=language, ner_mode=ner_mode, budget_s=budget_s)
    yield from ingest_stream(store, items, options=options, workers=workers,
                             batch=batch, client=client, max_in_flight=max_in_flight, progress=progress)


def ingest_paths(store: Store, paths: list[str], *, metadata: Path | None = None, language: str | None = None,
                 workers: int | None = 1, max_bytes: int | None = None, ner_mode: str = "fast", batch: int = 8,
                 client=None, progress: Callable[[InputRecord], None] | None = None) -> list[InputRecord]:
    """`iter_ingest` as a list (every record in memory: for small inputs; the CLI iterates instead)."""
    return list(iter_ingest(store, paths, metadata=metadata, language=language, workers=workers, max_bytes=max_bytes,
                            ner_mode=ner_mode, batch=batch, client=client, progress=progress))


def ingest_text(store: Store, text: str, *, source: str = "paste", outlet: str | None = None,
                title: str | None = None, url: str | None = None, published: str | None = None,
                language: str | None = None, ner_mode: str = "accurate") -> InputRecord:
    """Store one pasted text (cleaned and identified like a file). `url` is metadata only, never fetched.

    `ner_mode` defaults to `brief`'s, so a text pasted into the web app is analysed as `brief` would."""
    from ..ingest import build_article
    from ..ingest.decode import InputError

    fields = {k: v for k, v in {"text": text, "outlet": outlet, "title": title, "url": url,
                                "published": published}.items() if v}
    if not text.strip():
        record = InputRecord(source=source, status="error", error_kind="empty", message="no text given")
        store.record_input(record)
        return record
    try:
        article = build_article(fields, source, language=language)
    except InputError as exc:  # blank after cleaning, too long: an error record, never a 500
        record = InputRecord(source=source, status="error", error_kind=exc.kind, message=str(exc))
        store.record_input(record)
        return record
    record = InputRecord(source=source, status="ok", article_id=article.id)
    return ingest_articles(store, [article], [record], options=Options(language=language, ner_mode=ner_mode),
                           workers=1)[0]
