"""Hostile and odd inputs (issue 18): each input gets its own record, nothing raises out of ingest, nothing
hangs, accepted text is the right text, and briefing.md lets nothing from an article act as HTML.

Each test reproduces one failure seen before the fix (named in its docstring); the last ones run the generated
fuzz set through ingest and a sample through the whole brief job.
"""
import json
import os
import signal
import time
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest

from quellenlage.ingest import read_inputs

TEXT = "Die Feuerwehr meldete am Montag rund 200 Einsatzkräfte am Hafen. Die Lage sei ruhig, sagte ein Sprecher."


@contextmanager
def deadline(seconds: int, extra_memory: int = 2 << 30):
    """Fail instead of hanging the test run (a FIFO once blocked ingest forever) or eating the machine's memory
    (a link to /dev/zero was read until MemoryError)."""
    import resource

    def _raise(signum, frame):
        raise AssertionError(f"ingest did not return within {seconds}s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * resource.getpagesize()
    limit = used + extra_memory if hard == resource.RLIM_INFINITY else min(hard, used + extra_memory)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def by_name(records):
    return {r.source.rsplit("/", 1)[-1]: r for r in records}


def jsonl(path, *objs):
    path.write_text("\n".join(o if isinstance(o, str) else json.dumps(o) for o in objs), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------------------------ wrong types, lost lines
def test_wrong_typed_jsonl_fields_are_dropped_by_name_and_no_line_is_lost(tmp_path):
    """Was: an int url raised `argument of type 'int' is not iterable` and lost the 30 lines after it."""
    lines = [{"text": TEXT, "url": 5}, {"text": TEXT + " Zwei.", "title": 3.5, "published": True},
             {"text": TEXT + " Drei.", "outlet": ["a", "b"], "author": {"x": 1}}]
    lines += [{"text": f"{TEXT} Zeile {i}."} for i in range(30)]
    with deadline(60):
        articles, records = read_inputs([jsonl(tmp_path / "feed.jsonl", *lines)])
    assert [r.status for r in records] == ["ok"] * 33
    assert [r.source.rsplit("#", 1)[1] for r in records] == [str(i) for i in range(1, 34)]
    assert "url: a number, not a URL" in records[0].message and articles[0].url is None
    assert articles[1].title == "3.5"  # a number is a title written as digits
    assert "published: a true/false value, not a date" in records[1].message and articles[1].published is None
    assert "outlet: a list" in records[2].message and "author: a mapping" in records[2].message
    assert articles[2].author is None


def test_wrong_typed_text_and_non_objects_are_line_errors(tmp_path):
    path = jsonl(tmp_path / "f.jsonl", {"text": 7}, [1, 2], {"text": "   "}, "1" * 5000, {"text": TEXT})
    _, records = read_inputs([path])
    assert [(r.status, r.error_kind) for r in records] == [
        ("error", "no_text"), ("error", "no_text"), ("error", "no_text"), ("error", "bad_json"), ("ok", None)]
    assert "'text' is a number" in records[0].message


def test_wrong_typed_front_matter_fields(tmp_path):
    """Was: `url: 7` in front matter raised a TypeError out of ingest."""
    (tmp_path / "m.md").write_text(f"---\ntitle: 2026\nurl: 7\npublished: [1, 2]\noutlet: true\n---\n{TEXT}\n",
                                   encoding="utf-8")
    articles, records = read_inputs([str(tmp_path / "m.md")])
    assert records[0].status == "ok"
    assert articles[0].title == "2026" and articles[0].url is None and articles[0].published is None
    for field in ("url:", "published:", "outlet:"):
        assert field in records[0].message


# ------------------------------------------------------------------------------------ dates
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "1200-01-01"])
def test_out_of_range_dates_are_no_dates(tmp_path, value):
    """Was: `date value out of range` (OverflowError) out of ingest for year 1 or 9999 with a time zone."""
    articles, records = read_inputs([jsonl(tmp_path / "d.jsonl", {"text": TEXT, "published": value})])
    assert records[0].status == "ok" and articles[0].published is None
    assert "published: year" in records[0].message


@pytest.mark.parametrize("value", ["gestern", "now", "12", "Montag", "2024", "March", "vor 3 Tagen", "Hallo"])
def test_garbage_published_values_invent_no_date(tmp_path, value):
    """Was: "12" became the 1st of December this year, "gestern" yesterday, "2024" a made-up 1 December 2024."""
    articles, records = read_inputs([jsonl(tmp_path / "d.jsonl", {"text": TEXT, "published": value})])
    assert records[0].status == "ok" and articles[0].published is None
    assert "published:" in records[0].message


