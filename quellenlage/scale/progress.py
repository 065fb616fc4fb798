"""A progress bar for long ingests: records per second, and an ETA when the total is known cheaply."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.text import Text

from ..model import InputRecord


class RateColumn(ProgressColumn):
    """Inputs per second over rich's recent window (shown once two updates give a speed)."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed or (task.completed / task.elapsed if task.elapsed else None)
        return Text(f"{speed:,.1f}/s" if speed else "–/s", style="progress.data.speed")


@contextmanager
def record_progress(console: Console, total: int | None, description: str = "ingesting",
                    ) -> Iterator[Callable[[InputRecord], None]]:
    """Yields `advance(record)`; the bar counts records by status. `total` None: a count and rate, no ETA."""
    counts: Counter = Counter()
    columns: list = [TextColumn("[bold]{task.description}"), BarColumn()]
    columns += [MofNCompleteColumn()] if total else [TextColumn("{task.completed:,} inputs")]
    columns += [RateColumn(), TimeElapsedColumn()]
    columns += [TextColumn("eta"), TimeRemainingColumn()] if total else []
    columns += [TextColumn("{task.fields[counts]}")]
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=total, counts="")

        def advance(record: InputRecord) -> None:
            counts[record.status] += 1
            progress.update(task, advance=1, counts=f"ok {counts['ok']:,} · duplicate {counts['duplicate']:,} · "
                                                    f"error {counts['error']:,}")

        yield advance
        done = progress.tasks[0].completed
        progress.update(task, total=done)  # the estimate was close, not exact (blank lines, sidecar records)
