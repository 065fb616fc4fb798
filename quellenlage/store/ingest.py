"""Ingest into the store: read inputs, skip texts already stored, analyse in small batches, commit per article."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..context import Options
from ..model import Article, InputRecord
from .db import Store


def _fresh(store: Store, articles: list[Article], records: list[InputRecord]) -> list[tuple[Article, InputRecord]]:
    """Articles whose text is not stored yet (duplicates are recorded as such), ids made unique in the store."""
    by_id = {r.article_id: r for r in records if r.status == "ok"}
    todo = []
    for article in articles:
        record = by_id[article.id]
        existing = store.article_id_for_hash(article.content_hash) if article.content_hash else None
        if existing:
            store.record_input(InputRecord(source=record.source, status="duplicate", article_id=existing,
                                           message=f"already stored as {existing}"))
            continue
        if store.has_article(article.id):  # same id, other text: keep both
            new_id = f"{article.id}-{(article.content_hash or 'x')[8:14]}"
            article = _reid(article, new_id)
            record = record.model_copy(update={"article_id": new_id})
        todo.append((article, record))
    return todo


def _reid(article: Article, new_id: str) -> Article:
    flagged = [f.model_copy(update={"article_id": new_id}) for f in article.flagged]
    return article.model_copy(update={"id": new_id, "flagged": flagged})


def ingest_articles(store: Store, articles: list[Article], records: list[InputRecord], *, options: Options | None = None,
                    workers: int | None = 1, batch: int = 8,
                    progress: Callable[[InputRecord], None] | None = None) -> list[InputRecord]:
    """Store articles with their annotations. Returns the final record of every input."""
    from ..pipeline import analyse_many

    options = options or Options()
    out: list[InputRecord] = []
    for record in records:
        if record.status != "ok":
            store.record_input(record)
            out.append(record)
    todo = _fresh(store, articles, records)
    skipped = {r.source for r in records if r.status == "ok"} - {r.source for _, r in todo}
    out.extend(r for r in store.inputs() if r.source in skipped)
    for i in range(0, len(todo), batch):
        chunk = todo[i:i + batch]
        annotations = analyse_many([a for a, _ in chunk], options, workers)
        for (article, record), ann in zip(chunk, annotations):
            if ann.errors and not record.message:
                record = record.model_copy(update={
                    "message": "; ".join(f"{e.stage} stage failed: {e.message}" for e in ann.errors)})
            store.add(article, ann, record)  # committed: an interruption after this loses nothing written
            out.append(record)
            if progress:
                progress(record)
    return out


def ingest_paths(store: Store, paths: list[str], *, metadata: Path | None = None, language: str | None = None,
                 workers: int | None = 1, max_bytes: int | None = None, ner_mode: str = "fast", batch: int = 8,
                 progress: Callable[[InputRecord], None] | None = None) -> list[InputRecord]:
    from ..ingest import DEFAULT_MAX_BYTES, read_inputs

    articles, records = read_inputs(paths, metadata=metadata, max_bytes=max_bytes or DEFAULT_MAX_BYTES, language=language)
    return ingest_articles(store, articles, records, options=Options(language=language, ner_mode=ner_mode),
                           workers=workers, batch=batch, progress=progress)


def ingest_text(store: Store, text: str, *, source: str = "paste", outlet: str | None = None,
                title: str | None = None, url: str | None = None, published: str | None = None,
                language: str | None = None) -> InputRecord:
    """Store one pasted text (cleaned and identified like a file). `url` is metadata only, never fetched."""
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
    return ingest_articles(store, [article], [record], options=Options(language=language), workers=1)[0]
