"""Real-browser tests (Playwright driving Debian's Chromium): the report and `quellenlage serve`.

Click a claim group, the article opens with exactly that span highlighted; the hostile article's payloads stay
text. Set QUELLENLAGE_SCREENSHOTS=docs to (re)write the screenshots shown in the README.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import report_fixture as fx
from quellenlage.briefing import html as report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "web" / "hostile_article.html"
EXAMPLES = ROOT / "examples" / "almtal"
SHOTS = os.environ.get("QUELLENLAGE_SCREENSHOTS")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install -y chromium); browser tests skipped",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg, name: str, selector: str | None = None) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    target = pg.locator(selector) if selector else pg
    target.screenshot(path=str(Path(SHOTS) / name))


def assert_not_pwned(pg, title_prefix: str = "Quellenlage") -> None:
    assert pg.evaluate("window.__pwned") is None
    assert pg.title().startswith(title_prefix) and "pwned" not in pg.title()
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus):
    import httpx

    from quellenlage.store import Store

    inputs, articles, annotations, _ = corpus
    path = tmp_path_factory.mktemp("serve") / "store.duckdb"
    with Store(path) as db:
        records = {r.article_id: r for r in inputs if r.status == "ok"}
        for a, n in zip(articles, annotations):
            db.add(a, n, records.get(a.id))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quellenlage.cli", "serve", "--store", str(path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                raise AssertionError("server exited: " + proc.stdout.read().decode(errors="replace"))
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
    page.wait_for_selector("tr.ql-input-ok")
    assert_not_pwned(page, "Quellenlage")
    page.goto(server + "/search?q=Brandursache")
    hits = page.locator(".ql-claim-hits li, .ql-mention-hits li")
    assert_not_pwned(page, "Quellenlage")
    page.goto(server + "/")
    assert page.locator("text=Leserbrief").count() >= 1
    assert_not_pwned(page, "Quellenlage")
    del hits
