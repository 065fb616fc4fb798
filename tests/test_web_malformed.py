"""Malformed and abusive requests to the web app: always a 4xx with a short JSON message, never a 500 or traceback."""
from __future__ import annotations

import asyncio
import json

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

import report_fixture as fx
from quellenlage.web import create_app
from quellenlage.web.errors import BodyLimit, RequestLimits

BASE = "http://127.0.0.1"
J = {"content-type": "application/json"}
MP = {"content-type": "multipart/form-data; boundary=b"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


def fake_analysis(articles, *a, **k):
    return [fx.annotations(fx.articles())[1].model_copy(update={"article_id": x.id, "claims": [], "mentions": []})
            for x in articles]


@pytest.fixture
def client(tmp_path, monkeypatch):
    from quellenlage.store import Store

    path = tmp_path / "web.duckdb"
    with Store(path) as db:
        for a, n in zip(fx.articles(), fx.annotations(fx.articles())):
            db.add(a, n)
    monkeypatch.setattr("quellenlage.store.db.build", lambda inputs, articles, annotations: fx.briefing().model_copy(
        update={"articles": articles, "annotations": annotations}))
    monkeypatch.setattr("quellenlage.pipeline.analyse_many", fake_analysis)
    app = create_app(path, max_upload_bytes=4096, job_runner="thread")
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def part(name: str, body: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
    return b"--b\r\nContent-Disposition: " + disposition.encode("latin-1") + b"\r\n\r\n" + body + b"\r\n"


MALFORMED = {
    # JSON API
    "not json": dict(method="POST", url="/api/articles", content=b"{not json", headers=J),
    "json list": dict(method="POST", url="/api/articles", content=b"[1, 2]", headers=J),
    "json string": dict(method="POST", url="/api/articles", content=b'"text"', headers=J),
    "json null": dict(method="POST", url="/api/articles", content=b"null", headers=J),
    "deeply nested": dict(method="POST", url="/api/articles", content=b'{"text": ' + b"[" * 3000 + b"]" * 3000 + b"}",
                          headers=J),
    "lone surrogate in text": dict(method="POST", url="/api/articles", content=b'{"text": "Ein \\ud800 Text"}',
                                   headers=J),
    "lone surrogate in outlet": dict(method="POST", url="/api/articles",
                                     content=b'{"text": "Ein Text.", "outlet": "\\udfff"}', headers=J),
    "surrogate as key": dict(method="POST", url="/api/articles", content=b'{"\\ud800": 1}', headers=J),
    "invalid utf-8": dict(method="POST", url="/api/articles", content=b'{"text": "\xff\xfe"}', headers=J),
    "text is a number": dict(method="POST", url="/api/articles", content=b'{"text": 5}', headers=J),
    "text is an object": dict(method="POST", url="/api/articles", content=b'{"text": {"a": 1}}', headers=J),
    "unknown language": dict(method="POST", url="/api/articles", content=b'{"text": "Ein Text.", "language": "xx"}',
                             headers=J),
    "outlet too long": dict(method="POST", url="/api/articles",
                            content=json.dumps({"text": "Ein Text.", "outlet": "o" * 301}).encode(), headers=J),
    "huge number": dict(method="POST", url="/api/articles", content=b'{"text": "x", "n": 1' + b"0" * 5000 + b"}",
                        headers=J),
    "empty body": dict(method="POST", url="/api/articles", content=b"", headers=J),
    "text/plain body": dict(method="POST", url="/api/articles", content=b'{"text": "Ein Text."}',
                            headers={"content-type": "text/plain"}),
    "form to the JSON API": dict(method="POST", url="/api/articles", data={"text": "Ein Text."}),
    "xml to the JSON API": dict(method="POST", url="/api/articles", content=b"<text>x</text>",
                                headers={"content-type": "application/xml"}),
    "body over the limit": dict(method="POST", url="/api/articles",
                                content=json.dumps({"text": "x" * 80_000}).encode(), headers=J),
    "bad content-length": dict(method="POST", url="/api/articles", content=b"{}",
                               headers={**J, "content-length": "abc"}),
    # the /add form
    "multipart without boundary": dict(method="POST", url="/add", content=b"--x\r\n",
                                       headers={"content-type": "multipart/form-data"}),
    "multipart part without name": dict(method="POST", url="/add",
                                        content=b"--b\r\nContent-Disposition: form-data\r\n\r\nzz", headers=MP),
    "multipart garbage": dict(method="POST", url="/add", content=bytes(range(256)) * 4, headers=MP),
    "multipart empty": dict(method="POST", url="/add", content=b"", headers=MP),
    "multipart only the end": dict(method="POST", url="/add", content=b"--b--\r\n", headers=MP),
    "text given as a file": dict(method="POST", url="/add", files={"text": ("a.txt", b"Ein Text.", "text/plain")}),
    "files given as text": dict(method="POST", url="/add", content=part("files", b"not a file") + b"--b--\r\n",
                                headers=MP),
    "too many fields": dict(method="POST", url="/add", content="&".join(f"f{i}=1" for i in range(50)).encode(),
                            headers=FORM),
    "outlet field too long": dict(method="POST", url="/add", data={"text": "Ein Text.", "outlet": "o" * 301}),
    "title field too long": dict(method="POST", url="/add", data={"text": "Ein Text.", "title": "t" * 1001}),
    "published field too long": dict(method="POST", url="/add", data={"text": "Ein Text.", "published": "1" * 101}),
    "form over the limit": dict(method="POST", url="/add", data={"text": "x" * 200_000}),
    "nothing given": dict(method="POST", url="/add", data={}),
    "only blanks given": dict(method="POST", url="/add", data={"text": "   \n\t "}),
    "json to the form": dict(method="POST", url="/add", content=b'{"text": "x"}', headers=J),
    "too many files": dict(method="POST", url="/add",
                           files=[("files", (f"f{i}.txt", b"Text.", "text/plain")) for i in range(60)]),
    "wrong method": dict(method="PUT", url="/add"),
    "delete the articles": dict(method="DELETE", url="/api/articles"),
    # query and path parameters
    "search without q": dict(method="GET", url="/api/search"),
    "search q too long": dict(method="GET", url="/api/search?q=" + "a" * 201),
    "search limit not a number": dict(method="GET", url="/api/search?q=a&limit=abc"),
    "search limit huge": dict(method="GET", url="/api/search?q=a&limit=99999999999999999999999"),
    "search limit negative": dict(method="GET", url="/api/search?q=a&limit=-1"),
    "search page q too long": dict(method="GET", url="/search?q=" + "a" * 201),
    "job wait not a number": dict(method="GET", url="/api/jobs/x?wait=soon"),
    "job wait too long": dict(method="GET", url="/api/jobs/x?wait=1000"),
    "unknown job": dict(method="GET", url="/api/jobs/../../etc/passwd"),
    "unknown job page": dict(method="GET", url="/jobs/%00"),
    "story with NUL": dict(method="GET", url="/stories/%00"),
    "story traversal": dict(method="GET", url="/stories/..%2F..%2Fetc%2Fpasswd"),
    "story with invalid utf-8": dict(method="GET", url="/stories/%FF%FE/report.html"),
    "article with surrogate": dict(method="GET", url="/api/articles/%ED%A0%80"),
    "annotations of nothing": dict(method="GET", url="/api/articles/%00/annotations"),
    "story briefing of nothing": dict(method="GET", url="/api/stories/nope/briefing"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_request_is_a_4xx_with_a_message(client, name):
    r = client.request(**MALFORMED[name])
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert "Traceback" not in r.text and 'File "' not in r.text
    if r.headers.get("content-type", "").startswith("application/json"):
        assert "detail" in r.json()
    assert client.get("/healthz").text == "ok"


ODD_BUT_ACCEPTED = {  # not well-formed, but there is something to analyse: queued (202), then a record each
    "truncated multipart": dict(content=part("text", b"Ein Text ohne Ende")[:-2], headers=MP),
    "invalid utf-8 in the text field": dict(content=part("text", b"\xff\xfe Ein Text.") + b"--b--\r\n", headers=MP),
    "encoded surrogate in the text field": dict(content=part("text", b"\xed\xa0\x80 Ein Text.") + b"--b--\r\n",
                                                 headers=MP),
    "invalid percent-encoding": dict(content=b"text=%FF%FE+Ein+Text&outlet=%ED%A0%80", headers=FORM),
    "odd file name": dict(content=part("files", b"Ein Text aus einer Datei.", filename="\xff/../\x00.txt")
                          + b"--b--\r\n", headers=MP),
}


@pytest.mark.parametrize("name", list(ODD_BUT_ACCEPTED))
def test_odd_but_readable_input_is_queued_and_accounted_for(client, name):
    r = client.post("/add", **ODD_BUT_ACCEPTED[name])
    assert r.status_code in (202, 400, 422), (r.status_code, r.text[:300])
    if r.status_code == 202:
        job = client.get(f"/api/{r.headers['location'].lstrip('/')}", params={"wait": 20}).json()
        assert job["status"] == "done" and job["records"], job
        assert all(rec["status"] in ("ok", "duplicate", "error") for rec in job["records"])
        assert "../" not in json.dumps(job)


def test_a_bad_file_does_not_lose_the_good_files_of_its_upload(client):
    files = [
        ("files", ("good.txt", "Ein guter Text über den Brand in der Halle.".encode(), "text/plain")),
        ("files", ("bad.jsonl", b'{"text": 1}\n{not json\n', "application/json")),
        ("files", ("binary.txt", bytes(range(256)) * 8, "text/plain")),
        ("files", ("good.md", "---\ntitle: Zweiter\n---\nEin zweiter guter Text.".encode(), "text/markdown")),
    ]
    r = client.post("/add", files=files)
    assert r.status_code == 202
    job = client.get(r.headers["location"].replace("/jobs/", "/api/jobs/"), params={"wait": 20}).json()
    by_source = {}
    for rec in job["records"]:
        by_source.setdefault(rec["source"].split("#")[0], []).append(rec["status"])
    assert by_source["upload:good.txt"] == ["ok"] and by_source["upload:good.md"] == ["ok"]
    assert set(by_source["upload:bad.jsonl"]) == {"error"} and by_source["upload:binary.txt"] == ["error"]
    stored = {a["source"] for a in client.get("/api/articles").json()}
    assert {"upload:good.txt", "upload:good.md"} <= stored


def test_validation_errors_do_not_echo_the_input(client):
    r = client.post("/api/articles", content=json.dumps({"text": 5, "outlet": "x" * 400}).encode(), headers=J)
    assert r.status_code == 422
    assert "x" * 400 not in r.text
    assert {tuple(e["loc"]) for e in r.json()["detail"]} == {("body", "text"), ("body", "outlet")}


# ------------------------------------------------------------------------------------------------ the limits


def _echo_app() -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request):
        return {"n": len(await request.body())}

    @app.get("/slow")
    async def slow():
        await asyncio.sleep(5)
        return {"slow": True}

    @app.get("/healthz")
    async def healthz():
        return {"ok": True}

    return app


def test_body_limit_counts_bodies_without_content_length():
    app = _echo_app()
    app.add_middleware(BodyLimit, limit=1000)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/echo", content=iter([b"a" * 600, b"a" * 600]))  # chunked: no Content-Length
        assert r.status_code == 413 and "limit" in r.json()["detail"]
        assert c.post("/echo", content=b"a" * 2000).status_code == 413
        assert c.post("/echo", content=iter([b"a" * 300, b"a" * 300])).json() == {"n": 600}


def test_request_time_limit_answers_503_and_health_is_exempt():
    app = _echo_app()
    app.add_middleware(RequestLimits, max_concurrent=2, timeout=0.3)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/slow")
        assert r.status_code == 503 and "longer than" in r.json()["detail"]
        assert c.get("/healthz").status_code == 200


def test_concurrency_is_bounded():
    app = _echo_app()
    limits = RequestLimits(app, max_concurrent=1, timeout=10, queue_timeout=0.2)

    async def scenario():
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        def sender(out):
            async def send(message):
                if message["type"] == "http.response.start":
                    out.append(message["status"])
            return send

        scope = {"type": "http", "method": "GET", "path": "/slow", "raw_path": b"/slow", "query_string": b"",
                 "headers": [], "http_version": "1.1", "scheme": "http", "server": ("t", 80), "client": ("c", 1),
                 "root_path": "", "app": app}
        first = asyncio.create_task(limits(scope, receive, sender([])))
        await asyncio.sleep(0.05)
        await limits(scope, receive, sender(sent))  # waits 0.2 s for the one slot, then gives up
        first.cancel()
        return sent

    assert asyncio.run(scenario()) == [503]
