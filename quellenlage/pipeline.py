"""Runs the per-article stages, one article at a time, locally or in a process pool.

`analyse(article, options)` is a pure function of its inputs (Article in, ArticleAnnotations out), so the same
call can be mapped over a `ProcessPoolExecutor` (done here) or a Dask bag (`bag.map(analyse, options=...)`).
A stage that fails records a `StageError` for that article; the other stages and articles go on.

Cost is bounded per article: a text longer than `Options.window_chars` is analysed in windows cut at paragraph
breaks (`windows.py`), so no stage ever sees more than one window and spaCy's `max_length` is never reached; the
windows' annotations are merged back into article offsets before the whole-article stages (embed) run. An
article that runs past `Options.budget_s` or takes the process past `Options.max_rss_mb` becomes an error record
(`guard.py`); the next article starts afresh.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from importlib import import_module

from .context import ArticleContext, Options
from .guard import MEMORY_MESSAGE, TIME_MESSAGE, Guard, OverBudget
from .model import Article, ArticleAnnotations, StageError
from .windows import merge_windows, text_windows, window_article

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
# Stages that read the whole article and its merged annotations (no spaCy Doc): run once, after the windows.
WHOLE_ARTICLE_STAGES = frozenset({"embed"})


def stages_before(name: str) -> list[tuple[str, Callable]]:
    """(name, run) of the stages before stage `name`, in pipeline order: what the evaluations and the attribution
    trainer run on a text before they read (or replace) that stage's own output."""
    out = []
    for stage, path in STAGES:
        if stage == name:
            return out
        out.append((stage, import_module(path).run))
    raise KeyError(f"no stage {name!r}")


def _run_stages(ctx: ArticleContext, stages: list[tuple[str, str]], guard: Guard,
                seconds: dict[str, float] | None = None) -> bool:
    """Run `stages` on `ctx` in order; False when the language stage failed (nothing after it can run).
    `seconds`: CPU seconds per stage are added to it."""
    for name, path in stages:
        guard.check(name)
        guard.stage = name
        started = time.process_time()
        try:
            update = import_module(path).run(ctx)  # modules are cached after the first article
        except Exception as exc:  # one broken stage must not lose the article
            ctx.annotations.errors.append(StageError(stage=name, message=f"{type(exc).__name__}: {exc}"))
            if name == "language":
                return False  # every later stage needs tokens
            continue
        finally:
            if seconds is not None:
                seconds[name] = seconds.get(name, 0.0) + time.process_time() - started
        if update:
            ctx.annotations = ctx.annotations.model_copy(update=update)
    return True


def _analyse(article: Article, options: Options, guard: Guard, seconds: dict[str, float] | None) -> ArticleAnnotations:
    per_window = [s for s in STAGES if s[0] not in WHOLE_ARTICLE_STAGES]
    whole = [s for s in STAGES if s[0] in WHOLE_ARTICLE_STAGES]
    windows = text_windows(article.text, options.window_chars)
    if len(windows) == 1:
        ctx = ArticleContext(article=article, options=options)
        if not _run_stages(ctx, per_window, guard, seconds):
            return ctx.annotations
    else:
        parts = []
        for k, (a, b) in enumerate(windows):
            guard.where = f"characters {a}-{b} of {len(article.text)}, window {k + 1} of {len(windows)}"
            wctx = ArticleContext(article=window_article(article, a, b, first=k == 0), options=options)
            _run_stages(wctx, per_window, guard, seconds)
            parts.append((a, b, len(wctx.doc) if wctx.doc is not None else 0, wctx.annotations))
            wctx.doc = None  # one window's tokens at a time
        guard.where = None
        ctx = ArticleContext(article=article, options=options, annotations=merge_windows(article.id, parts))
    _run_stages(ctx, whole, guard, seconds)
    return ctx.annotations


def analyse(article: Article, options: Options | None = None, *,
            stage_seconds: dict[str, float] | None = None) -> ArticleAnnotations:
    """Run every per-article stage on one article; past its time or memory budget, an error record instead.
    `stage_seconds`, when given, gets the CPU seconds each stage took (summed over the windows of a long text)."""
    options = options or Options()
    guard = Guard(options)
    try:
        with guard.hard_stop():
            return _analyse(article, options, guard, stage_seconds)
    except OverBudget as exc:
        # Partial annotations of an article cut short would look complete to the cross-article stage: drop them.
        return ArticleAnnotations(article_id=article.id, errors=[StageError(stage=exc.stage, message=str(exc))])


def budget_error(annotations: ArticleAnnotations) -> StageError | None:
    """The error that stopped this article at its time budget or memory cap, if one did (its input record should
    then be an error: the article was not analysed)."""
    return next((e for e in annotations.errors if e.message.startswith((TIME_MESSAGE, MEMORY_MESSAGE))), None)


_WARM_TEXTS = {
    "de": "Die Polizei teilte am Montag mit, in Musterstadt seien zwei Menschen leicht verletzt worden.",
    "en": "Police said on Monday that two people had been slightly injured in Sampletown.",
}
_warmed: set[tuple] = set()  # (language, ner mode, embedder) loaded in this process


def warm_up(options: Options, languages=("de",)) -> None:
    """Load the models the stages use (once per process) outside any article's budget: the first article would
    otherwise pay for the loading, and a small budget would stop every article in the middle of it."""
    for lang in sorted({lang if lang in _WARM_TEXTS else "de" for lang in languages}):
        key = (lang, options.ner_mode, options.embedder)
        if key in _warmed:
            continue
        unlimited = replace(options, budget_s=None, max_rss_mb=None, language=lang)
        analyse(Article(id=f"warm-up-{lang}", source="warm-up", text=_WARM_TEXTS[lang], language=lang), unlimited)
        _warmed.add(key)


MIN_ARTICLES_FOR_POOL = 40


def _analyse_chunk(args: tuple[Sequence[Article], Options]) -> list[ArticleAnnotations]:
    articles, options = args
    if options.budget_s:
        warm_up(options, {a.language or "de" for a in articles})
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
        if options.budget_s and articles:
            warm_up(options, {a.language or "de" for a in articles})
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
