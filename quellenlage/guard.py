"""The time budget and memory cap of one article's analysis.

`Guard.check(stage)` is called between stages (and between the windows of a long text, see pipeline.py): past
the deadline or the memory cap it raises `OverBudget`, which the pipeline turns into an error record for that
article. These cooperative checks work in any thread, as Dask workers run tasks in threads. Where the analysis
runs in a process's main thread (the local loop and every process-pool worker), `hard_stop()` also arms a
SIGALRM timer for the deadline, so one stage stuck in a single long call (a regex, a big matrix product) is
stopped too; Python's regex engine and the interpreter loop both let the signal through.

`OverBudget` is a BaseException so that no stage's `except Exception` (which turns a broken stage into a
StageError and goes on) swallows it.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager

# An earlier article may have left the process above the cap (CPython rarely hands memory back): then only
# growth past where this article began counts, beyond this much noise.
RSS_SLACK_MB = 64


# How the messages of OverBudget begin (a record can be told from a stage's own failure by them).
TIME_MESSAGE = "over the time budget"
MEMORY_MESSAGE = "over the memory cap"


class OverBudget(BaseException):
    """One article ran past its time budget or memory cap; `stage` is where it was."""

    def __init__(self, message: str, stage: str):
        super().__init__(message)
        self.stage = stage


def rss_mb() -> float | None:
    """Resident memory of this process in MB (Linux /proc); None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _seconds(value: float) -> str:
    return f"{value:g}"


class Guard:
    """Deadline and memory cap of one article (from `Options.budget_s` and `Options.max_rss_mb`)."""

    def __init__(self, options):
        self.budget_s = options.budget_s or None
        self.max_rss_mb = options.max_rss_mb or None
        self.deadline = time.monotonic() + self.budget_s if self.budget_s else None
        self.rss_start = rss_mb() if self.max_rss_mb else None
        self.stage = "start"
        self.where: str | None = None  # which window of a long text, for the message

    def _place(self, stage: str) -> str:
        return f"in stage {stage}" + (f" ({self.where})" if self.where else "")

    def over_time(self, stage: str) -> OverBudget:
        return OverBudget(f"{TIME_MESSAGE} of {_seconds(self.budget_s)} s {self._place(stage)}", stage)

    def check(self, stage: str) -> None:
        """Raise OverBudget when the deadline has passed or memory is over the cap (`stage`: where we are)."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise self.over_time(stage)
        if self.max_rss_mb and self.rss_start is not None:
            rss = rss_mb()
            if rss is not None and rss > max(self.max_rss_mb, self.rss_start + RSS_SLACK_MB):
                raise OverBudget(f"{MEMORY_MESSAGE} of {self.max_rss_mb} MB {self._place(stage)} "
                                 f"(process at {rss:.0f} MB)", stage)

    @contextmanager
    def hard_stop(self):
        """Arm SIGALRM for the deadline while the block runs, when this is a main thread that may use signals."""
        usable = (self.deadline is not None and hasattr(signal, "setitimer")
                  and threading.current_thread() is threading.main_thread())
        if not usable:
            yield
            return
        armed = True

        def on_alarm(signum, frame):
            if armed:  # a signal delivered just as the block ended does nothing
                raise self.over_time(self.stage)

        try:
            previous = signal.signal(signal.SIGALRM, on_alarm)
        except ValueError:  # not allowed here after all (embedded interpreter): cooperative checks only
            yield
            return
        old_delay, _ = signal.setitimer(signal.ITIMER_REAL, max(0.001, self.deadline - time.monotonic()))
        started = time.monotonic()
        try:
            yield
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if old_delay:  # someone else's timer (a test runner's timeout): give it back what is left of it
                signal.setitimer(signal.ITIMER_REAL, max(0.001, old_delay - (time.monotonic() - started)))
