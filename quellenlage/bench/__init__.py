"""Benchmark: a generated corpus of German news articles, timed through the per-article and cross-article stages.

The generator writes plausible (invented) reporting with quotes, reported speech, figures, dates and sources,
~500 words per article, deterministic for a seed, so speed numbers can be reproduced anywhere. The per-article
stages run with the CLI's defaults (`--ner accurate`), timed per stage and against a tokenizer-only pass over the
same corpus (`bench.per_article`). The cross-article stage alone is timed on the annotated corpus of
`bench.synthetic` (`quellenlage bench-crossdoc`).
"""
from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console

from ..context import Options
from ..ingest import build_article
from ..model import Article
from ..pipeline import analyse_many
from .scaling import peak_rss_mb

FIRST = ["Anna", "Jonas", "Miriam", "Stefan", "Laura", "Tobias", "Sabine", "Kemal", "Ingrid", "Pavel", "Ewa", "Lars"]
LAST = ["Keller", "Brandt", "Okafor", "Lindqvist", "Nowak", "Hoffmann", "Petrović", "Demir", "Vogt", "Sauer"]
ROLES = ["Sprecherin des Innenministeriums", "Bürgermeister", "Vorsitzende des Verbands", "Polizeisprecher",
         "Landrätin", "Direktor der Behörde", "Gewerkschaftschef", "Wirtschaftsministerin"]
OUTLETS = ["Nordkurier Aktuell", "Tagesblick", "Rheinpost Digital", "Alpenrundschau", "Hafenzeitung", "Morgenecho"]
PLACES = ["Kessingen", "Brelow", "Altmarkt", "Sundheim", "Oberfeld", "Weidach", "Lorenstadt"]
TOPICS = [("Brand in einer Lagerhalle", "Feuerwehrleute", "im Einsatz"), ("Streik im Nahverkehr", "Beschäftigte", "beteiligt"),
          ("Hochwasser an der Lenne", "Anwohner", "evakuiert"), ("Cyberangriff auf die Stadtwerke", "Kunden", "betroffen"),
          ("Protest gegen ein Windparkprojekt", "Demonstranten", "gezählt"), ("Ausfall der Bahnstrecke", "Pendler", "betroffen")]
SENTENCES = [
    "{place}: Nach Angaben der Polizei waren am {day}. {month} mehr als {n:,} {who} {verb}.",
    "„Wir haben die Lage unter Kontrolle“, sagte {role} {name} ({age}) am {weekday}.",
    "{name2} zufolge sollen bereits rund {m:,} {who} {verb} gewesen sein.",
    "Die Zeitung {outlet} berichtete unter Berufung auf Behördenkreise, dass der Schaden bei etwa {money} Millionen Euro liege.",
    "Der Betreiber wies die Vorwürfe zurück und bezeichnete sie als haltlos.",
    "Diese Angaben konnten nicht unabhängig überprüft werden.",
    "Wie {outlet} berichtet, sei die Lage seit {month} {year} angespannt.",
    "{role} {name} kritisierte, die Verantwortlichen hätten zu spät reagiert.",
    "Laut einem Sprecher der Stadt {place} könnte die Zahl der {who} noch steigen.",
    "Vergangene Woche hatten bereits {k} Initiativen eine unabhängige Untersuchung gefordert.",
    "Bis Ende des Jahres soll ein Bericht vorliegen, erklärte {name2}.",
    "Die Behörde teilte mit, es gebe keine Hinweise auf eine Gefahr für die Bevölkerung.",
    "Mehrere Medien, darunter {outlet}, meldeten am {weekday} höhere Zahlen.",
    "Experten vermuten, dass die Ursache in einem technischen Defekt liegt.",
]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def generate_corpus(n: int, seed: int = 7, words: int = 500) -> list[Article]:
    """`n` generated German articles of about `words` words each."""
    rng = random.Random(seed)
    start = datetime(2026, 3, 1, 8, 0)
    articles = []
    for i in range(n):
        topic, who, verb = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        outlet = rng.choice(OUTLETS)
        title = f"{topic} in {place}: {rng.choice(['Behörden unter Druck', 'Zahl der Betroffenen steigt', 'Vorwürfe gegen Betreiber'])}"
        parts, count = [], 0
        while count < words:
            slots = dict(place=place, day=rng.randint(1, 28), month=rng.choice(MONTHS), n=rng.randint(20, 90000),
                         who=who, verb=verb, role=rng.choice(ROLES), name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                         name2=f"{rng.choice(FIRST)} {rng.choice(LAST)}", age=rng.randint(30, 70),
                         weekday=rng.choice(WEEKDAYS), m=rng.randint(10, 5000), outlet=rng.choice(OUTLETS),
                         money=rng.randint(2, 400), year=rng.randint(2019, 2026), k=rng.randint(2, 12))
            # German thousands separator: 12.000, not 12,000.
            sentence = rng.choice(SENTENCES).format(**slots)
            for key in ("n", "m"):
                sentence = sentence.replace(f"{slots[key]:,}", f"{slots[key]:,}".replace(",", "."))
            parts.append(sentence)
            count += len(sentence.split())
        paragraphs = [" ".join(parts[j:j + 4]) for j in range(0, len(parts), 4)]
        text = title + "\n\n" + "\n\n".join(paragraphs)
        published = start + timedelta(hours=rng.randint(0, 24 * 30))
        articles.append(build_article({"text": text, "title": title, "outlet": outlet, "published": published,
                                       "id": f"gen{i:05d}"}, f"generated:{i}", language="de"))
    return articles


