"""The single-file HTML report: sections, escaping of hostile articles, offline-ness, embedded data."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

import report_fixture as fx
from quellenlage.briefing import html as report
from quellenlage.model import Briefing


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return fx.briefing()


@pytest.fixture(scope="module")
def page(briefing) -> str:
    return report.render(briefing)


class Collector(HTMLParser):
    """Every start tag with its attributes, the script blocks' text, and the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script = attrs
            self.scripts.append((attrs, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def parse(page: str) -> Collector:
    c = Collector()
    c.feed(page)
    return c


def test_all_sections_present_with_ids(page):
    for section in ("overview", "claims", "matrix", "graph", "figures", "denials", "timeline", "entities", "inputs"):
        assert f'<section id="{section}"' in page, section


def test_hostile_article_is_escaped_and_never_executable(page):
    doc = parse(page)
    # exactly two script elements: the JSON data block and the report's own code
    assert [a.get("type") for a, _ in doc.scripts] == ["application/json", None]
    assert "__pwned" not in doc.scripts[1][1]
    # no element anywhere carries an event handler, and no img element was injected
    assert not [t for t, a in doc.tags if any(k.startswith("on") for k in a)]
    assert not [t for t, a in doc.tags if t == "img"]
    # the payload is still shown to the reader, as text
    visible = "".join(doc.text)
    assert fx.HOSTILE_OUTLET in visible
    assert "<script>window.__pwned=3</script> could not decode" in visible


def test_embedded_json_cannot_close_the_script_block(page, briefing):
    doc = parse(page)
    attrs, raw = doc.scripts[0]
    assert attrs["id"] == "ql-data"
    assert "<" not in raw and ">" not in raw  # "</script>" in article text is escaped as \u003c/script\u003e
    data = json.loads(raw)
    texts = {a.id: a.text for a in briefing.articles}
    assert {k: v["text"] for k, v in data["articles"].items()} == texts
    assert data["articles"]["a3"]["title"] == fx.HOSTILE_TITLE
    assert data["articles"]["a1"]["flagged"] == [[f.start, f.end, f.reason, f.detail] for f in briefing.articles[0].flagged]


def test_csp_allows_only_the_report_script_and_no_network(page):
    doc = parse(page)
    meta = [a for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(meta) == 1
    policy = meta[0]["content"]
    assert "default-src 'none'" in policy
    _, js, source = report.assets()
    assert f"script-src {source}" in policy
    import base64
    import hashlib
    assert source == "'sha256-" + base64.b64encode(hashlib.sha256(doc.scripts[1][1].encode()).digest()).decode() + "'"
    # offline: nothing is loaded from anywhere
    for tag, attrs in doc.tags:
        assert not attrs.get("src"), (tag, attrs)
        if tag == "link":
            raise AssertionError(f"external resource {attrs}")
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "@import" not in page


def test_every_span_link_points_to_its_exact_text(page, briefing):
    texts = {a.id: a.text for a in briefing.articles}
    refs = [a["data-ref"] for t, a in parse(page).tags if "data-ref" in a]
    assert len(refs) > 20
    for r in refs:
        aid, start, end = r.split(":")
        assert aid in texts
        if start:
            assert 0 <= int(start) <= int(end) <= len(texts[aid])
    # the claim group link carries the representative's offsets
    g1 = briefing.claim_groups[0].representative
    assert f'data-ref="a1:{g1.start}:{g1.end}"' in page


def test_claim_groups_have_status_badges_and_origin_counts(page):
    doc = parse(page)
    groups = {a["data-group"]: a for t, a in doc.tags if t == "article" and "data-group" in a}
    assert {k: v["data-status"] for k, v in groups.items()} == {"g1": "corroborated", "g2": "denied", "g3": "single_origin"}
    assert re.search(r'class="ql-origins"[^>]*>2 <span class="i18n" lang="de">unabhängige Ursprünge', page)
    # strongest group (most origins) first
    assert page.index('data-group="g1"') < page.index('data-group="g3"')


def test_figure_conflict_is_highlighted(page):
    assert '<tr class="ql-verdict-conflict" data-figure="f1">' in page
    row = page[page.index('data-figure="f1"'):page.index("</tr>", page.index('data-figure="f1"'))]
    assert ">12<" in row and ">15<" in row


def test_matrix_has_one_row_per_group_and_outlet_columns(page, briefing):
    table = page[page.index('<table class="ql-matrix">'):page.index("</table>", page.index('<table class="ql-matrix">'))]
    assert table.count("<tr>") == 1 + len(briefing.claim_groups)
    assert table.count('class="ql-rot"') == 3
    assert "✕" in table  # the denial cell


def test_source_graph_is_inline_svg_with_chain_nodes(page):
    svg = page[page.index("<svg"):page.index("</svg>")]
    labels = re.findall(r"<text x=\"8\"[^>]*>([^<]*)</text>", svg)
    names = {x.split(" · ")[0] for x in labels}
    assert {"Tagesblatt", "Abendpost", "ein Polizeisprecher", "der Polizei", "der Feuerwehr"} <= names
    assert svg.count("<path ") >= 5  # outlet→cited, cited→origin, outlet→origin edges


def test_boilerplate_listed_and_marked(page):
    row = page[page.index('data-article="a1"'):]
    row = row[:row.index("</tr>")]
    assert row.endswith("<td>1</td>")


def test_both_languages_and_lang_param(briefing):
    de = report.render(briefing, "de")
    en = report.render(briefing, "en")
    assert '<html lang="de" data-ui="de">' in de
    assert '<html lang="en" data-ui="en">' in en
    for text in ("Behauptungen", "Claims", "Widerspruch", "conflict", "bestätigt", "corroborated"):
        assert text in de
    assert report.render(briefing, "xx").startswith("<!DOCTYPE html>\n<html lang=\"de\"")


def test_story_selection_keeps_only_that_story(briefing):
    one = report.select_story(briefing, "s1")
    assert len(one.articles) == 3 and len(one.claim_groups) == 3
    with pytest.raises(KeyError):
        report.select_story(briefing, "nope")


def test_empty_briefing_renders():
    from datetime import datetime

    page = report.render(Briefing(generated_at=datetime(2024, 1, 1)))
    assert "Nichts gefunden" in page and "<svg" not in page


def test_write_returns_size(tmp_path, briefing):
    size = report.write(briefing, tmp_path / "r.html")
    assert size == (tmp_path / "r.html").stat().st_size > 10_000
