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
    ner_mode: str = typer.Option("fast", "--ner", help="NER mode: fast or accurate."),
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


@eval_app.command("sentences")
def eval_sentences(
    data: Path = typer.Option(..., "--data", help="CoNLL-U file with '# text =' lines."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON results file."),
) -> None:
    """Sentence-boundary precision/recall/F1."""
    from .eval.sentences import evaluate

    evaluate(data, out)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
