"""Real-browser tests (Playwright driving Debian's Chromium): the report and `quellenlage serve`.

Click a claim group, the article opens with exactly that span highlighted; the hostile article's payloads stay
text. The web app's article, entity and search pages, the offline API docs and the language switch are driven
in the browser too. Set QUELLENLAGE_SCREENSHOTS=docs to (re)write the screenshots shown in the README.

Without Chromium or Playwright these tests skip locally with one clear line, and fail in CI (CI=true): see
tests/browser_support.py and scripts/ensure-chromium.sh.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

import browser_support
import report_fixture as fx
from quellenlage.briefing import html as report

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "web" / "hostile_article.html"
EXAMPLES = ROOT / "examples" / "almtal"
SHOTS = os.environ.get("QUELLENLAGE_SCREENSHOTS")
ENSURE = ROOT / "scripts" / "ensure-chromium.sh"


# ------------------------------------------------------------------------------------------------ honest skips


def run_ensure(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(ENSURE)], capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env})


def test_ensure_chromium_fails_in_ci_and_says_why_locally(tmp_path):
    absent = {"QUELLENLAGE_CHROMIUM": str(tmp_path / "no-chromium"), "QUELLENLAGE_NO_INSTALL": "1"}
    ci = run_ensure({**absent, "CI": "true"})
    assert ci.returncode == 1
    assert "no-chromium" in ci.stderr and "CI=true" in ci.stderr
    local = run_ensure(absent)
    assert local.returncode == 0
    assert "will be skipped" in local.stderr


def test_missing_browser_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        browser_support.skip_or_fail("Chromium not found at /nowhere")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        browser_support.skip_or_fail("Chromium not found at /nowhere")


@pytest.fixture(scope="module")
def browser():
    yield from browser_support.browser_session()


@pytest.fixture
def page(browser):
    yield from browser_support.page_session(browser, 1400, 950)


def shot(pg, name: str, selector: str | None = None) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    target = pg.locator(selector) if selector else pg
    target.screenshot(path=str(Path(SHOTS) / name))


def assert_not_pwned(pg, title_prefix: str = "Quellenlage") -> None:
    assert pg.evaluate("window.__pwned") is None
    assert title_prefix in pg.title() and "pwned" not in pg.title()
    assert pg.locator("main img, #ql-reader img").count() == 0


def highlighted(pg) -> str:
    pg.wait_for_selector("mark#ql-hl", state="visible")
    return pg.locator("#ql-reader-text mark.ql-hl").all_text_contents()


# ------------------------------------------------------------------------------------------------ fixture report


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-only"])
def test_report_click_highlights_exact_span_and_hostile_text_stays_text(page, tmp_path, csp):
    briefing = fx.briefing()
    path = tmp_path / "report.html"
    path.write_text(report.render(briefing, csp=csp), encoding="utf-8")
    page.goto(path.as_uri())
    assert_not_pwned(page)
    # the claim group: its representative, after an emoji (code-point offsets), exactly
    page.locator('[data-group="g1"] .ql-group-ref').click()
    assert highlighted(page) == [briefing.claim_groups[0].representative.text]
    reader = page.locator("#ql-reader")
    assert reader.get_attribute("data-article") == "a1"
    assert reader.get_attribute("data-start") == str(briefing.claim_groups[0].representative.start)
    # the hostile article: open its member span, the payloads are visible as text and did not run
    page.locator('[data-group="g1"] summary').click()
    page.locator('.ql-member-ref[data-ref^="a3:"]').click()
    assert highlighted(page) == ["Laut Polizei wurden zwölf Menschen verletzt."]
    assert "<script>window.__pwned=1" in page.locator("#ql-reader-text").inner_text()
    assert fx.HOSTILE_TITLE == page.locator("#ql-reader-title").inner_text()
    assert_not_pwned(page)
    assert page.errors == []


def test_report_boilerplate_collapsed_language_toggle_and_deep_link(page, tmp_path):
    briefing = fx.briefing()
    path = tmp_path / "report.html"
    path.write_text(report.render(briefing), encoding="utf-8")
    flag = briefing.articles[0].flagged[0]
    # deep link straight into the boilerplate: it opens, marked, and is the highlighted text
    page.goto(path.as_uri() + f"#ref=a1:{flag.start}:{flag.end}")
    assert highlighted(page) == [flag.text]
    assert page.locator("details.ql-boilerplate").get_attribute("open") is not None
    assert page.locator("details.ql-boilerplate").get_attribute("data-reason") == "read_more"
    # opening the article plainly: boilerplate collapsed
    page.locator('.ql-open-article[data-ref="a1::"]').first.click()
    assert page.locator("details.ql-boilerplate").get_attribute("open") is None
    assert page.locator("#ql-reader-text mark").count() == 0
    # language toggle
    assert page.locator('.ql-nav a[href="#claims"]').inner_text() == "Behauptungen"
    page.locator('.ql-lang-btn[data-lang="en"]').click()
    assert page.locator('.ql-nav a[href="#claims"]').inner_text() == "Claims"
    page.keyboard.press("Escape")
    assert page.locator("#ql-reader").is_hidden()


# ------------------------------------------------------------------------------------------------ example corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The example corpus plus the hostile article, analysed once: (inputs, articles, annotations, briefing)."""
    if not EXAMPLES.is_dir():
        pytest.skip(f"example corpus not found at {EXAMPLES}")
    from quellenlage.run import analyse_inputs, make_briefing

    inputs, articles, annotations = analyse_inputs([str(EXAMPLES), str(HOSTILE)], workers=1)
    return inputs, articles, annotations, make_briefing(inputs, articles, annotations)


