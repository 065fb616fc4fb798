"""Analysis off the request path: the job queue (bounded, 503 when full), the job page and API, the worker process."""
from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

import report_fixture as fx
from quellenlage.model import InputRecord
from quellenlage.store import Store
from quellenlage.web import create_app
from quellenlage.web.jobs import JobFailed, JobQueue, JobSpec, ProcessRunner

BASE = "http://127.0.0.1"


@pytest.fixture
def gate(monkeypatch):
    """A stand-in analysis that waits until the test opens the gate (so jobs stay 'running' as long as needed)."""
    opened = threading.Event()
    started = threading.Event()

    def analyse_many(articles, *a, **k):
        started.set()
        assert opened.wait(30), "the test never opened the gate"
        return [fx.annotations(fx.articles())[1].model_copy(update={"article_id": x.id, "claims": [], "mentions": []})
                for x in articles]

    monkeypatch.setattr("quellenlage.pipeline.analyse_many", analyse_many)
    monkeypatch.setattr("quellenlage.store.db.build", lambda inputs, articles, annotations: fx.briefing().model_copy(
        update={"articles": articles, "annotations": annotations, "stories": fx.briefing().stories[:1]}))
    return opened, started


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "jobs.duckdb"
    with Store(path) as db:
        for a, n in zip(fx.articles(), fx.annotations(fx.articles())):
            db.add(a, n)
    return path


def test_the_answer_comes_at_once_and_the_app_answers_while_a_job_runs(store_path, gate):
    opened, started = gate
    with TestClient(create_app(store_path, job_runner="thread"), base_url=BASE) as c:
        r = c.post("/api/articles", json={"text": "Ein Text über das Feuer in der Lagerhalle von Musterstadt."})
        assert r.status_code == 202  # answered while the analysis has not even started or waits at the gate
        job_id = r.json()["id"]
        assert started.wait(10)
        assert c.get(f"/api/jobs/{job_id}").json()["status"] == "running"
        assert c.get("/healthz").text == "ok"  # the app answers while the job runs ...
        assert c.get("/").status_code == 200
        assert c.get(f"/api/jobs/{job_id}").json()["status"] == "running"  # ... and the job was still running
        page = c.get(f"/jobs/{job_id}?lang=en")
        assert page.headers["refresh"] == f"2; url=/jobs/{job_id}?lang=en"
        assert '<html lang="en"' in page.text and 'data-status="running"' in page.text
        assert '<meta http-equiv="refresh"' in page.text
        opened.set()
        job = c.get(f"/api/jobs/{job_id}", params={"wait": 20}).json()
        assert job["status"] == "done" and job["records"][0]["status"] == "ok"
        done = c.get(f"/jobs/{job_id}")
        assert "refresh" not in done.headers and '<meta http-equiv="refresh"' not in done.text
        assert 'class="ql-input-ok"' in done.text
        assert 'lang="de">fertig</span>' in done.text and 'lang="en">done</span>' in done.text
        # the finished job's article is on the pages (the views were refreshed before the job was marked done)
        assert job["records"][0]["article_id"] in c.get("/").text
        assert [j["id"] for j in c.get("/api/jobs").json()] == [job_id]


def test_a_full_queue_answers_503_and_queues_nothing(store_path, gate):
    opened, started = gate
    with TestClient(create_app(store_path, job_runner="thread", max_queued=1), base_url=BASE) as c:
        first = c.post("/add", data={"text": "Der erste Text über den Brand."})
        assert first.status_code == 202 and started.wait(10)  # running: the queue is empty again
        second = c.post("/add", data={"text": "Der zweite Text über den Brand."})
        assert second.status_code == 202  # waits in the one place of the queue
        assert 'data-status="queued"' in second.text
        third = c.post("/api/articles", json={"text": "Der dritte Text über den Brand."})
        assert third.status_code == 503 and "queue is full" in third.json()["detail"]
        assert third.headers["retry-after"]
        fourth = c.post("/add", data={"text": "Der vierte Text über den Brand."})
        assert fourth.status_code == 503
        assert len(c.get("/api/jobs").json()) == 2
        opened.set()
        for r in (first, second):
            job = c.get("/api" + r.headers["location"], params={"wait": 20}).json()
            assert job["status"] == "done", job
        assert c.post("/api/articles", json={"text": "Der fünfte Text über den Brand."}).status_code == 202


