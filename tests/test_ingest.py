"""Ingest: formats, metadata, outlet inference and bad input (one error record per input, batch goes on)."""
import json

from quellenlage.ingest import read_inputs

ARTICLE = "Hafenbrand in Sundheim\n\nDie Feuerwehr meldete am Montag rund 200 Einsatzkräfte. Die Lage sei ruhig.\n"


def test_txt_title_from_headline_and_language(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    articles, records = read_inputs([str(tmp_path)])
    assert [r.status for r in records] == ["ok"]
    a = articles[0]
    assert a.title == "Hafenbrand in Sundheim"
    assert a.language == "de"
    assert a.text.startswith("Hafenbrand")  # the title stays in the text so offsets cover it


def test_latin1_file_is_decoded_correctly(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Die Bürgermeisterin äußerte Größenangaben über Straßen.\n".encode("latin-1"))
    articles, records = read_inputs([str(tmp_path / "latin.txt")])
    assert records[0].status == "ok"
    assert "Bürgermeisterin äußerte Größenangaben über Straßen" in articles[0].text
    assert articles[0].encoding in {"cp1252", "latin_1", "iso8859_1", "iso-8859-1"}


def test_bad_inputs_get_error_records_and_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "big.txt").write_text("Wort " * 400, encoding="utf-8")
    (tmp_path / "picture.jpg").write_bytes(b"\xff\xd8\xff")
    articles, records = read_inputs([str(tmp_path), str(tmp_path / "missing.txt")], max_bytes=1000)
    by_name = {r.source.rsplit("/", 1)[-1]: r for r in records}
    assert by_name["good.txt"].status == "ok"
    assert by_name["empty.txt"].error_kind == "empty"
    assert by_name["binary.txt"].error_kind == "binary"
    assert by_name["big.txt"].error_kind == "too_large"
    assert by_name["picture.jpg"].error_kind == "unsupported"
    assert by_name["missing.txt"].error_kind == "not_found"
    assert len(articles) == 1 and len(records) == 6


def test_jsonl_lines_and_bad_line(tmp_path):
    lines = [
        json.dumps({"text": "Erster Text über den Hafen. Er ist lang genug.", "outlet": "Hafenzeitung", "published": "2026-03-02"}),
        "{not json",
        json.dumps({"title": "ohne Text"}),
        json.dumps({"text": "Zweiter Text über die Bahn.", "url": "https://www.tagesblick.example.de/a/1"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, records = read_inputs([str(tmp_path / "feed.jsonl")])
    assert [r.status for r in records] == ["ok", "error", "error", "ok"]
    assert records[1].source.endswith("#2") and records[1].error_kind == "bad_json"
    assert records[2].error_kind == "no_text"
    assert articles[0].outlet == "Hafenzeitung" and not articles[0].outlet_inferred
    assert articles[0].published.year == 2026
    assert articles[1].outlet == "tagesblick.example.de" and articles[1].outlet_inferred


def test_markdown_front_matter_and_sidecar(tmp_path):
    (tmp_path / "m.md").write_text("---\ntitle: Titel aus YAML\noutlet: Morgenecho\npublished: 2026-03-04\n---\nText hier. Noch ein Satz.\n",
                                   encoding="utf-8")
    (tmp_path / "s.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles.csv").write_text("file,outlet,published\ns.txt,Tagesblick,2026-03-05T10:00:00\n", encoding="utf-8")
    articles, _ = read_inputs([str(tmp_path)])
    by_title = {a.title: a for a in articles}
    md = by_title["Titel aus YAML"]
    assert md.outlet == "Morgenecho" and md.published.day == 4
    assert md.text.startswith("Text hier.")
    s = by_title["Hafenbrand in Sundheim"]
    assert s.outlet == "Tagesblick" and s.published.hour == 10


def test_outlet_from_consent_block_but_not_from_cited_source(tmp_path):
    text = ("Kanal Zehn berichtet, dass die Brücke gesperrt ist.\n"
            "Wir benötigen Ihre Einwilligung, um externe Inhalte anzuzeigen. Mehr dazu auf hafenzeitung.de in "
            "unseren Datenschutzhinweisen.\nDie Sperrung dauert an.\n")
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    articles, _ = read_inputs([str(tmp_path / "c.txt")])
    assert articles[0].outlet == "hafenzeitung.de"
    assert articles[0].outlet_inferred
    assert "Kanal Zehn" not in (articles[0].outlet or "")


def test_html_uses_trafilatura_metadata(tmp_path):
    html = ("<html><head><title>Brückensperrung | Tagesblick</title><meta property='og:site_name' content='Tagesblick'>"
            "<meta property='article:published_time' content='2026-03-06T08:00:00'></head><body><nav>Start | Sport</nav>"
            "<article><h1>Brückensperrung in Weidach</h1><p>Die Brücke in Weidach bleibt nach Angaben der Stadt bis "
            "Ende April gesperrt. Rund 12.000 Pendler müssen Umwege fahren, sagte die Bürgermeisterin.</p>"
            "<p>Die Stadt prüft eine Behelfsbrücke. Eine Entscheidung soll im Mai fallen.</p></article></body></html>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    articles, records = read_inputs([str(tmp_path / "p.html")])
    assert records[0].status == "ok", records[0].message
    a = articles[0]
    assert "Rund 12.000 Pendler" in a.text and "Sport" not in a.text
    assert a.outlet == "Tagesblick" and a.published.month == 3


def test_duplicate_text_is_recorded_once(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    articles, records = read_inputs([str(tmp_path)])
    assert len(articles) == 1
    assert sorted(r.status for r in records) == ["duplicate", "ok"]


def test_a_linked_folder_named_on_the_command_line_is_walked(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    articles, records = read_inputs([str(tmp_path / "link")])
    assert [r.status for r in records] == ["ok"] and articles[0].title == "Hafenbrand in Sundheim"


def test_an_empty_folder_and_a_broken_metadata_file_get_records(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "meta.csv").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    articles, records = read_inputs([str(tmp_path / "empty"), str(tmp_path / "a.txt")], metadata=tmp_path / "meta.csv")
    got = [(r.source.rsplit("/", 1)[-1], r.status, r.error_kind) for r in records]
    assert got == [("meta.csv", "error", "bad_metadata"), ("empty", "error", "empty"), ("a.txt", "ok", None)]


def test_jsonl_line_with_a_bad_url_keeps_the_article_and_names_the_field(tmp_path):
    (tmp_path / "f.jsonl").write_text(json.dumps({"text": ARTICLE, "url": "http://[::1"}) + "\n", encoding="utf-8")
    articles, records = read_inputs([str(tmp_path / "f.jsonl")])
    assert records[0].status == "ok" and articles[0].url == "http://[::1" and articles[0].outlet is None
