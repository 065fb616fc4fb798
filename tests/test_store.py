"""DuckDB store: lossless round trip, idempotent re-ingest, crash safety, export, CLI."""
from __future__ import annotations

import json

import duckdb
import pytest

import report_fixture as fx
from quellenlage.model import InputRecord
from quellenlage.store import Store
from quellenlage.store.ingest import ingest_articles


@pytest.fixture
def fake_analysis(monkeypatch):
    """Replace the per-article stages with the fixture's annotations (fast, deterministic); counts calls."""
    anns = {a.article_id: a for a in fx.annotations(fx.articles())}
    calls = []

    def analyse_many(articles, options=None, workers=None, progress=None):
        calls.append([a.id for a in articles])
        return [anns[a.id] for a in articles]

    monkeypatch.setattr("quellenlage.pipeline.analyse_many", analyse_many)
    return calls


def records_for(articles):
    return [InputRecord(source=f"tests/{a.id}.txt", status="ok", article_id=a.id) for a in articles]


def test_round_trip_is_lossless(tmp_path, fake_analysis):
    arts = fx.articles()
    with Store(tmp_path / "s.duckdb") as db:
        out = ingest_articles(db, arts, records_for(arts))
        assert [r.status for r in out] == ["ok"] * 3
        assert db.articles() == arts
        assert db.annotations() == fx.annotations(arts)
        assert db.article("a3").title == fx.HOSTILE_TITLE
        assert db.annotation("nope") is None
    # reopened from disk
    with Store(tmp_path / "s.duckdb", read_only=True) as db:
        assert db.count() == 3
        assert db.articles(["a2"]) == [arts[1]]
        assert [r.article_id for r in db.inputs()] == ["a1", "a2", "a3"]


def test_reingest_is_idempotent_by_content_hash(tmp_path, fake_analysis):
    arts = fx.articles()
    with Store(tmp_path / "s.duckdb") as db:
        ingest_articles(db, arts, records_for(arts))
        generation = db.generation()
        again = ingest_articles(db, arts, records_for(arts))
        assert [r.status for r in again] == ["duplicate"] * 3
        assert db.count() == 3
        assert len(fake_analysis) == 1  # second run analysed nothing
        assert db._query("SELECT count(*) FROM claims")[0][0] == 5
        assert db.generation() > generation
        # latest record per source only
        assert [r.status for r in db.inputs()] == ["duplicate"] * 3
        assert len(db.inputs(latest=False)) == 6


def test_same_id_other_text_is_kept_under_a_new_id(tmp_path, fake_analysis, monkeypatch):
    arts = fx.articles()
    with Store(tmp_path / "s.duckdb") as db:
        ingest_articles(db, arts[:1], records_for(arts[:1]))
        other = arts[0].model_copy(update={"text": arts[0].text + " Nachtrag.", "content_hash": "hash-a1-v2"})
        monkeypatch.setattr("quellenlage.pipeline.analyse_many",
                            lambda articles, *a, **k: [fx.annotations(fx.articles())[0].model_copy(
                                update={"article_id": x.id, "claims": []}) for x in articles])
        out = ingest_articles(db, [other], records_for([other]))
        assert out[0].article_id != "a1" and out[0].article_id.startswith("a1-")
        assert db.count() == 2
        assert db.article(out[0].article_id).flagged[0].article_id == out[0].article_id


def test_interrupted_ingest_keeps_what_was_written(tmp_path, monkeypatch):
    arts = fx.articles()
    anns = {a.article_id: a for a in fx.annotations(arts)}
    done = []

    def analyse_many(articles, options=None, workers=None, progress=None):
        if len(done) == 2:
            raise KeyboardInterrupt  # the user pressed Ctrl-C during the third article
        done.extend(a.id for a in articles)
        return [anns[a.id] for a in articles]

    monkeypatch.setattr("quellenlage.pipeline.analyse_many", analyse_many)
    path = tmp_path / "s.duckdb"
    with Store(path) as db:
        with pytest.raises(KeyboardInterrupt):
            ingest_articles(db, arts, records_for(arts), batch=1)
    with Store(path) as db:  # a fresh process sees the first two, complete
        assert db.article_ids() == ["a1", "a2"]
        assert db.annotations() == [anns["a1"], anns["a2"]]
        done.clear()
        out = ingest_articles(db, arts, records_for(arts), batch=1)
        assert [r.status for r in out] == ["duplicate", "duplicate", "ok"]
        assert done == ["a3"]
        assert db.count() == 3


