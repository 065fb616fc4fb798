"""The web app (FastAPI TestClient): pages, JSON API mirroring the schema, uploads, limits, security guards."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import report_fixture as fx
from quellenlage.model import Briefing
from quellenlage.web import create_app

BASE = "http://127.0.0.1"


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    """A store holding the fixture articles; its briefing is the hand-built one (cross-article stage mocked)."""
    from quellenlage.store import Store

    arts, anns = fx.articles(), fx.annotations(fx.articles())
    path = tmp_path / "web.duckdb"
    with Store(path) as db:
        for a, n in zip(arts, anns):
            db.add(a, n)
    monkeypatch.setattr("quellenlage.store.db.build", lambda inputs, articles, annotations: fx.briefing().model_copy(
        update={"articles": articles, "annotations": annotations}))
    return path


@pytest.fixture
def client(store_path):
    # jobs run in a thread of the test process, so the tests' stand-in for the analysis applies
    with TestClient(create_app(store_path, max_upload_bytes=4096, job_runner="thread"), base_url=BASE) as c:
        yield c


def rows(html: str, cls: str) -> list[str]:
    return re.findall(rf'<tr class="{cls}-(\w+)"', html)


def finished_job_page(client, response) -> str:
    """The page of the job an /add answer queued, once the job is done."""
    assert response.status_code == 202, response.text
    page = response.headers["location"]
    job = client.get(f"/api/jobs/{page.rsplit('/', 1)[1]}", params={"wait": 20}).json()
    assert job["status"] in ("done", "error"), job
    return client.get(page).text


def test_index_lists_stories_and_has_add_form(client):
    r = client.get("/")
    assert r.status_code == 200
    assert '<a class="ql-story-link" href="/stories/s1">Brand in Musterstadt</a>' in r.text
    assert 'enctype="multipart/form-data"' in r.text
    assert "<img" not in r.text and fx.HOSTILE_OUTLET not in r.text  # escaped
    assert "Evil&lt;img src=x onerror=" in r.text


def test_story_page_reuses_report_views_and_is_safe(client):
    r = client.get("/stories/s1")
    assert r.status_code == 200
    for section in ("claims", "matrix", "graph", "figures", "denials", "timeline", "entities", "inputs"):
        assert f'<section id="{section}"' in r.text
    assert 'data-group="g1" data-status="corroborated"' in r.text
    assert "<script>window" not in r.text and "onerror=\"" not in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/stories/nope").status_code == 404


def test_lang_param(client):
    en = client.get("/stories/s1?lang=en").text
    assert '<html lang="en" data-ui="en">' in en
    assert '"explicit":true' in en
    assert '<html lang="de" data-ui="de">' in client.get("/stories/s1").text


def test_report_download_is_the_single_file_report(client):
    r = client.get("/stories/s1/report.html")
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    assert '<meta http-equiv="Content-Security-Policy"' in r.text


def test_api_mirrors_the_schema(client):
    briefing = Briefing.model_validate(client.get("/api/briefing").json())
    assert [g.id for g in briefing.claim_groups] == ["g1", "g2", "g3"]
    story = Briefing.model_validate(client.get("/api/stories/s1/briefing").json())
    assert story.stories[0].id == "s1"
    assert [s["id"] for s in client.get("/api/stories").json()] == ["s1"]
    arts = client.get("/api/articles").json()
    assert [a["id"] for a in arts] == ["a1", "a2", "a3"]
    assert client.get("/api/articles/a3").json()["title"] == fx.HOSTILE_TITLE
    assert len(client.get("/api/articles/a1/annotations").json()["claims"]) == 2
    assert client.get("/api/articles/zzz").status_code == 404
    spec = client.get("/openapi.json").json()
    ref = spec["paths"]["/api/briefing"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/Briefing")
    assert set(Briefing.model_fields) <= set(spec["components"]["schemas"]["Briefing"]["properties"])


def test_search_claims_and_entities(client):
    r = client.get("/api/search", params={"q": "Brenner"})
    assert [e["id"] for e in r.json()["entities"]] == ["e1"]
    r = client.get("/api/search", params={"q": "zwölf"})
    assert {c["article_id"] for c in r.json()["claims"]} == {"a1", "a3"}
    assert all(c["story_id"] == "s1" for c in r.json()["claims"])
    page = client.get("/search", params={"q": "zwölf"}).text
    assert re.search(r'href="/(stories/s1#ref=|articles/)a1[:#]', page)  # a hit links to its passage
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_add_pasted_text_and_json(client, monkeypatch):
    monkeypatch.setattr("quellenlage.pipeline.analyse_many",
                        lambda articles, *a, **k: [fx.annotations(fx.articles())[1].model_copy(
                            update={"article_id": x.id, "claims": [], "mentions": []}) for x in articles])
    text = "Ein neuer Bericht über den Brand in Musterstadt. Die Feuerwehr löschte bis zum Morgen."
    r = client.post("/add", data={"text": text, "outlet": "Neue Zeitung", "url": "http://169.254.169.254/latest"})
    assert 'data-job="' in r.text and "/jobs/" in r.headers["refresh"]  # the queued page refreshes itself
    assert rows(finished_job_page(client, r), "ql-input") == ["ok"]
    again = client.post("/add", data={"text": text})
    assert rows(finished_job_page(client, again), "ql-input") == ["duplicate"]
    arts = client.get("/api/articles").json()
    assert len(arts) == 4 and arts[-1]["outlet"] == "Neue Zeitung"
    queued = client.post("/api/articles", json={"text": "Zweiter Text über das Feuer in der Halle.", "outlet": "API"})
    assert queued.status_code == 202 and queued.json()["status"] in ("queued", "running", "done")
    job = client.get(queued.headers["location"], params={"wait": 20}).json()
    assert job["status"] == "done"
    [rec] = job["records"]
    assert rec["status"] == "ok" and rec["source"] == "api"
    assert rec["article_id"] in {a.id for a in Briefing.model_validate(client.get("/api/briefing").json()).articles}
    assert client.post("/api/articles", json={"text": ""}).status_code == 422
    assert client.post("/add", data={}).status_code == 400


def test_upload_names_are_not_paths_and_types_and_sizes_are_checked(client, monkeypatch, tmp_path):
    monkeypatch.setattr("quellenlage.pipeline.analyse_many",
                        lambda articles, *a, **k: [fx.annotations(fx.articles())[1].model_copy(
                            update={"article_id": x.id, "claims": [], "mentions": []}) for x in articles])
    files = [
        ("files", ("../../../../tmp/evil.txt", "Text aus einer Datei über den Brand.".encode(), "text/plain")),
        ("files", ("x.exe", b"MZ", "application/octet-stream")),
        ("files", ("big.txt", b"a" * 5000, "text/plain")),
    ]
    page = finished_job_page(client, client.post("/add", files=files))
    assert rows(page, "ql-input") == ["error", "error", "ok"]
    assert "upload:evil.txt" in page and "../" not in page
    assert "unsupported" in page and "too_large" in page
    assert not (tmp_path.parent / "evil.txt").exists()
    sources = [a["source"] for a in client.get("/api/articles").json()]
    assert "upload:evil.txt" in sources


def test_body_over_limit_is_refused_before_parsing(client):
    r = client.post("/add", data={"text": "x" * 200_000})
    assert r.status_code == 413


def test_cross_origin_post_and_foreign_host_are_refused(client):
    r = client.post("/add", data={"text": "Ein Text."}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/articles", json={"text": "Ein Text."}, headers={"origin": "null"})
    assert r.status_code == 403
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/healthz").text == "ok"


def test_real_cross_article_build_over_the_store(tmp_path):
    """Without the mock: the store builds its briefing with the project's cross-article code."""
    from quellenlage.store import Store

    path = tmp_path / "real.duckdb"
    with Store(path) as db:
        for a, n in zip(fx.articles(), fx.annotations(fx.articles())):
            db.add(a, n)
    with TestClient(create_app(path), base_url=BASE) as c:
        briefing = Briefing.model_validate(c.get("/api/briefing").json())
        assert {a.id for a in briefing.articles} == {"a1", "a2", "a3"}
        assert c.get("/").status_code == 200
        for story in briefing.stories:
            assert c.get(f"/stories/{story.id}").status_code == 200


