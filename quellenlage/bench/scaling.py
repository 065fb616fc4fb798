"""Scaling of the per-article stage on a Dask cluster, measured in one run (`quellenlage bench --cluster ...`).

The same generated corpus is analysed twice on one cluster: first on one worker only, then on all N workers.
Between the two, every worker process is restarted and its models loaded again (timed apart), so neither run
profits from caches the other filled (the sentence-vector cache would otherwise make the second run look
faster). Efficiency = t1 / (N × tN): 1.0 is perfect linear scaling. Peak RSS: the driver's, and each worker
process's (read from the worker itself, `ru_maxrss`), after each run. The workers' CPU seconds per article
in each run are reported too: on a machine shared with other jobs the wall times (and so the efficiency) say
how much CPU the run was given, the CPU seconds what the work cost.
"""
from __future__ import annotations

import resource
import time

from rich.console import Console

from ..context import Options
from ..model import Article, ArticleAnnotations


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _warm_all(client, addresses: list[str], options: Options) -> float:
    from ..scale.cluster import warm_models

    t0 = time.perf_counter()
    futures = [client.submit(warm_models, options, workers=[w], allow_other_workers=False, pure=False)
               for w in addresses]
    client.gather(futures)
    return time.perf_counter() - t0


def _workers_cpu(client) -> float:
    """CPU seconds the worker processes have used so far (summed): a cost that other jobs on the machine do
    not inflate, unlike wall time."""
    return sum(client.run(time.process_time).values())


def _workers_rss(client) -> dict[str, float]:
    return {w: mb for w, mb in sorted(client.run(peak_rss_mb).items())}


def scaling_bench(articles: list[Article], spec: str, options: Options | None = None,
                  console: Console | None = None) -> tuple[dict, list[ArticleAnnotations]]:
    """Timings on one worker and on all; returns (result dict, the annotations of the all-worker run)."""
    from ..scale import analyse_list, open_client
    from ..scale.cluster import worker_addresses

    options = options or Options()
    console = console or Console(stderr=True)
    with open_client(spec, options, warm=False) as client:
        addresses = worker_addresses(client)
        n = len(addresses)
        console.print(f"cluster {spec}: {n} workers")
        warm1 = _warm_all(client, addresses[:1], options)
        c0, t0 = _workers_cpu(client), time.perf_counter()
        one = analyse_list(client, articles, options, on_workers=addresses[:1])
        t1, cpu1 = time.perf_counter() - t0, _workers_cpu(client) - c0
        rss_one = _workers_rss(client)
        console.print(f"  one worker: {t1:.1f}s ({len(articles) / t1:.2f} articles/s)")
        client.restart()
        addresses = worker_addresses(client)
        warm_n = _warm_all(client, addresses, options)
        c0, t0 = _workers_cpu(client), time.perf_counter()
        every = analyse_list(client, articles, options)
        tn, cpu_n = time.perf_counter() - t0, _workers_cpu(client) - c0
        rss_n = _workers_rss(client)
        console.print(f"  {n} workers: {tn:.1f}s ({len(articles) / tn:.2f} articles/s)")
    result = {
        "cluster": spec, "cluster_workers": n,
        "one_worker_seconds": round(t1, 3), "all_workers_seconds": round(tn, 3),
        "speedup": round(t1 / tn, 3), "scaling_efficiency": round(t1 / (n * tn), 3),
        "articles_per_second_one_worker": round(len(articles) / t1, 2),
        "articles_per_second_all_workers": round(len(articles) / tn, 2),
        # CPU per article in each run: equal numbers mean no parallel overhead, so on idle cores the wall-time
        # efficiency is bounded by these (a shared machine lowers the wall-time figures, not these)
        "worker_cpu_seconds_per_article": {"one_worker": round(cpu1 / len(articles), 4),
                                           "all_workers": round(cpu_n / len(articles), 4)},
        "cpu_efficiency": round(cpu1 / cpu_n, 3) if cpu_n else None,
        "warm_up_seconds": {"one_worker": round(warm1, 2), "all_workers": round(warm_n, 2)},
        "peak_rss_mb": {"driver": peak_rss_mb(), "one_worker_run": rss_one, "all_workers_run": rss_n},
        "same_annotations_in_both_runs": one == every,
    }
    return result, every