def test_failed_write_rolls_back_the_whole_article(tmp_path, fake_analysis, monkeypatch):
    arts = fx.articles()
    with Store(tmp_path / "s.duckdb") as db:
        def boom(*a, **k):
            raise RuntimeError("disk full")

        monkeypatch.setattr(db, "_insert_flat", boom)
        with pytest.raises(RuntimeError):
            db.add(arts[0], fx.annotations(arts)[0])
        assert db.count() == 0
        assert db._query("SELECT count(*) FROM annotations")[0][0] == 0


def test_export_parquet_and_jsonl(tmp_path, fake_analysis):
    arts = fx.articles()
    with Store(tmp_path / "s.duckdb") as db:
        ingest_articles(db, arts, records_for(arts))
        pq = db.export(tmp_path / "pq", "parquet")
        js = db.export(tmp_path / "js", "jsonl")
        with pytest.raises(Exception):
            db.export(tmp_path / "x", "csv")
    assert {p.name for p in pq} >= {"articles.parquet", "annotations.parquet", "claims.parquet", "inputs.parquet"}
    assert {p.name for p in js} >= {"articles.jsonl", "annotations.jsonl", "claims.jsonl", "inputs.jsonl"}
    con = duckdb.connect()
    claims = con.execute(f"SELECT id, text, source FROM read_parquet('{tmp_path}/pq/claims.parquet') ORDER BY id").fetchall()
    assert claims[0] == ("a1-c1", arts[0].text[arts[0].text.index("Bei einem"):arts[0].text.index("worden.") + 7], "der Polizei")
    lines = (tmp_path / "js" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    row = json.loads(lines[2])
    assert row["title"] == fx.HOSTILE_TITLE
    from quellenlage.model import Article
    assert Article.model_validate_json(row["data"]) == arts[2]


def test_search(tmp_path, fake_analysis):
    arts = fx.articles()
    with Store(tmp_path / "s.duckdb") as db:
        ingest_articles(db, arts, records_for(arts))
        hits = db.search_claims("zwölf menschen")
        assert {h["article_id"] for h in hits} == {"a1", "a3"}
        assert all(arts[0].text[h["start"]:h["end"]] == h["text"] for h in hits if h["article_id"] == "a1")
        assert db.search_claims("100%") == []  # LIKE wildcards are literal
        assert [m["text"] for m in db.search_mentions("brenner")] == ["Brenner", "Karl Brenner"]


def test_ingest_files_with_the_real_pipeline_and_cli(tmp_path):
    """End to end on two short texts written here: files → store → briefing; the CLI twice is idempotent."""
    from typer.testing import CliRunner

    from quellenlage.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "eins.txt").write_text("Brand in Musterstadt\n\nDie Polizei sagte, in Musterstadt habe es am Montag "
                                     "gebrannt. Zwei Menschen wurden verletzt.", encoding="utf-8")
    (folder / "zwei.txt").write_text("Feuer\n\nNach Angaben der Feuerwehr wurden drei Menschen verletzt.", encoding="utf-8")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4")
    store = tmp_path / "s.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--store", str(store)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ingest", str(folder), "--store", str(store)])
    assert second.exit_code == 0, second.output
    with Store(store) as db:
        assert db.count() == 2
        statuses = sorted(r.status for r in db.inputs())
        assert statuses == ["duplicate", "duplicate", "error"]
        assert all(len(a.sentences) > 0 for a in db.annotations())
        briefing = db.briefing()
        assert {a.id for a in briefing.articles} == set(db.article_ids())
        assert db.briefing() == briefing  # cached
    out = runner.invoke(app, ["export", "--store", str(store), "--format", "jsonl", "-o", str(tmp_path / "exp")])
    assert out.exit_code == 0, out.output
    assert len((tmp_path / "exp" / "articles.jsonl").read_text().splitlines()) == 2
    missing = runner.invoke(app, ["export", "--store", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "e2")])
    assert missing.exit_code == 1


def test_paste_that_is_only_zero_width_characters_is_an_error_record(tmp_path):
    from quellenlage.store import Store, ingest_text

    store = Store(tmp_path / "s.duckdb")
    record = ingest_text(store, "\u200b\u200b\u200b  \u200b")
    assert record.status == "error" and record.error_kind
    store.close()