def first_ref(pg) -> str:
    """A claim group's link if there is one, else any span link (stages still in progress give no groups)."""
    for selector in (".ql-group-ref", ".ql-summary-item", ".ql-ref[data-ref*=':'][data-ref$='0'], .ql-ref"):
        loc = pg.locator(f"main {selector}")
        for i in range(loc.count()):
            ref = loc.nth(i).get_attribute("data-ref") or ""
            parts = ref.split(":")
            if len(parts) == 3 and parts[1] and parts[1] != parts[2]:
                return ref
    raise AssertionError("no span link on the page")


def check_click(pg, briefing) -> None:
    from urllib.parse import unquote

    ref = first_ref(pg)
    aid, start, end = ref.split(":")
    aid = unquote(aid)
    text = next(a.text for a in briefing.articles if a.id == aid)
    pg.locator(f'main [data-ref="{ref}"]').first.click()
    assert "".join(highlighted(pg)) == text[int(start):int(end)]
    assert pg.locator("#ql-reader").get_attribute("data-article") == aid


def open_hostile(pg, articles) -> None:
    hostile = next(a for a in articles if a.source.endswith("hostile_article.html"))
    pg.evaluate("id => window.quellenlage.openRef(encodeURIComponent(id) + '::')", hostile.id)
    assert "<img src=x onerror=" in pg.locator("#ql-reader-text").inner_text()


def test_example_corpus_report(page, tmp_path, corpus):
    inputs, articles, _, briefing = corpus
    path = tmp_path / "briefing.html"
    size = report.write(briefing, path)
    assert size < 5_000_000
    page.goto(path.as_uri())
    assert_not_pwned(page)
    shot(page, "report-overview.png")
    check_click(page, briefing)
    shot(page, "report-reader.png")
    open_hostile(page, articles)
    assert_not_pwned(page)
    page.locator("#ql-reader-close").click()
    if page.locator("svg.ql-graph").count():
        shot(page, "report-graph.png", "#graph")
    page.locator("#claims").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('claims').scrollIntoView()")
    shot(page, "report-claims.png")
    assert page.errors == []


# ------------------------------------------------------------------------------------------------ quellenlage serve


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus):

    from quellenlage.store import Store

    inputs, articles, annotations, _ = corpus
    path = tmp_path_factory.mktemp("serve") / "store.duckdb"
    with Store(path) as db:
        records = {r.article_id: r for r in inputs if r.status == "ok"}
        for a, n in zip(articles, annotations):
            db.add(a, n, records.get(a.id))
    yield from browser_support.serve(path)