@pytest.mark.parametrize("value,expected", [("19. Oktober 2024", datetime(2024, 10, 19)),
                                            ("2026-03-04T10:15:00+01:00", datetime(2026, 3, 4, 9, 15)),
                                            ("Mon, 19 Oct 2024 10:00:00 +0200", datetime(2024, 10, 19, 8, 0))])
def test_absolute_dates_still_parse(tmp_path, value, expected):
    articles, records = read_inputs([jsonl(tmp_path / "d.jsonl", {"text": TEXT, "published": value})])
    assert articles[0].published == expected and records[0].message is None


# ------------------------------------------------------------------------------------ nesting, bombs
def test_deep_json_line_is_a_bad_line_and_the_others_stay(tmp_path):
    """Was: RecursionError out of ingest."""
    deep = "[" * 100_000 + "]" * 100_000
    path = jsonl(tmp_path / "deep.jsonl", {"text": TEXT}, '{"text": "x", "a": ' + deep + "}", {"text": TEXT + " B."})
    _, records = read_inputs([path])
    assert [(r.status, r.error_kind) for r in records] == [("ok", None), ("error", "bad_json"), ("ok", None)]
    assert "nested too deeply" in records[1].message


def test_deep_yaml_front_matter_is_an_error_record(tmp_path):
    """Was: RecursionError out of ingest."""
    (tmp_path / "deep.md").write_text("---\nx: " + "[" * 5000 + "]" * 5000 + f"\n---\n{TEXT}\n", encoding="utf-8")
    _, records = read_inputs([str(tmp_path / "deep.md")])
    assert (records[0].status, records[0].error_kind) == ("error", "bad_front_matter")
    assert "nested deeper" in records[0].message


def test_yaml_alias_bomb_is_never_expanded(tmp_path):
    """Was: a 300-byte alias bomb in `published` took ingest tens of seconds and grew the store by 300 MB."""
    levels = ["a0: &a0 [" + ",".join(['"lol"'] * 9) + "]"]
    levels += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    (tmp_path / "bomb.md").write_text("---\n" + "\n".join(levels) + f"\npublished: *a8\ntitle: *a8\n---\n{TEXT}\n",
                                      encoding="utf-8")
    t0 = time.perf_counter()
    articles, records = read_inputs([str(tmp_path / "bomb.md")])
    assert time.perf_counter() - t0 < 5
    assert records[0].status == "ok" and articles[0].published is None and articles[0].title is None
    assert len(articles[0].model_dump_json()) < 5000
    many = "\n".join(f"k{i}: *a0" for i in range(200))
    (tmp_path / "many.md").write_text("---\n" + levels[0] + "\n" + many + f"\n---\n{TEXT}\n", encoding="utf-8")
    _, records = read_inputs([str(tmp_path / "many.md")])
    assert records[0].error_kind == "bad_front_matter" and "aliases" in records[0].message


