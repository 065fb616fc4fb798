"""Streamed inputs: JSONL .gz/.zst and large plain JSONL line by line, WARC record by record, lazily; a streamed
ingest killed with SIGKILL and run again loses and duplicates nothing."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quellenlage.ingest import iter_inputs, read_inputs
from quellenlage.ingest.streams import count_inputs

ROOT = Path(__file__).resolve().parent.parent


def text(i: int) -> str:
    return (f"Meldung {i}: Die Feuerwehr in Kessbach teilte mit, dass am Montag {i + 2} Menschen bei einem Brand "
            f"in der Lagerhalle Nummer {i} verletzt worden seien. Die Polizei ermittelt.")


def lines(n: int) -> list[str]:
    rows = [json.dumps({"text": text(i), "outlet": "Hafenblatt", "title": f"Brand {i}"}, ensure_ascii=False)
            for i in range(n)]
    rows[2] = "{kein json"
    rows[4] = json.dumps({"title": "ohne Text"})
    rows.insert(6, "")  # blank lines are no inputs
    return rows


def statuses(records) -> list[tuple[str, str]]:
    return [(r.source.rsplit("#", 1)[1], r.status if r.status != "error" else r.error_kind) for r in records]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst", ".ndjson.zst"])
def test_compressed_jsonl_reads_like_the_plain_file(tmp_path, suffix):
    data = ("\n".join(lines(8)) + "\n").encode("utf-8")
    plain = tmp_path / "feed.jsonl"
    plain.write_bytes(data)
    packed = tmp_path / f"feed{suffix}"
    packed.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else zstandard.ZstdCompressor().compress(data))
    a_arts, a_recs = read_inputs([str(plain)])
    b_arts, b_recs = read_inputs([str(packed)])
    assert statuses(b_recs) == statuses(a_recs)
    assert statuses(b_recs)[:4] == [("1", "ok"), ("2", "ok"), ("3", "bad_json"), ("4", "ok")]
    assert len(b_recs) == 8 and len(b_arts) == 6  # 8 lines with content: 6 articles, 2 error records
    same = lambda a: a.model_dump(exclude={"id", "source"})  # noqa: E731 (the file name is part of both)
    assert [same(a) for a in b_arts] == [same(a) for a in a_arts]


def test_a_jsonl_file_over_the_size_limit_is_streamed_line_by_line(tmp_path):
    rows = lines(12)
    rows[8] = json.dumps({"text": "x" * 5000})  # one line over the limit: its own record, the rest go on
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert path.stat().st_size > 4000
    arts, recs = read_inputs([str(path)], max_bytes=4000)
    kinds = dict(statuses(recs))
    assert kinds["9"] == "too_large" and kinds["10"] == "ok" and kinds["3"] == "bad_json"
    assert len(recs) == 12 and len(arts) == 9
    small, _ = read_inputs([str(tmp_path / "big.jsonl")])  # under the default limit: read whole, same articles
    assert [a.text for a in small if len(a.text) < 4000] == [a.text for a in arts]


def test_a_truncated_gzip_keeps_the_lines_before_the_break(tmp_path):
    data = ("\n".join(json.dumps({"text": text(i) + " " + os.urandom(300).hex()}) for i in range(400)) + "\n").encode()
    packed = gzip.compress(data)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    arts, recs = read_inputs([str(path)])
    assert 100 < len(arts) < 400
    lines_read = len(recs) - 1
    assert [r.source for r in recs[:-1]] == [f"{path}#{i}" for i in range(1, lines_read + 1)]
    assert [r.status for r in recs[:len(arts)]] == ["ok"] * len(arts)
    assert lines_read == len(arts) + 1 and recs[-2].error_kind == "bad_json"  # the line cut in two: its own record
    assert recs[-1].source == str(path) and recs[-1].error_kind == "broken_stream"
    assert f"after line {lines_read}" in recs[-1].message


def page(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p>"
            f"<p>{body} Weitere Einzelheiten nannte die Behörde nicht.</p></article></body></html>").encode("utf-8")


def write_warc(path: Path) -> None:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        responses = [("200 OK", "text/html; charset=utf-8", page("Brand in Kessbach", text(1))),
                     ("404 Not Found", "text/html", b"<html><body>nicht gefunden</body></html>"),
                     ("200 OK", "image/png", b"\x89PNG\r\n\x1a\n...."),
                     ("200 OK", "text/html", page("Streik in Lindenau", text(2)))]
        for i, (status, ctype, body) in enumerate(responses):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            uri = f"https://www.hafenblatt.example/artikel/{i}"
            w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def test_warc_html_responses_become_articles_and_other_records_are_accounted_for(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    arts, recs = read_inputs([str(path)])
    # record 1 is warcinfo, requests are even: no input records for what describes the crawl
    assert statuses(recs) == [("3", "ok"), ("5", "skipped"), ("7", "skipped"), ("9", "ok")]
    assert "HTTP status 404" in recs[1].message and "image/png" in recs[2].message
    assert [a.title for a in arts] == ["Brand in Kessbach", "Streik in Lindenau"]
    assert arts[0].url == "https://www.hafenblatt.example/artikel/0"  # the page names none: the target URI
    assert "Lagerhalle Nummer 1" in arts[0].text and arts[0].encoding == "utf-8"
    cut = tmp_path / "cut.warc.gz"  # a download cut off inside the last record
    cut.write_bytes(path.read_bytes()[:-60])
    _, recs = read_inputs([str(cut)])
    assert statuses(recs[:3]) == [("3", "ok"), ("5", "skipped"), ("7", "skipped")]
    assert recs[-1].source == str(cut) and recs[-1].error_kind == "broken_stream"
    assert "breaks off after record 9" in recs[-1].message


def test_inputs_are_read_lazily_and_read_inputs_is_the_same_list(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text(ord(name[0])), encoding="utf-8")
    stream = iter_inputs([str(tmp_path)])
    first = next(stream)
    assert first[1].source.endswith("a.txt") and first[0] is not None
    (tmp_path / "c.txt").unlink()  # not read yet: the stream finds it gone and says so
    rest = list(stream)
    assert [r.status for _, r in rest] == ["ok", "error"] and rest[1][1].source.endswith("c.txt")
    arts, recs = read_inputs([str(tmp_path)])
    assert [r.source for r in recs] == [r.source for _, r in iter_inputs([str(tmp_path)])]


def test_progress_totals_are_known_for_files_and_plain_jsonl_only(tmp_path):
    (tmp_path / "d").mkdir()
    for name in ("a.txt", "b.md"):
        (tmp_path / "d" / name).write_text(text(1), encoding="utf-8")
    (tmp_path / "f.jsonl").write_text("\n".join(lines(5)) + "\n", encoding="utf-8")
    assert count_inputs([str(tmp_path / "d"), str(tmp_path / "f.jsonl")], 10**6) == 2 + 6
    (tmp_path / "g.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n'))
    assert count_inputs([str(tmp_path / "d"), str(tmp_path / "g.jsonl.gz")], 10**6) is None
    assert count_inputs(["-"], 10**6) is None


# ------------------------------------------------------------------------------------------ kill -9 and resume
FAKE_ANALYSIS = '''
import time
from quellenlage import pipeline
from quellenlage.model import ArticleAnnotations, Claim


def fake_analyse_many(articles, options=None, workers=None, progress=None):
    time.sleep(0.03 * len(articles))  # slow enough that the kill lands in the middle
    return [ArticleAnnotations(article_id=a.id, claims=[Claim(article_id=a.id, start=0, end=7, text=a.text[:7],
                                                              id=a.id + "-c1", sentence_index=0)]) for a in articles]


pipeline.analyse_many = fake_analyse_many
'''

RUNNER = FAKE_ANALYSIS + '''
import sys
from quellenlage.store import Store
from quellenlage.store.ingest import iter_ingest

with Store(sys.argv[1]) as db:
    for record in iter_ingest(db, [sys.argv[2]], batch=2):
        print(record.status, record.source, flush=True)
'''


def test_a_streamed_ingest_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path):
    from quellenlage.store import Store

    n = 60
    rows = [json.dumps({"text": text(i)}) for i in range(n)] + [json.dumps({"text": text(5)}), "kaputt"]
    feed = tmp_path / "feed.jsonl.zst"
    feed.write_bytes(zstandard.ZstdCompressor().compress(("\n".join(rows) + "\n").encode()))
    store = tmp_path / "s.duckdb"
    script = tmp_path / "run_ingest.py"
    script.write_text(textwrap.dedent(RUNNER), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(script), str(store), str(feed)], stdout=subprocess.PIPE, text=True,
                            env=env, cwd=tmp_path)
    seen = 0
    for line in proc.stdout:
        seen += line.startswith("ok ")
        if seen == 10:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL and seen == 10
    with Store(store, read_only=True) as db:
        stored_before = db.count()
    assert 10 <= stored_before < n  # killed in the middle

    result = subprocess.run([sys.executable, str(script), str(store), str(feed)], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    again = [line.split(" ", 1) for line in result.stdout.splitlines()]
    assert sum(s == "ok" for s, _ in again) == n - stored_before  # only what was missing was analysed
    with Store(store, read_only=True) as db:
        assert db.count() == n  # every distinct text once
        assert db._query("SELECT count(*) FROM annotations")[0][0] == n
        assert db._query("SELECT count(*) FROM claims")[0][0] == n  # no flat row written twice
        assert db._query("SELECT count(DISTINCT content_hash) FROM articles")[0][0] == n
        latest = {r.source: r for r in db.inputs()}
    assert set(latest) == {f"{feed}#{i}" for i in range(1, n + 3)}  # every line has its record
    assert latest[f"{feed}#{n + 1}"].status == "duplicate" and latest[f"{feed}#{n + 2}"].error_kind == "bad_json"