def write_corpus(articles: list[Article], path: Path) -> None:
    """Write generated articles as JSONL (the ingest format), so `quellenlage brief corpus.jsonl` can run on them."""
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.id, "title": a.title, "outlet": a.outlet, "text": a.text,
                                 "published": a.published.isoformat() if a.published else None}, ensure_ascii=False) + "\n")


def run_bench(n: int, workers: int = 1, out: Path | None = None, console: Console | None = None,
              corpus_out: Path | None = None, cluster: str | None = None, ner_mode: str = "accurate",
              words: int = 500) -> dict:
    """Per-article and cross-article timings of `n` generated articles of about `words` words.

    In one process (`workers` 1, no cluster) the report has CPU ms per article per stage, articles/s and NER
    tokens/s per core, and the ratio to a tokenizer-only pass (`bench.per_article`). With `workers` > 1 the
    per-article stage runs in a process pool, timed in wall seconds only (the pool's CPU is not counted per
    stage). With `cluster` (local:N or tcp://HOST:PORT) it runs on Dask, once on one worker and once on all, and
    the result adds the scaling efficiency and peak RSS (see `bench.scaling`); `workers` is then the cluster's
    worker count."""
    from .per_article import per_article_report, time_default_path, time_tokenizer_only

    console = console or Console(stderr=True)
    options = Options(ner_mode=ner_mode)
    articles = generate_corpus(n, words=words)
    if corpus_out:
        write_corpus(articles, corpus_out)
    n_words = sum(len(a.text.split()) for a in articles)
    scaling, timing, worker_rss = None, None, None
    if cluster:
        from .scaling import scaling_bench

        scaling, annotations = scaling_bench(articles, cluster, options, console)
        workers, per_article = scaling["cluster_workers"], scaling["all_workers_seconds"]
    elif workers <= 1:
        timing = time_default_path(articles, options)
        annotations, per_article, workers = timing.annotations, timing.wall_seconds, 1
        worker_rss = peak_rss_mb()  # what one worker process needs: models loaded, per-article stages only
    else:
        t0 = time.perf_counter()
        annotations = analyse_many(articles, options, workers=workers)
        per_article = time.perf_counter() - t0
    tokenizer_cpu, tokens = time_tokenizer_only(articles)
    # per core: per CPU second of the default path in one process; else per wall second and worker
    core_seconds = timing.cpu_seconds if timing is not None else per_article * workers
    t1 = time.perf_counter()
    from ..briefing.build import build_briefing
    from ..model import InputRecord

    inputs = [InputRecord(source=a.source, status="ok", article_id=a.id) for a in articles]
    build_briefing(inputs, articles, annotations)
    t2 = time.perf_counter()
    result = {
        "articles": n, "words": n_words, "workers": workers, "ner_mode": ner_mode,
        "per_article_seconds": round(per_article, 3),
        "articles_per_second": round(n / per_article, 2),
        "articles_per_second_per_core": round(n / core_seconds, 3) if core_seconds else None,
        "words_per_second_per_core": round(n_words / core_seconds) if core_seconds else None,
        "cross_article_seconds": round(t2 - t1, 3),
        "stage_errors": sum(len(a.errors) for a in annotations),
        "encoder": _encoder_settings(),
    }
    if timing is not None:
        result.update(per_article_report(timing, tokenizer_cpu, tokens))
    else:
        result["tokenizer_only_ms_per_article"] = round(1000 * tokenizer_cpu / n, 3)
    if scaling:
        result.update(scaling)
        result["peak_rss_mb"]["driver_with_cross_article"] = peak_rss_mb()
    else:
        # with --workers > 1 the pool's processes are not counted
        result["peak_rss_mb"] = {"driver": peak_rss_mb(), **({"per_article_stages": worker_rss} if worker_rss else {})}
    _print_summary(result, console)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def _encoder_settings() -> dict:
    """What the encoder runtime of this run uses (read as it reads them, without loading the model)."""
    import os

    from ..encoder.runtime import ENV_BACKEND, ENV_QUANT, default_threads, onnxruntime_available

    return {"backend": os.environ.get(ENV_BACKEND) or ("onnx" if onnxruntime_available() else "numpy"),
            "threads": default_threads(), "quant": os.environ.get(ENV_QUANT) or "fp32"}


def _print_summary(result: dict, console: Console) -> None:
    """The headline numbers as a table (per stage when measured), then the whole result."""
    from rich.table import Table

    stages = result.get("stage_ms_per_article")
    if stages:
        table = Table(title=f"Default path (--ner {result['ner_mode']}), {result['articles']} articles, "
                            f"{result['words'] / result['articles']:.0f} words each, CPU ms per article")
        table.add_column("stage")
        table.add_column("ms/article", justify="right")
        for name, ms in stages.items():
            table.add_row(name, f"{ms:,.1f}")
        table.add_row("[b]all (with pipeline overhead)[/b]", f"[b]{result['total_ms_per_article']:,.1f}[/b]")
        table.add_row("tokenizer only (spaCy blank de + sentencizer)", f"{result['tokenizer_only_ms_per_article']:,.2f}")
        console.print(table)
        console.print(f"articles/s per core {result['articles_per_second_per_core']}, NER tokens/s per core "
                      f"{result['ner_tokens_per_second_per_core'] or 0:,}, ratio to tokenizer-only "
                      f"{result['ratio_to_tokenizer']}x")
    console.print(result)