# ------------------------------------------------------------------------------------ empty kinds
def test_front_matter_only_and_bom_only_files_are_empty(tmp_path):
    """Was: `KeyError: 'text'` out of ingest for both."""
    (tmp_path / "head.md").write_text("---\ntitle: Nur ein Kopf\n---\n", encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    (tmp_path / "bom16.txt").write_bytes(b"\xff\xfe")
    (tmp_path / "zw.txt").write_text("\u200b\ufeff \u00a0\n", encoding="utf-8")
    _, records = read_inputs([str(tmp_path)])
    assert {n: (r.status, r.error_kind) for n, r in by_name(records).items()} == {
        "head.md": ("error", "empty"), "bom.txt": ("error", "empty"), "bom16.txt": ("error", "empty"),
        "zw.txt": ("error", "empty")}


def test_whitespace_only_jsonl_gets_a_record(tmp_path):
    """Was: a JSONL file of blank lines (non-breaking spaces) got no record at all."""
    (tmp_path / "blank.jsonl").write_text("\u00a0\n \n\u3000\n", encoding="utf-8")
    _, records = read_inputs([str(tmp_path / "blank.jsonl")])
    assert [(r.status, r.error_kind) for r in records] == [("error", "empty")]


def test_text_past_the_analysis_limit_is_rejected_with_a_reason(tmp_path):
    """Was: a 19 MB text was recorded "ok" and then never analysed (spaCy's max_length)."""
    (tmp_path / "huge.txt").write_text("Die Stadt prüft den Antrag. " * 40_000, encoding="utf-8")
    articles, records = read_inputs([str(tmp_path / "huge.txt")])
    assert not articles and records[0].error_kind == "too_long" and "1,000,000" in records[0].message


# ------------------------------------------------------------------------------------ special files
def test_fifo_device_and_link_loops_get_records_and_never_hang(tmp_path):
    """Was: a FIFO blocked the batch forever; a link to /dev/zero raised MemoryError; links got no record."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink("..", folder / "up")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    os.symlink(folder / "good.txt", folder / "link.txt")
    with deadline(30):
        articles, records = read_inputs([str(folder)])
        direct = by_name(read_inputs([str(folder / "pipe.txt"), str(folder / "zero.txt")])[1])
    got = {n: (r.status, r.error_kind) for n, r in by_name(records).items()}
    assert got == {"good.txt": ("ok", None), "link.txt": ("duplicate", None), "loop-a.txt": ("error", "special_file"),
                   "loop-b.txt": ("error", "special_file"), "pipe.txt": ("error", "special_file"),
                   "up": ("error", "special_file"), "zero.txt": ("error", "special_file")}
    assert "FIFO" in by_name(records)["pipe.txt"].message and "not followed" in by_name(records)["up"].message
    assert len(articles) == 1
    assert direct["pipe.txt"].error_kind == direct["zero.txt"].error_kind == "special_file"


def test_hidden_files_and_a_broken_sidecar_are_accounted_for(tmp_path):
    """Was: dot-files got no record, and a broken articles.csv rejected every file of its folder."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT + " Noch ein Satz.", encoding="utf-8")
    (tmp_path / ".notes.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "articles.csv").write_bytes(b"file,outlet\n\x00\x00\x89PNG\x00," * 20)
    _, records = read_inputs([str(tmp_path)])
    got = {n: (r.status, r.error_kind) for n, r in by_name(records).items()}
    assert got == {"a.txt": ("ok", None), "b.txt": ("ok", None), ".notes.txt": ("error", "skipped"),
                   "articles.csv": ("error", "bad_metadata")}


# ------------------------------------------------------------------------------------ readers
def test_svg_as_html_is_an_error_record(tmp_path):
    """Was: trafilatura's AssertionError out of ingest."""
    svg = ('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
           '<text x="1">Hallo</text></svg>')
    (tmp_path / "pic.html").write_text(svg, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    _, records = read_inputs([str(tmp_path)])
    got = by_name(records)
    assert got["pic.html"].status == "error" and got["pic.html"].error_kind in ("bad_html", "no_text")
    assert got["ok.txt"].status == "ok"


def test_a_reader_import_error_fails_the_file_not_the_batch(tmp_path, monkeypatch):
    """Was: a missing lxml_html_clean (jusText via trafilatura, lxml 6) crashed the batch at the first .html."""
    import trafilatura

    def broken(*args, **kwargs):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    (tmp_path / "p.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    _, records = read_inputs([str(tmp_path)])
    got = by_name(records)
    assert got["p.html"].error_kind == "reader_unavailable" and "lxml_html_clean" in got["p.html"].message
    assert got["ok.txt"].status == "ok"


def test_the_html_readers_dependency_is_installed_and_declared():
    import tomllib
    from pathlib import Path

    import justext  # noqa: F401  (imports lxml.html.clean, which lxml 6 moved to lxml_html_clean)

    deps = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.lower().replace("-", "_").startswith("lxml_html_clean") for d in deps)


# ------------------------------------------------------------------------------------ decoding
@pytest.mark.parametrize("text", ["Bürgermeister", "Größe", "Die Straße", "Über 200 Einsatzkräfte"])
def test_short_latin1_german_is_decoded_as_western(tmp_path, text):
    """Was: "Bürgermeister" in Latin-1 came out as "Bﮰrgermeister" (cp1006), "Größe" as EBCDIC."""
    (tmp_path / "l.txt").write_bytes(text.encode("latin-1"))
    articles, records = read_inputs([str(tmp_path / "l.txt")])
    assert records[0].status == "ok" and articles[0].text == text and articles[0].encoding == "cp1252"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_are_text_not_binary(tmp_path, encoding):
    """Was: "the input looks like a binary file" for UTF-16/32, with or without a byte-order mark."""
    text = "Die Bürgermeisterin sagte etwas über den Hafen.\nZweite Zeile."
    (tmp_path / "w.txt").write_bytes(text.encode(encoding))
    articles, records = read_inputs([str(tmp_path / "w.txt")])
    assert records[0].status == "ok", records[0].message
    assert articles[0].text == text


def test_damaged_utf8_keeps_its_umlauts(tmp_path):
    data = "Die Bürgermeisterin äußerte sich über die Größe.".encode() + b"\xff" + " Schluss.".encode()
    (tmp_path / "d.txt").write_bytes(data)
    articles, _ = read_inputs([str(tmp_path / "d.txt")])
    assert articles[0].text == "Die Bürgermeisterin äußerte sich über die Größe.\ufffd Schluss."


def test_lone_surrogates_do_not_crash_writing_the_briefing(tmp_path):
    """Was: a lone surrogate in title/outlet let the whole analysis run and then crashed while writing."""
    from quellenlage.model import Briefing
    from quellenlage.run import write_briefing

    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Ein Text \\ud800 hier.", "title": "Titel \\udfff", "outlet": "\\ud83dBlatt"}\n',
                    encoding="utf-8")
    articles, records = read_inputs([str(path)])
    assert records[0].status == "ok" and "lone surrogates" in records[0].message
    a = articles[0]
    assert a.title == "Titel \ufffd" and a.outlet == "\ufffdBlatt" and a.text == "Ein Text \ufffd hier."
    b = Briefing(generated_at=datetime(2026, 3, 3, tzinfo=timezone.utc), inputs=records, articles=articles)
    written = write_briefing(b, tmp_path / "out")
    assert json.loads(written[0].read_text(encoding="utf-8"))["articles"][0]["title"] == "Titel \ufffd"


def test_undecodable_file_name_is_a_writable_source(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(name, "wb") as fh:
        fh.write(TEXT.encode())
    articles, records = read_inputs([str(tmp_path)])
    assert records[0].status == "ok" and records[0].source.endswith("caf\\xe9.txt")
    records[0].model_dump_json().encode("utf-8")


# ------------------------------------------------------------------------------------ Markdown output
def test_markdown_escapes_html_links_and_images_from_articles():
    """Was: briefing.md passed article HTML through; a CommonMark viewer ran a <script> from an article."""
    from markdown_it import MarkdownIt

    from quellenlage.briefing.markdown import render
    from quellenlage.model import Article, Briefing, FlaggedSpan, InputRecord

    text = ("Harmlos & gut. <script>alert(1)</script> und <img src=x onerror=alert(2)> "
            "[klick](javascript:alert(3)) ![b](http://tracker.example/p.png) <javascript:alert(4)> &lt;b&gt;")
    flags, pos = [], 0
    for part in text.split(" "):  # each payload a flagged span of its own, quoted in the boilerplate section
        start = text.index(part, pos)
        pos = start + len(part)
        flags.append(FlaggedSpan(article_id="a1", start=start, end=pos, text=part, reason="consent"))
    art = Article(id="a1", source="<svg onload=alert(5)>.txt", outlet="<b>Blatt</b>", title="<i>T</i>",
                  text=text, flagged=flags)
    b = Briefing(generated_at=datetime(2026, 3, 3, tzinfo=timezone.utc), articles=[art],
                 inputs=[InputRecord(source="x/<svg onload=alert(5)>.txt", status="ok", article_id="a1")])
    md = render(b)
    assert "<" not in md
    html = MarkdownIt("commonmark").render(md)
    for bad in ("<script", "<img", "<svg", "<a ", "<b>", "<i>", "javascript:alert(4)\""):
        assert bad not in html
    # What a reader sees is still the article's own characters.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;" in html
    assert "&amp;lt;b&amp;gt;" in html  # the article's literal "&lt;b&gt;", shown as written
    assert "[a1:0-" in md  # our own references stay plain


# ------------------------------------------------------------------------------------ the fuzz set
def test_generated_hostile_inputs_through_ingest_and_the_brief_job():
    """A few hundred generated inputs of every kind, and a sample through the whole brief job."""
    from quellenlage.fuzz import FAILURE_CHECKS, GENERATORS, run_fuzz

    report = run_fuzz(300, seed=18, brief=6, timeout=60)
    d = report.as_dict()
    totals = d["totals"]
    assert {k: totals.get(k, 0) for k in FAILURE_CHECKS} == {k: 0 for k in FAILURE_CHECKS}, d["failures"][:5]
    assert set(d["per_kind"]) == set(GENERATORS)  # every kind was generated and read
    assert d["inputs"] >= 300 and totals["ok"] and totals["error"] and totals["duplicate"]
    brief = d["brief"]
    assert brief["articles"] >= 6 and "crash" not in brief, brief
    assert brief["invalid_spans"] == 0 and brief["markdown_raw_html"] is False


def test_fuzz_finds_a_lost_input():
    """The checker can fail: a record dropped from ingest's answer is reported as lost."""
    import tempfile
    from pathlib import Path

    from quellenlage import fuzz

    with tempfile.TemporaryDirectory() as tmp:
        case = fuzz.generate(Path(tmp), 1, seed=1)[0]  # kind "good": one file
        report = fuzz.Report()
        assert fuzz._sources_expected(case, []) == [str(case.entries[0])]
        fuzz.check_case(case, report, timeout=30)
        assert not report.failures
