"""Analysis off the request path: a bounded queue of jobs that one worker owned by the app runs in turn.

A request that adds articles (upload, paste, POST /api/articles) only checks its input, queues a `JobSpec` and
answers at once with the job's id; `GET /api/jobs/{id}` and the page `/jobs/{id}` say queued, running, done (with
the input records) or error. The queue is bounded: when it is full the request gets 503 and nothing is queued.

The worker runs each job in a child process (`ProcessRunner`): spawned once, so the models load once, and
killed (then respawned) when a job runs past the time limit. The child writes to the store itself, through
the store's short-lived connections (see `quellenlage.store.db.Store`), so the app's own process only answers
requests while an article is analysed. `ThreadRunner` runs jobs in the app's process instead (tests).
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from ..model import InputRecord

if TYPE_CHECKING:
    from ..fetch import FetchPolicy

log = logging.getLogger("quellenlage.web")

JobStatus = Literal["queued", "running", "done", "error"]


@dataclass
class Upload:
    """One uploaded file, checked already: `name` is the cleaned display name, never used as a path."""

    name: str
    suffix: str
    data: bytes


@dataclass
class JobSpec:
    """Everything one job needs (picklable: it goes to the worker process)."""

    store_path: str
    ner_mode: str = "accurate"
    max_bytes: int = 5 * 1024 * 1024
    text: str | None = None
    source: str = "paste"
    fields: dict[str, str | None] = field(default_factory=dict)  # outlet, title, url, published, language
    uploads: list[Upload] = field(default_factory=list)
    rejected: list[InputRecord] = field(default_factory=list)  # refused at the door (type, size): recorded first
    fetch: list[str] = field(default_factory=list)  # feeds and pages to fetch (the "add URL" form)
    fetch_policy: FetchPolicy | None = None


def run_spec(spec: JobSpec, store) -> list[InputRecord]:
    """Do one job against an open Store: the records of every input, in the order they were given."""
    from ..store import ingest_text

    records: list[InputRecord] = []
    for record in spec.rejected:
        store.record_input(record)
        records.append(record)
    if spec.uploads:
        records.extend(_ingest_uploads(store, spec))
    if spec.fetch:
        from ..context import Options
        from ..fetch.into_store import fetch_into_store

        records.extend(fetch_into_store(store, spec.fetch, spec.fetch_policy, options=Options(ner_mode=spec.ner_mode),
                                        workers=1).records)
    if spec.text is not None:
        f = spec.fields
        records.append(ingest_text(store, spec.text, source=spec.source, outlet=f.get("outlet"), title=f.get("title"),
                                   url=f.get("url"), published=f.get("published"), language=f.get("language"),
                                   ner_mode=spec.ner_mode))
    return records


def _ingest_uploads(store, spec: JobSpec) -> list[InputRecord]:
    from ..context import Options
    from ..ingest import read_inputs
    from ..ingest.outlet import given_outlet
    from ..store.ingest import ingest_articles

    with tempfile.TemporaryDirectory(prefix="quellenlage-upload-") as tmp:
        paths, names = [], {}
        for i, upload in enumerate(spec.uploads):
            path = Path(tmp) / f"{i:03d}{upload.suffix}"  # our name, never the client's
            path.write_bytes(upload.data)
            paths.append(str(path))
            names[str(path)] = f"upload:{upload.name}"
        articles, found = read_inputs(paths, max_bytes=spec.max_bytes)

    def rename(source: str) -> str:
        base, _, line = source.partition("#")
        return names.get(base, "upload") + (f"#{line}" if line else "")

    outlet = spec.fields.get("outlet")
    articles = [given_outlet(a.model_copy(update={"source": rename(a.source)}), outlet) for a in articles]
    found = [r.model_copy(update={"source": rename(r.source)}) for r in found]
    return ingest_articles(store, articles, found, options=Options(ner_mode=spec.ner_mode), workers=1)


# ------------------------------------------------------------------------------------------------ runners


class JobFailed(RuntimeError):
    """A job could not finish (time limit, worker died); the message says why, for the job's status."""


class ThreadRunner:
    """Runs a job in the calling thread, against the app's own Store (no time limit)."""

    def __init__(self, store: Callable[[], object]):
        self._store = store

    def warm(self, ner_mode: str) -> None:
        pass

    def __call__(self, spec: JobSpec) -> list[InputRecord]:
        return run_spec(spec, self._store())

    def close(self) -> None:
        pass


