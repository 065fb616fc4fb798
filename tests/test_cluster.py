"""The per-article stage on Dask: same briefing as one local worker, a killed worker loses no article, bounded
in-flight work, joined clusters. Each test starts a small LocalCluster (2 worker processes)."""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
from pathlib import Path

import cloudpickle
import pytest
from typer.testing import CliRunner

from quellenlage.cli import app
from quellenlage.context import Options
from quellenlage.model import Article, ArticleAnnotations
from quellenlage.scale import analyse_stream, parse_cluster
from quellenlage.scale.cluster import ClusterSpec

# The task functions below are defined in this test module, which the workers cannot import: send them by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

CORPUS = {
    "brand-a.txt": "Großbrand in Lindenau\n\nIn einer Lagerhalle in Lindenau ist am Dienstagabend ein Feuer ausgebrochen. "
                   "Nach Angaben der Feuerwehr wurden zwölf Menschen verletzt. „Die Halle ist nicht mehr zu retten“, "
                   "sagte Einsatzleiter Tobias Rehm. Die Polizei ermittelt zur Ursache.",
    "brand-b.txt": "Feuer in Lindenauer Lagerhalle\n\nBei einem Brand in einer Lagerhalle in Lindenau sind nach Angaben "
                   "der Feuerwehr zwölf Menschen verletzt worden. Der Betreiber wies Vorwürfe zurück, der Brandschutz "
                   "sei mangelhaft gewesen. Ein Sprecher der Stadt sagte, die Anwohner sollten Fenster geschlossen halten.",
    "brand-c.txt": "Lindenau: Zahl der Verletzten gestiegen\n\nNach dem Brand in Lindenau sind laut Polizei inzwischen "
                   "fünfzehn Menschen verletzt. Die Feuerwehr hatte zunächst von zwölf Verletzten gesprochen. "
                   "Die Ermittlungen dauern an.",
    "streik-a.txt": "Streik legt Nahverkehr in Kessbach lahm\n\nIn Kessbach fahren seit Mittwochmorgen keine Busse. "
                    "Die Gewerkschaft sagte, rund 800 Beschäftigte beteiligten sich am Warnstreik. Der Verkehrsbetrieb "
                    "bezeichnete den Streik als unverhältnismäßig.",
    "streik-b.txt": "Warnstreik in Kessbach\n\nRund 800 Beschäftigte des Verkehrsbetriebs in Kessbach haben nach Angaben "
                    "der Gewerkschaft die Arbeit niedergelegt. Bürgermeisterin Ilse Vogt sagte, sie hoffe auf eine "
                    "schnelle Einigung.",
}


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.4 not an article")
    return folder


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as c:
        yield c


