"""Fetch and store in one step: what `quellenlage fetch`, the web form and a queued job share.

The fetched articles go through `store.ingest.ingest_articles`, so they are analysed, deduplicated against the
store and committed one by one exactly like files given to `ingest`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..context import Options
from ..model import InputRecord
from . import FeedReport, FetchPolicy, fetch_articles


@dataclass
class Fetched:
    records: list[InputRecord]  # the final record of every page asked for (and of each failed feed)
    feeds: list[FeedReport]

    def counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.records) for s in ("ok", "duplicate", "error")}


def fetch_into_store(store, sources: Iterable[str], policy: FetchPolicy, *, options: Options | None = None,
                     workers: int | None = 1, progress: Callable[[InputRecord], None] | None = None) -> Fetched:
    """Fetch every source under `policy` and store what was fetched; `progress` sees each fetch record."""
    from ..store.ingest import ingest_articles

    options = options or Options()
    result = fetch_articles(sources, policy, language=options.language, progress=progress)
    records = ingest_articles(store, result.articles, result.records, options=options, workers=workers)
    return Fetched(records=records, feeds=result.feeds)
