"""`export --format parquet`: article-keyed tables as Hive-style datasets partitioned by publication day."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
from typer.testing import CliRunner

import report_fixture as fx
from quellenlage.cli import app
from quellenlage.model import Article, ArticleAnnotations, InputRecord
from quellenlage.store import Store

LATE = "Nachtrag aus Musterstadt\n\nDie Polizei hat die Sperrung der Lagerstraße am Abend aufgehoben."
UNDATED = "Ohne Datum\n\nDie Stadt Musterstadt prüft nach dem Brand ihre Brandschutzregeln."


def _store(path):
    """The fixture's three articles (2024-10-21 twice, 2024-10-22), one written at 00:30 local time (+02:00) on
    2024-10-23, one undated."""
    arts = fx.articles()
    anns = fx.annotations(arts)
    late = Article(id="a4", source="tests/a4.txt", outlet="Abendpost", title="Nachtrag", language="de", text=LATE,
                   published=datetime(2024, 10, 23, 0, 30, tzinfo=timezone(timedelta(hours=2))), content_hash="hash-a4")
    undated = Article(id="a5", source="tests/a5.txt", outlet="Stadtblatt", title="Ohne Datum", language="de",
                      text=UNDATED, content_hash="hash-a5")
    with Store(path) as db:
        for a, n in zip(arts + [late, undated], anns + [ArticleAnnotations(article_id="a4"),
                                                        ArticleAnnotations(article_id="a5")]):
            db.add(a, n, InputRecord(source=a.source, status="ok", article_id=a.id))
    return path


def _days(folder) -> dict[str, int]:
    """published_day -> rows, read back as one dataset (DuckDB types an all-dates partition column as DATE)."""
    con = duckdb.connect()
    rows = con.execute(f"SELECT published_day::VARCHAR, count(*) FROM read_parquet('{folder}/**/*.parquet', "
                       "hive_partitioning = true) GROUP BY 1 ORDER BY 1").fetchall()
    return dict(rows)


def test_article_tables_are_partitioned_by_publication_day(tmp_path):
    store = _store(tmp_path / "s.duckdb")
    with Store(store, read_only=True) as db:
        written = db.export(tmp_path / "pq", "parquet")
        claims_stored = db._query("SELECT count(*) FROM claims")[0][0]
    names = {p.name for p in written}
    assert {"articles.parquet", "claims.parquet", "mentions.parquet", "inputs.parquet"} <= names
    articles = tmp_path / "pq" / "articles.parquet"
    assert articles.is_dir()
    assert sorted(p.name for p in articles.iterdir()) == [
        "published_day=2024-10-21", "published_day=2024-10-22", "published_day=2024-10-23", "published_day=unknown"]
    # the day as the timestamp writes it (00:30 at +02:00 is the 23rd, though the 22nd in UTC)
    assert _days(articles) == {"2024-10-21": 2, "2024-10-22": 1, "2024-10-23": 1, "unknown": 1}
    # annotation tables follow their article's day; every row is exported once
    assert _days(tmp_path / "pq" / "claims.parquet") == {"2024-10-21": 4, "2024-10-22": 1}
    assert sum(_days(tmp_path / "pq" / "claims.parquet").values()) == claims_stored
    # a partition holds whole rows: the claim text and its article's outlet come back together
    con = duckdb.connect()
    rows = con.execute(f"SELECT c.id, a.outlet FROM read_parquet('{tmp_path}/pq/claims.parquet/published_day=2024-10-22/*.parquet') c "
                       f"JOIN read_parquet('{articles}/**/*.parquet', hive_partitioning = true) a ON a.id = c.article_id").fetchall()
    assert rows == [("a3-c1", fx.HOSTILE_OUTLET)]
    # inputs are no article table: one file
    assert (tmp_path / "pq" / "inputs.parquet").is_file()


def test_a_table_without_rows_is_still_a_readable_dataset(tmp_path):
    store = _store(tmp_path / "s.duckdb")
    with Store(store, read_only=True) as db:
        assert db._query("SELECT count(*) FROM times")[0][0] == 0
        db.export(tmp_path / "pq", "parquet")
    con = duckdb.connect()
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{tmp_path}/pq/times.parquet/**/*.parquet', "
                                      "hive_partitioning = true)").fetchall()]
    assert cols[:2] == ["article_id", "id"] and "published_day" in cols
    assert con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/pq/times.parquet/**/*.parquet')").fetchone()[0] == 0


def test_export_again_replaces_the_datasets_and_jsonl_stays_one_file_per_table(tmp_path):
    store = _store(tmp_path / "s.duckdb")
    out = tmp_path / "pq"
    with Store(store, read_only=True) as db:
        db.export(out, "parquet")
        db.export(out, "parquet")  # no duplicated rows, no leftovers
        db.export(tmp_path / "js", "jsonl")
    assert sum(_days(out / "articles.parquet").values()) == 5
    assert (tmp_path / "js" / "claims.jsonl").is_file()


def test_cli_export_writes_the_partitioned_datasets(tmp_path):
    store = _store(tmp_path / "s.duckdb")
    result = CliRunner().invoke(app, ["export", "--store", str(store), "-o", str(tmp_path / "exp")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exp" / "claims.parquet" / "published_day=2024-10-21").is_dir()