def test_cluster_option_is_parsed_or_refused():
    assert parse_cluster("local:3") == ClusterSpec(workers=3)
    assert parse_cluster("local").workers == (os.cpu_count() or 1)
    assert parse_cluster("tcp://10.0.0.5:8786") == ClusterSpec(address="tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "10.0.0.5:8786", "http://host:1", "tcp://host", ""):
        with pytest.raises(ValueError):
            parse_cluster(bad)
    result = CliRunner().invoke(app, ["brief", "x.txt", "--cluster", "lokal:2"])
    assert result.exit_code == 2 and "local:N" in result.output


def briefing_without_timestamp(out: Path) -> dict:
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data


def test_brief_on_a_local_cluster_equals_one_local_worker(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    runner = CliRunner()
    base = ["brief", str(corpus), "--ner", "fast", "--no-html"]
    one = runner.invoke(app, base + ["-o", str(tmp_path / "one"), "--workers", "1"])
    assert one.exit_code == 0, one.output
    dask = runner.invoke(app, base + ["-o", str(tmp_path / "dask"), "--cluster", "local:2"])
    assert dask.exit_code == 0, dask.output
    a, b = briefing_without_timestamp(tmp_path / "one"), briefing_without_timestamp(tmp_path / "dask")
    assert len(a["articles"]) == 5 and len(a["stories"]) >= 2 and a["claim_groups"]  # a real briefing
    for key in ("stories", "claim_groups", "inputs", "annotations", "figure_table", "denials"):
        assert a[key] == b[key], key
    assert a == b


class KillOnce:
    """analyse, except that the first worker to get `victim` dies of SIGKILL while holding it (once)."""

    def __init__(self, victim: str, marker: Path):
        self.victim, self.marker = victim, marker

    def __call__(self, article: Article, options: Options) -> ArticleAnnotations:
        import time

        if article.id == self.victim and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.05)  # tasks still queued on the dying worker when it goes
        return ArticleAnnotations(article_id=article.id, errors=[])


def small_articles(n: int) -> list[Article]:
    return [Article(id=f"a{i}", source=f"t{i}", text=f"Text {i}.", language="de") for i in range(n)]


def test_a_killed_worker_loses_no_article(client, tmp_path):
    articles = small_articles(12)
    marker = tmp_path / "killed"
    items = ((a, a.id) for a in articles)
    out = list(analyse_stream(items, Options(), client=client, fn=KillOnce("a3", marker), max_in_flight=6))
    assert marker.exists()  # a worker really died holding a3
    assert sorted(p for p, _ in out) == sorted(a.id for a in articles)  # each article once, none lost
    assert all(ann.article_id == p and not ann.errors for p, ann in out)
    client.wait_for_workers(2, timeout=60)  # the nanny replaced the dead worker


def always_fails(article: Article, options: Options) -> ArticleAnnotations:
    raise RuntimeError(f"cannot analyse {article.id}")


def test_a_failing_task_is_retried_then_recorded_on_its_article(client):
    out = list(analyse_stream([(a, a.id) for a in small_articles(2)], Options(), client=client, fn=always_fails,
                              retries=1))
    assert sorted(p for p, _ in out) == ["a0", "a1"]
    for p, ann in out:
        assert ann.article_id == p and ann.errors[0].stage == "cluster" and "cannot analyse" in ann.errors[0].message


def quick(article: Article, options: Options) -> ArticleAnnotations:
    return ArticleAnnotations(article_id=article.id)


def test_in_flight_work_is_bounded_and_records_without_article_pass_through(client):
    pulled, consumed = [], []

    def items():
        for i, a in enumerate(small_articles(30)):
            pulled.append(a.id)
            yield (None, f"record-{i}") if i % 5 == 0 else (a, a.id)

    for payload, ann in analyse_stream(items(), Options(), client=client, fn=quick, max_in_flight=3):
        consumed.append(payload)
        with_article = [p for p in pulled if int(p[1:]) % 5]
        done = [p for p in consumed if not p.startswith("record-")]
        assert len(with_article) - len(done) <= 3  # never more than 3 articles submitted and not consumed
        assert (ann is None) == payload.startswith("record-")
    assert len(consumed) == 30


def test_ingest_on_a_joined_cluster_stores_what_a_local_ingest_stores(client, tmp_path):
    from quellenlage.store import Store

    corpus = write_corpus(tmp_path / "in")
    runner = CliRunner()
    local = runner.invoke(app, ["ingest", str(corpus), "--store", str(tmp_path / "local.duckdb")])
    assert local.exit_code == 0, local.output
    joined = runner.invoke(app, ["ingest", str(corpus), "--store", str(tmp_path / "dask.duckdb"),
                                 "--cluster", client.scheduler.address])
    assert joined.exit_code == 0, joined.output
    assert "5 stored, 0 already there, 1 rejected" in joined.output
    with Store(tmp_path / "local.duckdb", read_only=True) as a, Store(tmp_path / "dask.duckdb", read_only=True) as b:
        assert sorted(a.article_ids()) == sorted(b.article_ids())
        key = lambda n: n.article_id  # noqa: E731 (results arrive in completion order on the cluster)
        assert sorted(a.annotations(), key=key) == sorted(b.annotations(), key=key)
        assert sorted((r.source, r.status) for r in a.inputs()) == sorted((r.source, r.status) for r in b.inputs())


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("quellenlage.scale.cluster.CONNECT_TIMEOUT_S", 2)
    (tmp_path / "a.txt").write_text(CORPUS["brand-a.txt"], encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"),
                                      "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask cluster tcp://127.0.0.1:9" in result.output
