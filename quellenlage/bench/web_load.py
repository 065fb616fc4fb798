"""Load test of the web app: concurrent clients over the pages, and /healthz while a large paste is analysed.

`quellenlage bench-web --store FILE` starts `quellenlage serve` on the store (or `--url` uses a running one),
then (1) `clients` threads each request `requests` pages in turn (index, every story page, searches) and the
latencies are reported as p50/p95/max; (2) with `--paste-mb`, posts a generated German text of that size to
/api/articles and samples /healthz every 50 ms while the job is queued or running. A tool like `bench`:
imported by no product module.
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from rich.console import Console

SEARCHES = ["Polizei", "Feuerwehr", "Bürgermeister", "Streik"]


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(_pct(ms, 50), 1), "p95_ms": round(_pct(ms, 95), 1),
            "max_ms": round(max(ms), 1) if ms else None, "mean_ms": round(statistics.fmean(ms), 1) if ms else None}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, ner_mode: str = "accurate", timeout: float = 300) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quellenlage.cli", "serve", "--store", str(store), "--port",
                             str(port), "--ner", ner_mode], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited: {proc.stderr.read()[-2000:]}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("serve did not answer /healthz")


def page_urls(url: str) -> list[str]:
    stories = httpx.get(url + "/api/stories", timeout=600).json()
    return ["/"] + [f"/stories/{s['id']}" for s in stories[:20]] + [f"/search?q={q}" for q in SEARCHES]


def load(url: str, paths: list[str], clients: int = 8, requests: int = 50) -> dict:
    """`clients` threads × `requests` GETs cycling through `paths` (each client starting at another one)."""
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(base_url=url, timeout=600) as c:
            for i in range(requests):
                path = paths[(k + i) % len(paths)]
                t0 = time.perf_counter()
                r = c.get(path)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    by_path.setdefault(path, []).append(dt)
                    sizes[path] = len(r.content)
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"clients": clients, "requests_per_client": requests, "wall_s": round(time.perf_counter() - t0, 2),
            "statuses": statuses, **_summary(latencies),
            "by_path": {path: {**_summary(v), "bytes": sizes[path]} for path, v in sorted(by_path.items())}}


def paste_text(megabytes: float) -> str:
    from . import generate_corpus

    parts, size, n = [], 0, 0
    while size < megabytes * 1024 * 1024:
        for a in generate_corpus(50, seed=100 + n):
            parts.append(a.text)
            size += len(a.text.encode("utf-8")) + 2
        n += 1
    return "\n\n".join(parts)[: int(megabytes * 1024 * 1024)]


def health_during_paste(url: str, megabytes: float, seconds: float = 120) -> dict:
    """POST a paste of `megabytes`, then sample /healthz every 50 ms while its job is queued or running."""
    text = paste_text(megabytes)
    with httpx.Client(base_url=url, timeout=60) as c:
        t0 = time.perf_counter()
        r = c.post("/api/articles", json={"text": text, "outlet": "Lasttest"}, headers={"origin": url})
        post_s = time.perf_counter() - t0
        if r.status_code != 202:
            return {"error": f"POST answered {r.status_code}: {r.text[:200]}"}
        job = r.json()["id"]
        by_status: dict[str, list[float]] = {}
        end = time.monotonic() + seconds
        status = "queued"
        while time.monotonic() < end:
            t1 = time.perf_counter()
            c.get("/healthz")
            by_status.setdefault(status, []).append(time.perf_counter() - t1)
            if sum(map(len, by_status.values())) % 10 == 0:
                status = c.get(f"/api/jobs/{job}").json()["status"]
                if status in ("done", "error"):
                    break
            time.sleep(0.05)
        final = c.get(f"/api/jobs/{job}").json()
    samples = [x for v in by_status.values() for x in v]
    return {"paste_bytes": len(text.encode("utf-8")), "post_answer_ms": round(post_s * 1000, 1),
            "job_status_at_end": final["status"], "job_error": final.get("error"),
            "records": final.get("records"), "healthz": _summary(samples),
            "over_200ms": sum(x > 0.2 for x in samples),
            "healthz_while": {k: _summary(v) for k, v in by_status.items()}}


def run_web_load(store: Path | None = None, url: str | None = None, clients: int = 8, requests: int = 50,
                 paste_mb: float = 0.0, paste_seconds: float = 120, ner_mode: str = "accurate",
                 out: Path | None = None, console: Console | None = None) -> dict:
    console = console or Console(stderr=True)
    proc = None
    if url is None:
        if store is None:
            raise ValueError("give a store or a URL")
        t0 = time.perf_counter()
        proc, url = start_server(store, ner_mode)
        console.print(f"serve up in {time.perf_counter() - t0:.1f}s at {url}")
    try:
        t0 = time.perf_counter()
        paths = page_urls(url)
        first = {}
        for path in paths:  # one cold pass: what the first visitor of each page waits
            t1 = time.perf_counter()
            httpx.get(url + path, timeout=600)
            first[path] = round((time.perf_counter() - t1) * 1000, 1)
        result = {"url": url, "pages": len(paths), "first_pass_ms": first,
                  "first_pass_s": round(time.perf_counter() - t0, 2), "load": load(url, paths, clients, requests)}
        console.print(result["load"])
        if paste_mb:
            result["paste"] = health_during_paste(url, paste_mb, paste_seconds)
            console.print(result["paste"])
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