def test_pages_answer_from_the_last_views_while_new_ones_are_built(store_path, monkeypatch):
    """Another writer changed the store: a page waits a moment for the new views, then answers from the old ones."""
    import threading

    from quellenlage.store import Store
    from quellenlage.web.views import Views

    db = Store(store_path)
    views = Views(lambda: db, stale_after=0.05)
    old = views.current()
    assert views.current() is old  # nothing changed: the same snapshot, nothing rebuilt
    gate, building = threading.Event(), threading.Event()
    real = fx.briefing()

    def slow_build(inputs, articles, annotations):
        building.set()
        assert gate.wait(30)
        return real.model_copy(update={"articles": articles, "annotations": annotations})

    monkeypatch.setattr("quellenlage.store.db.build", slow_build)
    new = fx.articles()[0].model_copy(update={"id": "a9", "text": fx.articles()[0].text + " Nachtrag.",
                                              "content_hash": "hash-a9"})
    with Store(store_path) as writer:  # as `ingest` would, through its own Store
        writer.add(new, fx.annotations(fx.articles())[0].model_copy(update={"article_id": "a9"}))
    assert views.current() is old and building.wait(10)  # answered while the build still runs
    gate.set()
    fresh = views.current(fresh=True)
    assert fresh is not old and {a.id for a in fresh.briefing.articles} == {"a1", "a2", "a3", "a9"}
    db.close()