class ProcessRunner:
    """Runs jobs one at a time in a child process; a job over `time_limit` seconds is killed with its process."""

    def __init__(self, time_limit: float = 600.0):
        self.time_limit = time_limit
        self._ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no copied locks, threads or files
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_child_main, args=(child,), daemon=True, name="quellenlage-jobs")
        self._proc.start()
        child.close()
        self._conn = parent

    def _stop(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def _call(self, message: tuple, time_limit: float):
        if self._proc is None or not self._proc.is_alive():
            self._stop()
            self._start()
        self._conn.send(message)
        deadline = time.monotonic() + time_limit
        while not self._conn.poll(0.25):
            if not self._proc.is_alive():
                code = self._proc.exitcode
                self._stop()
                raise JobFailed(f"the analysis process ended unexpectedly (exit code {code})")
            if time.monotonic() > deadline:
                self._stop()
                raise JobFailed(f"stopped after the time limit of {time_limit:.0f} s")
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._stop()
            raise JobFailed(f"the analysis process ended unexpectedly ({exc})") from exc
        if status == "error":
            raise JobFailed(value)
        return value

    def warm(self, ner_mode: str) -> None:
        """Start the process and load the models (so the first job does not wait for them)."""
        self._call(("warm", ner_mode), self.time_limit)

    def __call__(self, spec: JobSpec) -> list[InputRecord]:
        return self._call(("job", spec), self.time_limit)

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(2)
            except OSError:
                pass
        self._stop()


def _child_main(conn) -> None:
    """The worker process: one job at a time from the pipe; every outcome goes back as ('ok'|'error', value)."""
    stores: dict[str, object] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        kind, payload = message
        try:
            if kind == "warm":
                _load_models(payload)
                conn.send(("ok", None))
                continue
            from ..store import Store

            if payload.store_path not in stores:
                stores[payload.store_path] = Store(payload.store_path)
            conn.send(("ok", run_spec(payload, stores[payload.store_path])))
        except Exception as exc:  # reported as the job's error; the process stays up for the next job
            log.exception("job failed")
            conn.send(("error", f"{type(exc).__name__}: {' '.join(str(exc).split())[:500]}"))


def _load_models(ner_mode: str) -> None:
    from ..context import Options
    from ..ingest import build_article
    from ..pipeline import analyse

    for text, lang in (("Die Polizei in Berlin sagte am Montag, es gebe keine Gefahr.", "de"),
                       ("The police in London said on Monday there was no danger.", "en")):
        analyse(build_article({"text": text}, "warm-up", language=lang), Options(language=lang, ner_mode=ner_mode))


# ------------------------------------------------------------------------------------------------ the queue


class QueueFull(RuntimeError):
    pass


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Job:
    id: str
    kind: str
    label: str
    spec: JobSpec | None
    created_at: datetime = field(default_factory=_now)
    status: JobStatus = "queued"
    started_at: datetime | None = None
    finished_at: datetime | None = None
    records: list[InputRecord] = field(default_factory=list)
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "error")


class JobInfo(BaseModel):
    """A job as the API shows it."""

    id: str
    kind: str
    label: str
    status: JobStatus
    position: int | None = None  # jobs ahead of this one while it is queued (0: next)
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    records: list[InputRecord] = []
    error: str | None = None
    page: str
    api: str


class JobQueue:
    """At most `max_queued` jobs waiting; one worker thread hands them to `runner` in order.

    `after(job)` runs once a job's records are in (the app refreshes its page views there), before the job is
    marked done, so a finished job's articles are on the pages. The last `keep` jobs stay listed."""

    def __init__(self, runner, *, max_queued: int = 16, keep: int = 1000, ner_mode: str = "accurate",
                 warm: bool = False, after: Callable[[Job], None] | None = None):
        self.runner, self.max_queued, self.keep = runner, max_queued, keep
        self._queue: queue.Queue[Job | None] = queue.Queue(maxsize=max_queued)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._after = after
        self._ner_mode, self._warm = ner_mode, warm
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, daemon=True, name="quellenlage-job-worker")
            self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            try:
                self._queue.put_nowait(None)
            except queue.Full:
                pass
            self._thread.join(timeout=5)
        self.runner.close()

    def submit(self, spec: JobSpec, kind: str, label: str) -> Job:
        """Queue a job; QueueFull (nothing queued) when `max_queued` jobs are waiting already."""
        self.start()
        job = Job(id=secrets.token_hex(8), kind=kind, label=label, spec=spec)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].finished:
                    break
                self._jobs.pop(oldest)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            with self._lock:
                self._jobs.pop(job.id, None)
            raise QueueFull(f"the analysis queue is full ({self.max_queued} jobs waiting); try again in a minute")
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def position(self, job: Job) -> int | None:
        if job.status != "queued":
            return None
        waiting = [j for j in list(self._queue.queue) if j is not None]
        return next((i for i, j in enumerate(waiting) if j is job), None)

    def info(self, job: Job) -> JobInfo:
        return JobInfo(id=job.id, kind=job.kind, label=job.label, status=job.status, position=self.position(job),
                       created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at,
                       records=list(job.records), error=job.error, page=f"/jobs/{job.id}", api=f"/api/jobs/{job.id}")

    def _work(self) -> None:
        if self._warm:
            try:
                self.runner.warm(self._ner_mode)
            except Exception:
                log.exception("loading the models in the job worker failed")
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.status, job.started_at = "running", _now()
            try:
                job.records = self.runner(job.spec)
            except JobFailed as exc:
                job.error = str(exc)
            except Exception as exc:  # never lost: the job says what happened
                log.exception("job %s failed", job.id)
                job.error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:500]}"
            job.spec = None  # the uploaded bytes are not kept
            if self._after is not None:
                try:
                    self._after(job)
                except Exception:
                    log.exception("after job %s", job.id)
            job.status = "error" if job.error else "done"
            job.finished_at = _now()
            job.done.set()
