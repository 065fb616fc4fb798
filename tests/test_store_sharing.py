"""One store, several processes: `ingest` while `serve` holds the store and `serve` while `ingest` writes.

DuckDB lets one process at a time open a file for writing; the Store holds its connection only while it works
and retries with backoff when another process has the file (see quellenlage.store.db.Store). These tests run
real processes on a temporary store and check that nobody sees "database is locked", a traceback or a 500.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import report_fixture as fx
from quellenlage.store import Store

ROOT = Path(__file__).resolve().parent.parent
BAD_WORDS = ("Traceback", "locked", "Could not set lock", "Conflicting lock")

WRITER = """
import sys
from quellenlage.model import InputRecord
from quellenlage.store import Store
path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = Store(path)
for i in range(n):
    db.record_input(InputRecord(source=f"{name}-{i}", status="error", error_kind="test", message="x"))
    db.generation()
db.close()
print("done", name)
"""

READER = """
import sys, time
from quellenlage.store import Store
path, seconds = sys.argv[1], float(sys.argv[2])
db = Store(path)
seen, end = set(), time.monotonic() + seconds
while time.monotonic() < end:
    seen.add(db.generation())
    db.inputs()
db.close()
print("generations seen", len(seen))
"""


def run_python(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def finish(proc: subprocess.Popen, timeout: float = 120) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    assert not any(w in err for w in BAD_WORDS), err[-3000:]
    return out


def test_two_writers_and_a_reader_in_separate_processes(tmp_path):
    path = tmp_path / "shared.duckdb"
    Store(path).close()
    procs = [run_python(WRITER, str(path), "a", "150"), run_python(WRITER, str(path), "b", "150"),
             run_python(READER, str(path), "4")]
    outputs = [finish(p) for p in procs]
    assert "generations seen" in outputs[2]
    with Store(path, read_only=True) as db:
        sources = {r.source for r in db.inputs()}
        assert len(sources) == 300 and db.generation() == 300


def test_a_busy_store_is_a_clear_error_after_the_timeout(tmp_path):
    import duckdb

    from quellenlage.store.db import StoreBusy

    path = tmp_path / "held.duckdb"
    Store(path).close()
    holder = run_python("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                        "time.sleep(30)", str(path))
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy, match="busy"):
            Store(path, busy_timeout=0.5)
    finally:
        holder.kill()
        holder.wait()
    with Store(path) as db:  # the holder is gone: the store opens again
        assert db.generation() == 0
    duckdb.connect(str(path)).close()


def test_generation_sees_another_processes_write_at_once(tmp_path):
    path = tmp_path / "gen.duckdb"
    db = Store(path)
    before = db.generation()
    assert db.generation() == before  # cached: nothing changed on disk
    finish(run_python(WRITER, str(path), "other", "3"))
    assert db.generation() == before + 3
    db.close()


def test_briefing_loaded_from_the_file_equals_the_one_built(tmp_path, monkeypatch):
    monkeypatch.setattr("quellenlage.store.db.build", lambda inputs, articles, annotations: fx.briefing().model_copy(
        update={"articles": articles, "annotations": annotations}))
    path = tmp_path / "b.duckdb"
    with Store(path) as db:
        for a, n in zip(fx.articles(), fx.annotations(fx.articles())):
            db.add(a, n)
        built = db.briefing()
        assert db.briefing() is built  # kept in memory while the generation stays
    monkeypatch.setattr("quellenlage.store.db.build", lambda *a: pytest.fail("built again instead of loaded"))
    with Store(path) as db:
        loaded = db.briefing()
    assert loaded.model_dump() == built.model_dump()


# ------------------------------------------------------------------------------------------------ serve + ingest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _texts(folder: Path, prefix: str, n: int) -> None:
    folder.mkdir()
    places = ["Musterstadt", "Beispielhausen", "Altdorf", "Neuheim", "Kleinberg", "Seefeld"]
    for i in range(n):
        (folder / f"{prefix}{i}.txt").write_text(
            f"Brand in {places[i % len(places)]}. Die Polizei sagte am {'Montag' if prefix == 'a' else 'Dienstag'}, "
            f"in {places[i % len(places)]} seien "
            f"{i + 3} Menschen verletzt worden. Ein Sprecher der Feuerwehr erklärte, das Feuer sei gelöscht.",
            encoding="utf-8")


def _cli(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "quellenlage.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def test_ingest_while_serve_holds_the_store_and_serve_while_ingest_writes(tmp_path):
    store = tmp_path / "live.duckdb"
    _texts(tmp_path / "a", "a", 6)
    _texts(tmp_path / "b", "b", 6)
    first = _cli("ingest", str(tmp_path / "a"), "--store", str(store), "--ner", "fast")  # writing ...
    port = _free_port()
    time.sleep(1.0)
    server = _cli("serve", "--store", str(store), "--port", str(port), "--ner", "fast")  # ... while serve starts
    statuses: list[tuple[str, int]] = []
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=60) as c:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, server.communicate()[1][-3000:]
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.2)

            def poll_pages() -> None:
                for url in ("/", "/api/articles", "/api/stories", "/api/briefing", "/search?q=Polizei", "/api/inputs"):
                    statuses.append((url, c.get(url).status_code))

            second = None
            while True:  # the first ingest is still writing, then a second one starts while serve holds the store
                poll_pages()
                if first.poll() is not None and second is None:
                    finish(first)
                    second = _cli("ingest", str(tmp_path / "b"), "--store", str(store), "--ner", "fast")
                if second is not None and second.poll() is not None:
                    finish(second)
                    break
                assert time.monotonic() < deadline + 120, "the ingests did not finish"
            poll_pages()
            assert len(c.get("/api/articles").json()) == 12
            stories = c.get("/api/briefing").json()["stories"]
            assert sum(len(s["article_ids"]) for s in stories) == 12
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert statuses and all(code == 200 for _, code in statuses), [s for s in statuses if s[1] != 200]
    assert not any(w in err for w in BAD_WORDS), err[-3000:]
