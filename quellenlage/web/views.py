"""What the web pages show, computed once per store generation and kept in memory.

A page request must not parse or rebuild the briefing: `Store.briefing()` keeps the parsed briefing of the
current generation, and a `Snapshot` memoises everything derived from it (the story of each article, the
per-story briefings and view models, rendered pages, JSON bodies) until the store changes. When another process
writes to the store, a new snapshot is built in the background and pages wait for it a moment, then keep being
served from the last one until it is ready (`Views.current()`); the API and the job worker ask for a fresh one
(`Views.current(fresh=True)`, `refresh()`).
"""
from __future__ import annotations

import gc
import gzip
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from ..briefing import html as report
from ..model import Briefing
from ..store import Store
from ..store.db import StoreBusy

log = logging.getLogger("quellenlage.web")

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_was_enabled = True


@contextmanager
def quiet_gc():
    """Pause the cyclic garbage collector while a briefing is parsed or built, then freeze what was built.

    A store of a few hundred articles is millions of Python objects; with the collector on, loading or building
    one runs full collections over all of them that hold the interpreter for seconds, and every other request
    (even /healthz) waits. Parsing and the cross-article build make no reference cycles, and a briefing is never
    changed once built, so its objects can go to the permanent generation (freed by reference counting later).
    """
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()


class Page:
    """A rendered page, kept with its gzip form (made on first request that accepts it)."""

    def __init__(self, body: bytes):
        self.body = body
        self._gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        if self._gzipped is None:  # a story page embeds its articles: megabytes that compress about 8:1
            self._gzipped = gzip.compress(self.body, compresslevel=5)
        return self._gzipped


class Snapshot:
    """One generation's briefing and everything derived from it, computed on first use and kept."""

    def __init__(self, generation: int, briefing: Briefing, max_entries: int = 256):
        self.generation = generation
        self.briefing = briefing
        self.story_of = {aid: s.id for s in briefing.stories for aid in s.article_ids}
        self.story_ids = {s.id for s in briefing.stories}
        self._memo: dict[Any, dict[Any, Any]] = {}  # kind (the key's first item) -> key -> value
        self._locks: dict[Any, threading.Lock] = {}
        self._lock = threading.Lock()
        self._max = max_entries

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """`compute()` once per key (concurrent callers of one key wait for the first instead of repeating it).
        At most `max_entries` are kept per kind (`key[0]`: pages, searches, ...), the oldest dropped first."""
        kept = self._memo.get(key[0])
        if kept is not None and key in kept:
            return kept[key]
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            kept = self._memo.get(key[0])
            if kept is not None and key in kept:
                return kept[key]
            value = compute()
            with self._lock:
                kept = self._memo.setdefault(key[0], {})
                while len(kept) >= self._max:
                    kept.pop(next(iter(kept)))
                kept[key] = value
                self._locks.pop(key, None)
            return value

    def page(self, key: tuple, render: Callable[[], bytes]) -> Page:
        return self.memo(("page",) + key, lambda: Page(render()))

    def story(self, story_id: str | None) -> Briefing:
        """The briefing of one story (None: the whole briefing). KeyError when there is no such story."""
        if story_id is None:
            return self.briefing
        if story_id not in self.story_ids:
            raise KeyError(story_id)
        return self.memo(("story", story_id), lambda: report.select_story(self.briefing, story_id))

    def view_model(self, story_id: str | None) -> dict:
        return self.memo(("view_model", story_id), lambda: report.view_model(self.story(story_id)))

    def briefing_json(self, story_id: str | None) -> bytes:
        return self.memo(("json", story_id), lambda: self.story(story_id).model_dump_json().encode("utf-8"))


class Views:
    """The current `Snapshot` of a store, rebuilt when the store's generation changes."""

    def __init__(self, store: Callable[[], Store], warm: Callable[[Snapshot], None] | None = None,
                 stale_after: float = 2.0):
        self._store = store
        self._warm = warm
        self._stale_after = stale_after
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._refreshing: threading.Event | None = None

    def current(self, fresh: bool = False) -> Snapshot:
        """The snapshot to answer from. With `fresh`, of the store's current generation (built now if needed);
        without, a newer one is built in the background and waited for up to `stale_after` seconds, then the
        last one is used meanwhile (pages stay fast while `ingest` writes to a large store)."""
        snapshot = self._snapshot
        if snapshot is not None:
            try:
                generation = self._store().generation()
            except StoreBusy:  # another process holds the file: what we have is the best answer now
                return snapshot
            if generation == snapshot.generation:
                return snapshot
            if not fresh:
                self.refresh_in_background().wait(self._stale_after)
                return self._snapshot
        return self.refresh()

    def refresh(self) -> Snapshot:
        """Bring the snapshot up to the store's generation (blocks while the briefing is loaded or built)."""
        with self._refresh_lock:
            with quiet_gc():
                generation, briefing = self._store().briefing_with_generation()
            snapshot = self._snapshot
            if snapshot is None or snapshot.briefing is not briefing:
                snapshot = Snapshot(generation, briefing)
                self._snapshot = snapshot
                if self._warm is not None:
                    try:
                        with quiet_gc():
                            self._warm(snapshot)
                    except Exception:  # warming is an optimisation; the page computes it on demand
                        log.exception("warming the page views failed")
            return snapshot

    def refresh_in_background(self) -> threading.Event:
        """Start a refresh unless one runs; the event is set when it has finished."""
        with self._lock:
            if self._refreshing is not None:
                return self._refreshing
            done = self._refreshing = threading.Event()

        def run() -> None:
            try:
                self.refresh()
            except Exception:
                log.exception("refreshing the page views failed")
            finally:
                with self._lock:
                    self._refreshing = None
                done.set()

        threading.Thread(target=run, daemon=True, name="quellenlage-views").start()
        return done
