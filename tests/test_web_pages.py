"""The web app's article reader, entity page, outlet labels, readable dates and offline API docs (TestClient)."""
from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

import desk_fixture as desk
from quellenlage.briefing.dates import readable
from quellenlage.briefing.outlets import display_source, outlet_labels
from quellenlage.ingest.outlet import site_from_title
from quellenlage.model import Article, Story
from quellenlage.web import create_app

BASE = "http://127.0.0.1"


@pytest.fixture
def client(tmp_path, monkeypatch):
    yield from desk.client(tmp_path, monkeypatch)


class Texts(HTMLParser):
    """Inside the article text element: its text (summaries left out) and the text under each (attribute, value);
    and every link of the page."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self, keys=("data-claim", "data-attribution", "data-figure", "data-denial", "data-entity", "id"),
                 root_id: str = "ql-article-text"):
        super().__init__(convert_charrefs=True)
        self.keys, self.root_id = keys, root_id
        self.stack: list[tuple[str, dict]] = []
        self.by: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.root: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        in_root = any(a.get("id") == self.root_id for _, a in self.stack)
        if not in_root:
            return
        if not any(t == "summary" for t, _ in self.stack):
            self.root.append(data)
        for _, attrs in self.stack:
            for k in self.keys:
                if k in attrs:
                    self.by[(k, attrs[k])].append(data)

    def text(self, key: str, value: str) -> str:
        return "".join(self.by.get((key, value), []))


def parse(html: str) -> Texts:
    p = Texts()
    p.feed(html)
    return p


# ------------------------------------------------------------------------------------------------ article page


def test_article_page_marks_every_span_at_its_exact_offsets(client):
    html = client.get("/articles/d1").text
    doc = parse(html)
    ann = desk.annotations(desk.articles())[0]
    # the marked text, folded boilerplate included, is the article text itself
    assert "".join(doc.root) == desk.D1
    for c in ann.claims:
        assert doc.text("data-claim", c.id) == c.text
    for f in ann.figures:
        assert doc.text("data-figure", f.id) == f.text
    for d in ann.denials:
        assert doc.text("data-denial", d.id) == d.text
    for m in ann.mentions:
        assert doc.text("id", f"mention-{m.id}") == m.text
    # an attribution marks its speaker, cue and content (not the words between)
    quote = ann.attributions[0]
    assert doc.text("data-attribution", quote.id) == "Das ist eine Lüge" + "sagte" + "Peskov"
    assert doc.text("id", f"quote-{quote.id}") == "Das ist eine Lüge"


def test_article_page_folds_boilerplate_and_links_story_groups_and_entities(client):
    r = client.get("/articles/d1")
    assert r.status_code == 200
    assert "default-src 'none'" in r.headers["content-security-policy"]
    html = r.text
    folded = re.search(r'<details class="ql-boilerplate" data-reason="read_more"[^>]*><summary>(.*?)</summary>(.*?)</details>',
                       html, re.S)
    assert folded and folded.group(2) == "Lesen Sie auch: Zehn Fragen zum Krieg"
    assert "Textbausteine" in folded.group(1) and "Boilerplate" in folded.group(1)
    links = parse(html).links
    assert "/stories/s1" in links
    assert "/stories/s1#group-g1" in links and "/stories/s1#group-g2" in links
    assert "/entities/E1" in links and "/entities/E3" in links
    assert "#claim-d1-c3" in links and "#quote-d1-q1" in links and "#figure-d1-f1" in links
    # the anchors the links point to exist
    story = client.get("/stories/s1").text
    assert 'id="group-g1"' in story and 'id="group-g2"' in story
    assert 'id="claim-d1-c3"' in html and 'id="quote-d1-q1"' in html
    missing = client.get("/articles/nope")
    assert missing.status_code == 404 and "Nicht gefunden." in missing.text and "Not found." in missing.text


def test_article_page_escapes_hostile_text(client):
    html = client.get("/articles/d3").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img" not in html
    assert "".join(parse(html).root) == desk.D3


def test_article_links_across_the_ui_open_the_reader_not_json(client):
    index = client.get("/").text
    assert 'href="/articles/d1"' in index and "/api/articles/" not in index
    story = client.get("/stories/s1").text
    assert 'href="/articles/d1"' in story
    search = client.get("/search", params={"q": "Luftabwehr"}).text
    assert 'href="/articles/d1#claim-d1-c4"' in search


# ------------------------------------------------------------------------------------------------ entity page


def test_entity_page_lists_quotes_claims_denials_and_figures_by_and_about_it(client):
    r = client.get("/entities/E1")
    assert r.status_code == 200
    html = r.text
    doc = parse(html)
    assert "Dmitri Peskov" in html and "Dmitry Peskov" in html  # name and aliases
    # quotes by Peskov (speaker phrase holds his mention), each linked to its span on the article page
    assert "/articles/d1#quote-d1-q1" in doc.links and "/articles/d1#quote-d1-q2" in doc.links
    # claims sourced to him, with their group; a claim that only mentions him is listed as about him
    by = html[html.index('id="entity-claims-by"'):html.index('id="entity-claims-about"')]
    about = html[html.index('id="entity-claims-about"'):html.index('id="entity-denials"')]
    assert "/articles/d1#claim-d1-c1" in by and "/articles/d1#claim-d1-c2" in by and "/stories/s1#group-g2" in by
    assert "/articles/d2#claim-d2-c1" in about and "d1-c3" not in about
    # his denial, and the figure inside what he said (not the government's 14)
    assert "/articles/d1#denial-d1-d1" in doc.links
    figures = html[html.index('id="entity-figures"'):html.index('id="entity-mentions"')]
    assert "/articles/d1#figure-d1-f1" in figures and "figure-d1-f2" not in figures
    # mentions across both articles that name him
    assert "/articles/d1#mention-d1-m1" in doc.links and "/articles/d2#mention-d2-m1" in doc.links
    assert client.get("/entities/E404").status_code == 404


# ------------------------------------------------------------------------------------------------ outlets, paths


def test_outlets_are_readable_labels_never_ids_or_paths(client):
    for url in ("/", "/stories/s1", "/articles/d2", "/articles/d3", "/entities/E2", "/search?q=Selenskyj"):
        html = client.get(url).text
        assert "secret-folder" not in html and "/srv/" not in html, url
        assert "outlet unknown (" not in html, url  # the cross-article stage's placeholder
    d2 = client.get("/articles/d2").text
    assert "Evening Ledger" in d2  # the site its title names
    d3 = client.get("/articles/d3").text
    assert '<span class="i18n" lang="de">unbekanntes Medium 1</span><span class="i18n" lang="en">unknown outlet 1</span>' in d3
    story = client.get("/stories/s1").text
    assert "unbekanntes Medium 1" in story and "Evening Ledger" in story
    assert ">d3.txt<" in story  # the input is named by its file name only
    svg = story[story.index("<svg"):story.index("</svg>")]
    assert "unbekanntes Medium 1" in svg and "<span" not in svg  # an HTML span would break out of the SVG


def test_timex_values_reach_pages_readable(client):
    story = client.get("/stories/s1").text
    assert "22.10.2024, abends" in story and "22 Oct 2024, evening" in story
    assert "TEV" not in story
    assert "TEV" not in client.get("/articles/d1").text


def test_input_messages_follow_the_interface_language(client):
    story = client.get("/stories/s1").text
    assert "Dateityp nicht unterstützt" in story and "unsupported file type" in story
    assert "Dateityp .exe wird nicht unterstützt" in story


def test_outlet_labels_number_unknown_outlets_within_their_story():
    arts = [Article(id=i, source=f"/data/{i}.txt", text="x", title=t, outlet=o)
            for i, t, o in [("a", None, None), ("b", "Feuer | Nordkurier", None), ("c", "Feuer", None),
                            ("d", None, "Abendpost"), ("e", None, None)]]
    labels = outlet_labels(arts, [Story(id="s1", label="x", article_ids=["a", "b", "c", "d"]),
                                  Story(id="s2", label="y", article_ids=["e"])])
    assert [labels[i].text("de") for i in "abcde"] == ["unbekanntes Medium 1", "Nordkurier", "unbekanntes Medium 2",
                                                       "Abendpost", "unbekanntes Medium 1"]
    assert labels["c"].text("en") == "unknown outlet 2"
    assert display_source("/home/user/news/a.txt") == "a.txt" and display_source("x.jsonl#3") == "x.jsonl#3"
    assert display_source("C:\\Users\\me\\a.md") == "a.md" and display_source("upload:b.txt") == "upload:b.txt"


def test_site_from_title_only_when_it_looks_like_a_site():
    assert site_from_title("Brand in der Halle | Rheintal-Nachrichten") == "Rheintal-Nachrichten"
    assert site_from_title("Feuer – tagesschau.de") == "tagesschau.de"
    assert site_from_title("Explosion - SPIEGEL ONLINE") == "SPIEGEL ONLINE"
    assert site_from_title("Scholz – ein Porträt") is None
    assert site_from_title("Nur ein Titel") is None and site_from_title(None) is None


@pytest.mark.parametrize("value,de,en", [
    ("2024-10-19", "19.10.2024", "19 Oct 2024"),
    ("2024-10-19TEV", "19.10.2024, abends", "19 Oct 2024, evening"),
    ("2024-10-19T14:30", "19.10.2024, 14:30 Uhr", "19 Oct 2024, 14:30"),
    ("2024-W42-WE", "Wochenende, KW 42/2024", "weekend of week 42, 2024"),
    ("XXXX-10-03", "3. Oktober", "3 October"),
    ("XXXX-XX-XXTMO", "morgens", "morning"),
    ("2024-Q1", "1. Quartal 2024", "Q1 2024"),
    ("2024-SU", "Sommer 2024", "summer 2024"),
    ("199", "1990er", "1990s"),
    ("PRESENT_REF", "jetzt", "now"),
    ("PXD", None, None),
    ("XXXX", None, None),
])
def test_readable_timex(value, de, en):
    assert readable(value, "de") == de and readable(value, "en") == en


# ------------------------------------------------------------------------------------------------ offline docs


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_api_docs_load_only_local_assets(client, url):
    r = client.get(url)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "https:" not in csp
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert refs and all(urlsplit(x).scheme == "" and urlsplit(x).netloc == "" and x.startswith("/") for x in refs), refs
    assert "googleapis" not in r.text and "jsdelivr" not in r.text and "cdn" not in r.text.lower()
    for x in refs:
        asset = client.get(x)
        assert asset.status_code == 200 and len(asset.content) > 1000, x
    assert b"cdn.redoc.ly" not in client.get("/docs/assets/redoc.standalone.js").content  # its logo, local
    assert client.get("/docs/oauth2-redirect").status_code == 200
    assert client.get("/openapi.json").status_code == 200


# ------------------------------------------------------------------------------------------------ real analysis


def test_real_analysis_article_page_spans_slice_back(tmp_path):
    """Without the mock: articles analysed by the pipeline, linked by the cross-article stage, read back marked."""
    from quellenlage.store import Store, ingest_text

    path = tmp_path / "real.duckdb"
    with Store(path) as db:
        a = ingest_text(db, "Die Polizei in Musterstadt teilte am Montag mit, bei dem Brand seien 12 Menschen verletzt "
                            "worden. „Wir ermitteln in alle Richtungen“, sagte Polizeisprecherin Anna Berger.",
                        outlet="Tagesblatt", title="Brand in Musterstadt", published="2024-10-21")
        b = ingest_text(db, "Nach Angaben der Feuerwehr wurden bei dem Brand in Musterstadt 15 Menschen verletzt. "
                            "Anna Berger sagte, die Ermittlungen dauerten an.", title="Feuer in Musterstadt",
                        published="2024-10-21")
    assert a.status == b.status == "ok"
    with TestClient(create_app(path), base_url=BASE) as c:
        for record in (a, b):
            ann = c.get(f"/api/articles/{record.article_id}/annotations").json()
            article = c.get(f"/api/articles/{record.article_id}").json()
            html = c.get(f"/articles/{record.article_id}").text
            doc = parse(html)
            assert "".join(doc.root) == article["text"]
            assert ann["claims"], "the pipeline found no claims"
            for claim in ann["claims"]:
                assert doc.text("data-claim", claim["id"]) == claim["text"]
            for m in ann["mentions"]:
                assert doc.text("id", f"mention-{m['id']}") == m["text"]
        assert "unbekanntes Medium 1" in c.get(f"/articles/{b.article_id}").text


def test_an_outlet_typed_with_an_upload_fills_a_missing_or_inferred_one():
    from quellenlage.ingest.outlet import given_outlet

    bare = Article(id="a", source="upload:a.txt", text="x")
    inferred = bare.model_copy(update={"outlet": "example.org", "outlet_inferred": True})
    named = bare.model_copy(update={"outlet": "Abendpost"})
    assert given_outlet(bare, " Neue  Zeitung ").outlet == "Neue Zeitung"
    assert given_outlet(inferred, "Neue Zeitung").outlet == "Neue Zeitung"
    assert not given_outlet(inferred, "Neue Zeitung").outlet_inferred
    assert given_outlet(named, "Neue Zeitung").outlet == "Abendpost"
    assert given_outlet(bare, "").outlet is None
