"""Map `pipeline.analyse` over a stream of articles: on a Dask client, or locally in batches.

`analyse_stream` takes (article, payload) pairs and yields (payload, annotations) as analyses finish; a pair
without an article (an error or duplicate record on its way to the store) passes straight through with None.
On a cluster at most `max_in_flight` articles are submitted and not yet consumed, so a stream of any length
holds a bounded number of articles and results in the driver; results arrive in completion order (`as_completed`),
and the consumer writes each as it comes. A task whose worker dies is rescheduled by the scheduler (up to
`distributed.scheduler.allowed-failures` deaths); a task that raises is retried `retries` times. Only when both
give up does the article get a `StageError` (stage "cluster") — it is still stored and recorded, never lost.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from ..context import Options
from ..model import Article, ArticleAnnotations, StageError

T = TypeVar("T")
IN_FLIGHT_PER_THREAD = 4  # enough queued work that no worker waits for the driver, few enough to bound memory
DEFAULT_RETRIES = 2
_END = object()


def default_in_flight(client) -> int:
    return max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))


def analyse_stream(items: Iterable[tuple[Article | None, T]], options: Options | None = None, *, client=None,
                   workers: int | None = 1, batch: int = 8, max_in_flight: int | None = None,
                   retries: int = DEFAULT_RETRIES, on_workers: Sequence[str] | None = None,
                   fn: Callable[..., ArticleAnnotations] | None = None) -> Iterator[tuple[T, ArticleAnnotations | None]]:
    """(payload, annotations) for each (article, payload); see the module docstring.

    Without a client: `batch` articles at a time through `pipeline.analyse_many` (with `workers`), results in
    input order. With one: tasks on the cluster (only on `on_workers` when given), results as they finish.
    `fn` replaces `pipeline.analyse` (it must be importable on the workers; tests use it to kill a worker).
    """
    options = options or Options()
    if client is None:
        yield from _local(items, options, workers, batch)
    else:
        yield from _on_cluster(client, items, options, max_in_flight or default_in_flight(client), retries,
                               on_workers, fn)


def _local(items, options, workers, batch):
    from .. import pipeline  # looked up per call: tests replace pipeline.analyse_many

    chunk: list = []
    for article, payload in items:
        if article is None:
            yield payload, None
            continue
        chunk.append((article, payload))
        if len(chunk) >= batch:
            yield from _run_chunk(pipeline, chunk, options, workers)
            chunk = []
    if chunk:
        yield from _run_chunk(pipeline, chunk, options, workers)


def _run_chunk(pipeline, chunk, options, workers):
    annotations = pipeline.analyse_many([a for a, _ in chunk], options, workers)
    for (_, payload), ann in zip(chunk, annotations):
        yield payload, ann


def _on_cluster(client, items, options, limit, retries, on_workers, fn):
    from distributed import as_completed

    if fn is None:
        from ..pipeline import analyse as fn
    restrict = {"workers": list(on_workers), "allow_other_workers": False} if on_workers else {}
    pending: dict = {}  # future -> (article id, payload)
    done = as_completed()
    source = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < limit:
                nxt = next(source, _END)
                if nxt is _END:
                    exhausted = True
                    break
                article, payload = nxt
                if article is None:
                    yield payload, None
                    continue
                future = client.submit(fn, article, options, retries=retries, pure=False, **restrict)
                pending[future] = (article.id, payload)
                done.add(future)
            if not pending:
                return
            future = next(done)
            article_id, payload = pending.pop(future)
            annotations = _result(future, article_id)
            future.release()  # the worker may forget it: the driver holds nothing it has consumed
            yield payload, annotations
    finally:
        for future in pending:  # an interrupted consumer leaves no work queued on a shared cluster
            future.cancel()


def _result(future, article_id: str) -> ArticleAnnotations:
    try:
        return future.result()
    except Exception as exc:  # KilledWorker after repeated deaths, an error past its retries, a cancelled task
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:500]
        return ArticleAnnotations(article_id=article_id,
                                  errors=[StageError(stage="cluster", message=f"the task failed on the cluster: {message}")])


def analyse_list(client, articles: Sequence[Article], options: Options | None = None, *,
                 progress: Callable[[int], None] | None = None, **kw) -> list[ArticleAnnotations]:
    """Every article's annotations in input order (for `brief` and `bench`, which need the whole corpus)."""
    results: list[ArticleAnnotations | None] = [None] * len(articles)
    for i, annotations in analyse_stream(((a, i) for i, a in enumerate(articles)), options, client=client, **kw):
        results[i] = annotations
        if progress:
            progress(1)
    return results  # type: ignore[return-value]