def test_unknown_job_is_404(store_path):
    with TestClient(create_app(store_path, job_runner="thread"), base_url=BASE) as c:
        assert c.get("/api/jobs/0123456789abcdef").status_code == 404
        assert c.get("/jobs/0123456789abcdef").status_code == 404


def test_a_failing_job_says_why_and_the_worker_goes_on(store_path, monkeypatch):
    calls = []

    def runner(spec):
        calls.append(spec.text)
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        return [InputRecord(source="paste", status="ok", article_id="x1")]

    runner.close = lambda: None
    runner.warm = lambda mode: None
    queue = JobQueue(runner, max_queued=4)
    try:
        bad = queue.submit(JobSpec(store_path="unused", text="eins"), "add", "paste")
        good = queue.submit(JobSpec(store_path="unused", text="zwei"), "add", "paste")
        assert good.done.wait(10) and bad.done.is_set()
        assert bad.status == "error" and "disk on fire" in bad.error and bad.spec is None
        assert good.status == "done" and good.records[0].article_id == "x1"
    finally:
        queue.close()


def test_worker_process_writes_to_the_store_and_is_stopped_at_the_time_limit(tmp_path):
    """The real runner: a child process analyses (fast NER) and stores; a job past the time limit is killed."""
    path = tmp_path / "child.duckdb"
    Store(path).close()
    runner = ProcessRunner(time_limit=120)
    try:
        records = runner(JobSpec(store_path=str(path), ner_mode="fast", text="Die Polizei in Berlin sagte am Montag, "
                                 "der Brand in der Lagerhalle sei gelöscht.", source="api"))
        assert [r.status for r in records] == ["ok"]
        with Store(path, read_only=True) as db:  # written by the child, read here
            assert db.article_ids() == [records[0].article_id]
        runner.time_limit = 0.5
        long_text = "Die Polizei sagte am Montag, der Brand sei gelöscht. " * 5000
        with pytest.raises(JobFailed, match="time limit"):
            runner(JobSpec(store_path=str(path), ner_mode="fast", text=long_text))
        assert runner._proc is None  # killed; the next job starts a new process
    finally:
        runner.close()


SAME_TEXT = ("Der Sprecher von Siemens Energy, Jan Wörner, sagte in München, die Firma habe 300 Stellen gestrichen. "
             "Laut ZDF kritisierte die Gewerkschaft IG Metall das Vorgehen.")


def _names(mentions) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in mentions if m.kind in ("name", "acronym")]


def test_web_app_ingest_and_brief_find_the_same_entities(tmp_path):
    """Same analysis everywhere: one text through `brief`, `ingest` and the web app (real NER, default mode)."""
    import json

    from typer.testing import CliRunner

    from quellenlage.cli import app as cli
    from quellenlage.context import Options
    from quellenlage.ingest import build_article
    from quellenlage.model import ArticleAnnotations, Briefing
    from quellenlage.pipeline import analyse

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "artikel.txt").write_text(SAME_TEXT, encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(cli, ["brief", str(folder), "-o", str(tmp_path / "out"), "--no-html", "--workers", "1"])
    assert out.exit_code == 0, out.output
    briefing = Briefing.model_validate(json.loads((tmp_path / "out" / "briefing.json").read_text(encoding="utf-8")))
    by_brief = _names(briefing.annotations[0].mentions)

    out = runner.invoke(cli, ["ingest", str(folder), "--store", str(tmp_path / "ingest.duckdb")])
    assert out.exit_code == 0, out.output
    with Store(tmp_path / "ingest.duckdb") as db:
        by_ingest = _names(db.annotations()[0].mentions)

    with TestClient(create_app(tmp_path / "web.duckdb", job_runner="thread"), base_url=BASE) as c:
        r = c.post("/api/articles", json={"text": SAME_TEXT})
        job = c.get(r.headers["location"], params={"wait": 30}).json()
        assert job["status"] == "done", job
        article_id = job["records"][0]["article_id"]
        ann = ArticleAnnotations.model_validate(c.get(f"/api/articles/{article_id}/annotations").json())
        by_web = _names(ann.mentions)

    assert by_brief and by_brief == by_ingest == by_web
    # the check has teeth: the other NER mode labels this text differently
    fast = analyse(build_article({"text": SAME_TEXT}, "x"), Options(ner_mode="fast"))
    assert _names(fast.mentions) != by_brief