def test_serve_story_view_click_and_hostile(page, server, corpus):
    _, articles, _, _ = corpus
    page.goto(server + "/")
    assert_not_pwned(page, "Quellenlage")
    shot(page, "web-index.png")
    page.locator("a.ql-story-link").first.click()
    page.wait_for_selector("#claims")
    briefing = __import__("quellenlage.model", fromlist=["Briefing"]).Briefing.model_validate(
        __import__("httpx").get(server + "/api/briefing", timeout=30).json())
    check_click(page, briefing)
    shot(page, "web-story.png")
    # the hostile article lives in some story; open it there
    story = next(s for s in briefing.stories
                 if any(a.source.endswith("hostile_article.html") and a.id in s.article_ids for a in articles))
    page.goto(f"{server}/stories/{story.id}")
    open_hostile(page, articles)
    assert_not_pwned(page)
    assert page.errors == []


def test_serve_add_pasted_text_through_the_form(page, server):
    page.goto(server + "/")
    page.fill('textarea[name="text"]', "Ein Leser schreibt: <script>window.__pwned=1</script> "
                                       "Die Polizei in Musterstadt sucht weiter nach der Brandursache.")
    page.fill('input[name="outlet"]', "<img src=x onerror=\"window.__pwned=1\">Leserbrief")
    page.locator("form.ql-add button[type=submit]").click()
    page.wait_for_selector("tr.ql-input-ok", timeout=180_000)  # the job page reloads until the analysis is done
    assert_not_pwned(page, "Quellenlage")
    page.goto(server + "/search?q=Brandursache")
    hits = page.locator(".ql-claim-hits li, .ql-mention-hits li")
    assert_not_pwned(page, "Quellenlage")
    page.goto(server + "/")
    assert page.locator("text=Leserbrief").count() >= 1
    assert_not_pwned(page, "Quellenlage")
    del hits


# ------------------------------------------------------------------------------------------------ desk pages
# The article reader, entity page, alias search, offline API docs and the language switch, over the hand-built
# desk briefing (tests/desk_fixture.py) served in this process by uvicorn.


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory):
    import threading

    import httpx
    import uvicorn

    import desk_fixture as desk
    from quellenlage.web import create_app

    patch = pytest.MonkeyPatch()
    path = tmp_path_factory.mktemp("desk") / "desk.duckdb"
    desk.store(path, patch)
    port = browser_support.free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True, name="desk-server")
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            raise AssertionError("desk server did not start")
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        patch.undo()


def article_text(pg) -> str:
    """The reader's text as the article has it: every piece, folded boilerplate included, summaries left out."""
    return pg.evaluate("""() => { const c = document.getElementById('ql-article-text').cloneNode(true);
        c.querySelectorAll('summary').forEach(s => s.remove()); return c.textContent; }""")


def test_article_page_marks_folds_and_links(page, desk_server):
    import desk_fixture as desk

    page.goto(desk_server + "/articles/d1")
    assert_not_pwned(page)
    assert page.locator("h1.ql-article-title").inner_text() == "Angriff auf Charkiw"
    assert article_text(page) == desk.D1
    # marks: the claim's pieces are its exact text; the mention is a link to its entity
    pieces = page.locator('#ql-article-text [data-claim="d1-c2"]').all_text_contents()
    assert "".join(pieces) == "bei dem Angriff auf Charkiw seien nur 2 Menschen verletzt worden"
    assert page.locator('#ql-article-text a.ql-m-mention[href="/entities/E1"]').count() == 3
    assert page.locator("#ql-article-text .ql-m-figure").count() == 2
    # boilerplate folded, opens on click
    box = page.locator("#ql-article-text details.ql-boilerplate")
    assert box.get_attribute("open") is None and "Zehn Fragen" not in box.inner_text()  # innerText: what shows
    box.locator("summary").click()
    assert box.get_attribute("open") is not None and "Zehn Fragen zum Krieg" in box.inner_text()
    box.locator("summary").click()
    # a claim in the list jumps to its span in the text
    page.locator('.ql-article-claims li[data-claim="d1-c3"] a.ql-jump').click()
    assert page.url.endswith("#claim-d1-c3")
    assert page.locator("#claim-d1-c3").is_visible()
    shot(page, "article-page.png")
    # its claim group, on the story page
    page.locator('.ql-article-claims li[data-claim="d1-c3"] a.ql-group-link').click()
    page.wait_for_url("**/stories/s1#group-g1")
    assert page.locator("#group-g1").is_visible()
    assert page.errors == []


