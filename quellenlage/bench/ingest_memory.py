"""Driver memory of a streamed ingest: RSS sampled while `store.ingest.iter_ingest` works through a large corpus.

    python -m quellenlage.bench.ingest_memory corpus --articles 100000 --corpus out/big.jsonl.zst
    python -m quellenlage.bench.ingest_memory run --corpus out/big.jsonl.zst --store out/big.duckdb \\
        [--cluster local:2] [--analysis real|none|read] --out out/ingest-memory.json

`corpus` writes a generated corpus (`bench.generate_corpus`, 1,000 articles per seed, ids made unique) as
zstandard-compressed JSONL, without holding it in memory. `run` ingests it in this process (the driver) and
samples the driver's RSS twice a second together with how many input records are done. `--analysis`:
`real` runs the per-article stages (on the cluster with `--cluster`, else here with fast NER); `none` replaces
them with an empty result, so what is measured is the driver's own work (reading, decompressing, duplicate
checks, store writes) at a speed that reaches 100 k articles here; `read` only reads the stream
(`ingest.iter_inputs`), no store. Workers' memory is not in these numbers (see `quellenlage bench --cluster`).
"""
from __future__ import annotations

import argparse
import json
import resource
import threading
import time
from pathlib import Path


def write_big_corpus(n: int, path: Path, per_seed: int = 1000) -> int:
    """`n` generated articles as .jsonl.zst, a thousand at a time; returns the bytes written."""
    import zstandard

    from . import generate_corpus

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, zstandard.ZstdCompressor(level=3).stream_writer(raw) as out:
        for seed in range(0, (n + per_seed - 1) // per_seed):
            for i, a in enumerate(generate_corpus(min(per_seed, n - seed * per_seed), seed=1000 + seed)):
                row = {"id": f"gen{seed:04d}-{i:04d}", "title": a.title, "outlet": a.outlet, "text": a.text,
                       "published": a.published.isoformat() if a.published else None}
                out.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    return path.stat().st_size


def _empty_analysis(articles, options=None, workers=None, progress=None):
    from ..model import ArticleAnnotations

    return [ArticleAnnotations(article_id=a.id) for a in articles]


class Sampler(threading.Thread):
    """(seconds, records done, RSS MB) every `every` seconds, from a thread of the measured process."""

    def __init__(self, every: float = 0.5):
        super().__init__(daemon=True)
        import psutil

        self.proc, self.every, self.done, self.samples = psutil.Process(), every, 0, []
        self.t0 = time.perf_counter()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((round(time.perf_counter() - self.t0, 2), self.done,
                                 round(self.proc.memory_info().rss / 2**20, 1)))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def baseline(samples: list[tuple[float, int, float]], parts: int = 10) -> list[tuple[int, float]]:
    """(records, lowest RSS) in each tenth of the run: what stays, without the transient peaks (a DuckDB
    checkpoint, a batch of results being parsed) that single samples catch."""
    if not samples or not samples[-1][1]:
        return []
    total, out = samples[-1][1], []
    for k in range(parts):
        part = [s for s in samples if k * total / parts < s[1] <= (k + 1) * total / parts]
        if part:
            low = min(part, key=lambda s: s[2])
            out.append((low[1], low[2]))
    return out


def _slope_mb_per_10k(points: list[tuple[int, float]]) -> float | None:
    """Least-squares growth of the baseline over the second half of the run, in MB per 10,000 records."""
    half = points[len(points) // 2:]
    if len(half) < 3:
        return None
    xs, ys = [x for x, _ in half], [y for _, y in half]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var * 10_000, 1) if var else None


def run(corpus: Path, store: Path | None, analysis: str = "none", cluster: str | None = None,
        batch: int = 8, limit: int | None = None) -> dict:
    """Measure one ingest (see the module docstring); stops after `limit` records when given."""
    from contextlib import nullcontext
    from itertools import islice

    from ..context import Options
    from ..ingest import iter_inputs

    sampler = Sampler()
    sampler.start()
    counts: dict[str, int] = {}
    if analysis == "read":
        for _, record in islice(iter_inputs([str(corpus)]), limit):
            counts[record.status] = counts.get(record.status, 0) + 1
            sampler.done += 1
    else:
        from .. import pipeline
        from ..scale import open_client
        from ..store import Store
        from ..store.ingest import iter_ingest

        if analysis == "none":
            pipeline.analyse_many = _empty_analysis  # this process only: the measurement is of the driver
            cluster = None
        with Store(store) as db, (open_client(cluster, Options()) if cluster else nullcontext()) as client:
            for record in islice(iter_ingest(db, [str(corpus)], batch=batch, client=client), limit):
                counts[record.status] = counts.get(record.status, 0) + 1
                sampler.done += 1
    sampler.stop()
    seconds = sampler.samples[-1][0] if sampler.samples else 0.0
    done = sum(counts.values())
    return {
        "corpus": str(corpus), "analysis": analysis, "cluster": cluster, "limit": limit, "records": counts,
        "seconds": round(seconds, 1), "records_per_second": round(done / seconds, 1) if seconds else None,
        "driver_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "driver_rss_baseline_mb": baseline(sampler.samples),
        "driver_baseline_slope_mb_per_10k_records": _slope_mb_per_10k(baseline(sampler.samples)),
        "store_mb": round(store.stat().st_size / 2**20, 1) if store and store.exists() else None,
        "samples": sampler.samples[:: max(1, len(sampler.samples) // 200)],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m quellenlage.bench.ingest_memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("corpus", help="write a generated corpus as .jsonl.zst")
    c.add_argument("--articles", type=int, required=True)
    c.add_argument("--corpus", type=Path, required=True)
    r = sub.add_parser("run", help="ingest it and sample the driver's RSS")
    r.add_argument("--corpus", type=Path, required=True)
    r.add_argument("--store", type=Path)
    r.add_argument("--analysis", choices=("real", "none", "read"), default="none")
    r.add_argument("--cluster")
    r.add_argument("--out", type=Path)
    r.add_argument("--limit", type=int, help="stop after this many input records")
    args = parser.parse_args(argv)
    if args.command == "corpus":
        t0 = time.perf_counter()
        size = write_big_corpus(args.articles, args.corpus)
        print(json.dumps({"articles": args.articles, "bytes": size, "seconds": round(time.perf_counter() - t0, 1)}))
        return
    if args.analysis != "read" and not args.store:
        parser.error("--store is needed unless --analysis read")
    result = run(args.corpus, args.store, args.analysis, args.cluster, limit=args.limit)
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1))


if __name__ == "__main__":
    main()
