"""Scale-out of the per-article stage: Dask clusters (`cluster.py`) and a bounded, streaming map (`runner.py`).

`pipeline.analyse(article, options)` is pure, so it runs unchanged on Dask workers. `--cluster local:N` starts a
LocalCluster of N single-threaded worker processes on this machine, `--cluster tcp://HOST:PORT` joins a running
scheduler (its workers need this package installed). Models load once per worker (module-level caches, warmed
by a worker plugin), at most a bounded number of articles are in flight, results come back as they finish, and
a task whose worker dies is run again elsewhere. See docs/scaling.md.
"""
from __future__ import annotations

from .cluster import ClusterError, ClusterSpec, open_client, parse_cluster  # noqa: F401
from .runner import analyse_list, analyse_stream  # noqa: F401
