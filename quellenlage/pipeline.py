"""Runs the per-article stages, one article at a time, locally or in a process pool.

`analyse(article, options)` is a pure function of its inputs (Article in, ArticleAnnotations out), so the same
call can be mapped over a `ProcessPoolExecutor` (done here) or a Dask bag (`bag.map(analyse, options=...)`).
A stage that fails records a `StageError` for that article; the other stages and articles go on.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import import_module

from .context import ArticleContext, Options
from .model import Article, ArticleAnnotations, StageError

# (name, module path); each module has `run(ctx) -> dict` of ArticleAnnotations fields. Order matters: later
# stages read what earlier ones put in the context (tokens, mentions, figures, times, attributions).
STAGES: list[tuple[str, str]] = [
    ("language", "quellenlage.lang.stage"),
    ("entities", "quellenlage.entities"),
    ("time", "quellenlage.time"),
    ("figures", "quellenlage.figures"),
    ("attribution", "quellenlage.attribution"),
    ("claims", "quellenlage.claims"),
    ("embed", "quellenlage.embed"),
]


def analyse(article: Article, options: Options | None = None) -> ArticleAnnotations:
    """Run every per-article stage on one article."""
    ctx = ArticleContext(article=article, options=options or Options())
    for name, path in STAGES:
        try:
            update = import_module(path).run(ctx)  # modules are cached after the first article
        except Exception as exc:  # one broken stage must not lose the article
            ctx.annotations.errors.append(StageError(stage=name, message=f"{type(exc).__name__}: {exc}"))
            if name == "language":
                break  # every later stage needs tokens
            continue
        if update:
            ctx.annotations = ctx.annotations.model_copy(update=update)
    return ctx.annotations


MIN_ARTICLES_FOR_POOL = 40


def _analyse_chunk(args: tuple[Sequence[Article], Options]) -> list[ArticleAnnotations]:
    articles, options = args
    return [analyse(a, options) for a in articles]


def analyse_many(
    articles: Sequence[Article],
    options: Options | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ArticleAnnotations]:
    """Analyse articles in order; `workers` > 1 uses a process pool. `progress(n)` is called as n finish."""
    options = options or Options()
    workers = workers if workers is not None else (os.cpu_count() or 1)
    # Each worker pays several seconds of start-up (spaCy, NER model); below this many articles one process wins.
    if workers <= 1 or len(articles) < MIN_ARTICLES_FOR_POOL:
        results = []
        for a in articles:
            results.append(analyse(a, options))
            if progress:
                progress(1)
        return results
    size = max(1, min(20, len(articles) // (workers * 4) or 1))
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
    results: list[ArticleAnnotations] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk_result in pool.map(_analyse_chunk, ((c, options) for c in chunks)):
            results.extend(chunk_result)
            if progress:
                progress(len(chunk_result))
    return results

