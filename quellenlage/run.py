"""The `brief` job: inputs → articles → per-article analysis → briefing files. Used by the CLI and the web app."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .context import Options
from .ingest import DEFAULT_MAX_BYTES, read_inputs
from .model import Article, ArticleAnnotations, Briefing, InputRecord, check_spans
from .pipeline import analyse_many, budget_error


def analyse_articles(articles: list[Article], options: Options, workers: int | None = None,
                     console: Console | None = None, client=None) -> list[ArticleAnnotations]:
    """Per-article stages with a progress bar on the console (quiet when console is None).

    `client`: a `distributed.Client` (see `quellenlage.scale`) to run them on instead of a local process pool.
    """
    def run(progress=None):
        if client is not None:
            from .scale import analyse_list

            return analyse_list(client, articles, options, progress=progress)
        return analyse_many(articles, options, workers, progress=progress)

    if console is None:
        return run()
    with Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        task = progress.add_task("articles", total=len(articles))
        return run(lambda n: progress.advance(task, n))


def analyse_inputs(paths: list[str], *, language: str | None = None, metadata: Path | None = None,
                   workers: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES, ner_mode: str = "fast",
                   console: Console | None = None, cluster: str | None = None, budget_s: float | None = 60.0,
                   ) -> tuple[list[InputRecord], list[Article], list[ArticleAnnotations]]:
    articles, inputs = read_inputs(paths, metadata=metadata, max_bytes=max_bytes, language=language)
    options = Options(language=language, ner_mode=ner_mode, budget_s=budget_s)
    if cluster and articles:  # `--cluster local:N` or `tcp://HOST:PORT`: the per-article stages on Dask workers
        from .scale import open_client

        with open_client(cluster, options) as client:
            annotations = analyse_articles(articles, options, workers, console, client=client)
    else:
        annotations = analyse_articles(articles, options, workers, console)
    # A stage error is not fatal, but the input record must say so.
    failed = {a.article_id: a.errors for a in annotations if a.errors}
    over = {a.article_id: budget_error(a) for a in annotations if budget_error(a)}
    for record in inputs:
        if record.article_id in over and record.status == "ok":  # stopped at its time or memory limit: not analysed
            record.status, record.error_kind, record.message = "error", "over_budget", over[record.article_id].message
        elif record.article_id in failed and record.status == "ok":
            record.message = "; ".join(f"{e.stage} stage failed: {e.message}" for e in failed[record.article_id])
    return inputs, articles, annotations


def make_briefing(inputs: list[InputRecord], articles: list[Article], annotations: list[ArticleAnnotations]) -> Briefing:
    from .briefing.build import build_briefing

    return build_briefing(inputs, articles, annotations)


def write_briefing(briefing: Briefing, out: Path, html: bool = True) -> list[Path]:
    """Write briefing.json, briefing.md and (optionally) briefing.html into `out`."""
    from .briefing import markdown

    out.mkdir(parents=True, exist_ok=True)
    written = [out / "briefing.json", out / "briefing.md"]
    written[0].write_text(briefing.model_dump_json(indent=2), encoding="utf-8")
    written[1].write_text(markdown.render(briefing), encoding="utf-8")
    if html:
        from .briefing import html as html_report

        path = out / "briefing.html"
        path.write_text(html_report.render(briefing), encoding="utf-8")
        written.append(path)
    return written


def span_problems(briefing: Briefing) -> list[str]:
    return check_spans(briefing, {a.id: a.text for a in briefing.articles})


def brief_paths(paths: list[str], out: Path, *, language: str | None = None, metadata: Path | None = None,
                workers: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES, html: bool = True,
                ner_mode: str = "fast", console: Console | None = None, cluster: str | None = None,
                budget_s: float | None = 60.0) -> Briefing:
    console = console or Console(stderr=True)
    t0 = time.perf_counter()
    inputs, articles, annotations = analyse_inputs(paths, language=language, metadata=metadata, workers=workers,
                                                   max_bytes=max_bytes, ner_mode=ner_mode, console=console,
                                                   cluster=cluster, budget_s=budget_s)
    t1 = time.perf_counter()
    briefing = make_briefing(inputs, articles, annotations)
    t2 = time.perf_counter()
    problems = span_problems(briefing)
    if problems:  # never expected; say so loudly rather than write unverifiable spans quietly
        console.print(f"[red]{len(problems)} spans do not match their article text[/red], e.g. {problems[0]}")
    written = write_briefing(briefing, out, html=html)
    errors = [r for r in inputs if r.status == "error"]
    console.print(
        f"{len(articles)} articles briefed ({len(errors)} inputs rejected, "
        f"{sum(r.status == 'duplicate' for r in inputs)} duplicates) in {time.perf_counter() - t0:.1f}s "
        f"(per-article {t1 - t0:.1f}s, cross-article {t2 - t1:.1f}s)"
    )
    for r in errors:
        console.print(f"  [yellow]rejected[/yellow] {r.source}: {r.message}")
    for path in written:
        console.print(f"  wrote {path}")
    if not articles:  # the CLI exits non-zero on this; the files above still list every input and why it failed
        console.print(f"[red]no input could be read[/red] ({len(inputs)} inputs, all rejected); the briefing is empty")
    return briefing


def schema_json() -> str:
    return json.dumps(Briefing.model_json_schema(), indent=2, ensure_ascii=False)


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
