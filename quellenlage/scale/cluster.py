"""The `--cluster` option: parse it, start a LocalCluster or join a running scheduler, warm the workers' models.

`local:N` starts N worker *processes* with one thread each (the per-article stages hold the GIL; threads would
not run them in parallel, and one thread per process keeps each worker's models and caches its own). `local`
alone means one worker per core. `tcp://HOST:PORT` (or `tls://`) joins an existing scheduler, e.g. one run by
dask-kubernetes or dask-yarn; its workers must have this package installed, since tasks name
`quellenlage.pipeline.analyse` by reference.

Models are module-level caches in each worker process (spaCy pipelines and NER weights via `lru_cache`, the
sentence encoder's default instance), so they load once per worker. `WarmModels`, a worker plugin, analyses
two tiny articles when a worker starts, so the load happens before the first task and again on a worker that
replaces one that died.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from distributed.diagnostics.plugin import WorkerPlugin

from ..context import Options

CONNECT_TIMEOUT_S = 30
_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"(tcp|tls)://[^\s/]+:\d+")


class ClusterError(RuntimeError):
    """The cluster could not be started or reached (the message says which and why)."""


@dataclass(frozen=True)
class ClusterSpec:
    """A parsed `--cluster` value: `workers` local processes, or the `address` of a running scheduler."""

    workers: int | None = None
    address: str | None = None

    @property
    def local(self) -> bool:
        return self.address is None

    def __str__(self) -> str:
        return f"local:{self.workers}" if self.local else str(self.address)


def parse_cluster(value: str) -> ClusterSpec:
    """`local`, `local:N` (N ≥ 1) or `tcp://HOST:PORT` / `tls://HOST:PORT`; raises ValueError otherwise."""
    text = value.strip()
    m = _LOCAL.fullmatch(text)
    if m:
        n = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
        if n < 1:
            raise ValueError(f"--cluster {value!r}: a local cluster needs at least one worker")
        return ClusterSpec(workers=n)
    if _REMOTE.fullmatch(text):
        return ClusterSpec(address=text)
    raise ValueError(f"--cluster {value!r}: expected local:N (N worker processes here) or tcp://HOST:PORT "
                     "(a running Dask scheduler)")


WARM_TEXTS = (
    ("de", "Die Polizei teilte am Montag mit, in Musterstadt seien zwei Menschen leicht verletzt worden."),
    ("en", "Police said on Monday that two people had been slightly injured in Sampletown."),
)


def warm_models(options: Options | None = None) -> None:
    """Load every model the per-article stages use with `options` (both languages) by analysing tiny texts."""
    from ..model import Article
    from ..pipeline import analyse

    for lang, text in WARM_TEXTS:
        analyse(Article(id=f"warm-up-{lang}", source="warm-up", text=text, language=lang), options or Options())


class WarmModels(WorkerPlugin):
    """Loads the models when a worker starts (in a thread, so the worker keeps answering its heartbeats)."""

    name = "quellenlage-warm-models"

    def __init__(self, options: Options | None = None):
        self.options = options or Options()

    async def setup(self, worker) -> None:
        await asyncio.to_thread(warm_models, self.options)


@contextmanager
def open_client(spec: str | ClusterSpec, options: Options | None = None, *, warm: bool = True) -> Iterator:
    """A `distributed.Client` on the cluster `spec` names; a local cluster is shut down on exit, a joined one
    is left running. With `warm`, every worker has loaded its models (for `options`) before this yields."""
    from distributed import Client, LocalCluster

    spec = parse_cluster(spec) if isinstance(spec, str) else spec
    with ExitStack() as stack:
        try:
            if spec.local:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=spec.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(spec.address, timeout=CONNECT_TIMEOUT_S))
        except (OSError, TimeoutError, RuntimeError) as exc:
            raise ClusterError(f"cannot {'start' if spec.local else 'reach'} the Dask cluster {spec}: "
                               f"{' '.join(str(exc).split())[:300]}") from exc
        if warm:
            client.register_plugin(WarmModels(options), name=WarmModels.name)
        yield client


def worker_addresses(client) -> list[str]:
    """The addresses of the cluster's workers, sorted (stable across calls)."""
    return sorted(client.nthreads())
