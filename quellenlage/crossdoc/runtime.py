"""Interpreter and BLAS settings for the cross-article stage's hot blocks (same results, less overhead)."""
from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def fewer_gc_passes(threshold: int = 1_000_000):
    """Raise the young-generation GC threshold for a block. The cross-article stage allocates ~10^5 records per
    10^4 articles and creates no reference cycles, yet with the default threshold (700) the collector runs
    ~1,300 times there (about 15 % of the stage). Collection stays on, only much less often. On leaving, the objects
    allocated so far are frozen (`gc.freeze`) rather than scanned once more: they are the long-lived results,
    and scanning ~10^5 live records finds nothing (refcounting still frees them when they are dropped). The price:
    cyclic garbage made inside the block is never collected; one 3,000-article stage leaves 23 such objects."""
    old = gc.get_threshold()
    gc.set_threshold(threshold, old[1], old[2])
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*old)


@contextlib.contextmanager
def single_threaded_blas():
    """BLAS (numpy's matrix products) on one thread for a block. Per story the claim stage multiplies matrices of
    tens to hundreds of rows, thousands of times per corpus: a second BLAS thread mostly waits (10k benchmark on 2
    vCPUs: the stage's CPU time ~10.0 -> ~8.4 s; the products, hence the results, are the same). Without
    threadpoolctl (a scikit-learn dependency) the block runs unchanged."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
