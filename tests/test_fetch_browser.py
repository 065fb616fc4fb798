"""The "add URL" form in real Chromium: `quellenlage serve --allow-network --allow-private` fetches an article
from the local test site (tests/test_fetch.py) and lists it; without --allow-network the form says it is off.

Launch arguments and skip-or-fail logic: tests/browser_support.py; QUELLENLAGE_SCREENSHOTS=docs writes web-fetch.png.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import browser_support
from test_fetch import Site

SHOTS = os.environ.get("QUELLENLAGE_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser():
    yield from browser_support.browser_session()


@pytest.fixture
def page(browser):
    yield from browser_support.page_session(browser, 1300, 900)


@pytest.fixture(scope="module")
def site():
    with Site() as s:
        yield s


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from browser_support.serve(tmp_path_factory.mktemp("fetch-serve") / "store.duckdb", "--allow-network", "--allow-private")


@pytest.fixture(scope="module")
def offline_server(tmp_path_factory):
    yield from browser_support.serve(tmp_path_factory.mktemp("fetch-off") / "store.duckdb")


def test_add_a_url_from_the_local_site_and_see_the_article_listed(page, server, site):
    page.goto(server + "/")
    page.locator("a.ql-fetch-link").click()
    page.wait_for_selector("form.ql-fetch textarea[name=urls]")
    assert page.locator(".ql-fetch-off").count() == 0
    page.fill("form.ql-fetch textarea[name=urls]", f"{site.base}/articles/bruecke.html\n{site.base}/picture.png")
    page.locator("form.ql-fetch button[type=submit]").click()
    # the job page refreshes itself until the job is done; the first analysis loads the models
    page.wait_for_selector('section.ql-job[data-status="done"] tr.ql-input-ok', timeout=180_000)
    assert page.locator("tr.ql-input-error .ql-error-kind").get_attribute("data-kind") == "not_html"
    # the interface language switches the error label too
    page.locator('.ql-lang-btn[data-lang="en"]').click()
    assert page.locator("tr.ql-input-error .ql-error-kind").inner_text() == "not an HTML page"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / "web-fetch.png"))
    # the index answers from its last snapshot while a newer one is built (web/views.py): reload until it is in
    row = page.locator("tr[data-article]", has_text="Brücke in Weidach gesperrt")
    for _ in range(120):
        page.goto(server + "/")
        if row.count():
            break
        time.sleep(0.5)
    assert row.count() == 1 and "Talbote" in row.inner_text()
    assert "/articles/bruecke.html" in site.log
    assert page.errors == []


def test_the_form_says_it_is_off_without_allow_network(page, offline_server, site):
    before = len(site.log)
    page.goto(offline_server + "/fetch")
    notice = page.locator(".ql-fetch-off")
    assert notice.is_visible() and "--allow-network" in notice.inner_text()
    assert page.locator("form.ql-fetch textarea[name=urls]").is_disabled()
    page.locator('.ql-lang-btn[data-lang="en"]').click()
    assert "switched off" in notice.inner_text()
    page.locator('.ql-lang-btn[data-lang="de"]').click()
    assert "ausgeschaltet" in notice.inner_text()
    assert len(site.log) == before
    assert page.errors == []