def test_entity_page_lists_what_it_said_and_links_the_spans(page, desk_server):
    page.goto(desk_server + "/articles/d1")
    page.locator('#ql-article-text a.ql-m-mention[href="/entities/E1"]').first.click()
    page.wait_for_url("**/entities/E1")
    assert_not_pwned(page)
    assert page.locator("h1.ql-entity-name").inner_text().startswith("Dmitri Peskov")
    assert page.locator("#entity-quotes li").count() == 2
    assert page.locator("#entity-claims-by li").count() >= 2
    assert page.locator("#entity-denials li").count() == 1
    assert page.locator("#entity-figures li").count() == 1
    shot(page, "entity-page.png")
    page.locator('#entity-quotes a.ql-hit-link[href="/articles/d1#quote-d1-q1"]').click()
    page.wait_for_url("**/articles/d1#quote-d1-q1")
    assert page.locator("#quote-d1-q1").inner_text() == "Das ist eine Lüge"
    assert page.locator("#quote-d1-q1").is_visible()
    assert page.errors == []


def test_alias_search_finds_other_spellings_and_every_hit_opens(page, desk_server):
    page.goto(desk_server + "/")
    page.fill('.ql-search input[name="q"]', "Peskow")
    page.locator(".ql-search button[type=submit]").click()
    page.wait_for_url("**/search?q=Peskow")
    assert_not_pwned(page)
    entity = page.locator(".ql-entity-hits li").first
    assert "Dmitri Peskov" in entity.inner_text()
    items = page.locator(".ql-hits li")
    assert items.count() >= 4
    for i in range(items.count()):
        assert items.nth(i).locator("a.ql-hit-link").count() == 1
    shot(page, "search.png")
    entity.locator("a.ql-hit-link").click()
    page.wait_for_url("**/entities/E1")
    page.goto(desk_server + "/search?q=Zelensky")
    assert "Wolodymyr Selenskyj" in page.locator(".ql-entity-hits li").first.inner_text()
    assert page.errors == []


def test_api_docs_render_offline(page, desk_server):
    asked: list[str] = []

    def only_local(route):
        asked.append(route.request.url)
        if route.request.url.startswith(desk_server + "/"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(desk_server + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "Quellenlage" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui .opblock").count() >= 5  # the API's operations, read from /openapi.json
    page.goto(desk_server + "/redoc")
    page.wait_for_selector("h1:has-text('Quellenlage')", timeout=30_000)
    assert page.get_by_text("/api/search").count() >= 1
    foreign = [u for u in asked if not u.startswith(desk_server + "/")]
    assert foreign == [], foreign
    assert not [c for c in console if "Content Security Policy" in c], console
    assert page.errors == []


def test_interface_language_switch_changes_labels_and_stays(page, desk_server):
    page.goto(desk_server + "/articles/d3")
    heading = page.locator("#article-claims h2")
    outlet = page.locator(".ql-article-outlet")
    assert heading.inner_text().startswith("Behauptungen")
    assert "unbekanntes Medium 1" in outlet.inner_text() and "unknown outlet" not in outlet.inner_text()
    page.locator('.ql-lang-btn[data-lang="en"]').click()
    assert heading.inner_text().startswith("Claims")
    assert "unknown outlet 1" in outlet.inner_text() and "unbekanntes" not in outlet.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    # the choice holds on the next page
    page.goto(desk_server + "/stories/s1")
    assert page.locator("#timeline .ql-when").first.inner_text() == "22 Oct 2024, evening"
    page.locator('.ql-lang-btn[data-lang="de"]').click()
    assert page.locator("#timeline .ql-when").first.inner_text() == "22.10.2024, abends"
    assert page.errors == []
