"""Fetching feeds and pages (`quellenlage.fetch`, `quellenlage fetch`, the web form) against a local HTTP server.

The server runs in a thread on 127.0.0.1, so the tests fetch with private addresses allowed (`--allow-private`)
unless a test is about refusing them. Every failure must come back as one error record with its kind.
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from quellenlage.fetch import FetchPolicy, fetch_articles
from quellenlage.fetch import policy as policy_module
from quellenlage.fetch.policy import FetchError, check_url

POLICY = FetchPolicy(allow_private=True, connect_timeout=5, read_timeout=5, deadline=20, max_bytes=200_000)

PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title} – Talbote</title>
<meta property="og:site_name" content="Talbote"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}"></head>
<body><nav><a href="/">Start</a> <a href="/lokales">Lokales</a></nav>
<article><h1>{title}</h1>{body}</article><footer>Impressum · Datenschutz</footer></body></html>"""

ARTICLES = {
    "/articles/bruecke.html": ("Brücke in Weidach gesperrt", "2024-10-21T09:30:00+02:00", [
        "Die Brücke über die Alm in Weidach bleibt nach Angaben der Stadtverwaltung bis Mai gesperrt. Bei einer "
        "Prüfung seien Risse in zwei Pfeilern gefunden worden, sagte ein Sprecher der Stadt am Montag.",
        "Rund 12.000 Pendler müssen nun einen Umweg über Oberau nehmen. Die Busse der Linie 4 fahren eine "
        "Umleitung, wie der Verkehrsverbund mitteilte.",
        "Ein Gutachten soll bis Ende November klären, ob die Brücke saniert oder abgerissen wird."]),
    "/articles/markt.html": ("Wochenmarkt zieht um", "2024-10-22T07:00:00+02:00", [
        "Der Weidacher Wochenmarkt findet ab November auf dem Kirchplatz statt. Das teilte der Marktverein am "
        "Dienstag mit; der bisherige Platz werde für die Baustelle an der Alm gebraucht.",
        "Die meisten der 40 Händler hätten dem Umzug zugestimmt, sagte die Vorsitzende des Vereins. Zwei Stände "
        "wollen nach eigenen Angaben pausieren, bis der alte Platz wieder frei ist."]),
    "/articles/fest.html": ("Herbstfest abgesagt", "2024-10-23T12:00:00+02:00", [
        "Das Herbstfest in Oberau fällt in diesem Jahr aus. Wegen der gesperrten Brücke könne die Zufahrt für "
        "Schausteller nicht gesichert werden, erklärte das Ordnungsamt am Mittwoch.",
        "Der Festverein bedauerte die Entscheidung und kündigte an, das Fest im Frühjahr nachzuholen."]),
    "/private/geheim.html": ("Nicht für Roboter", "2024-10-23T12:00:00+02:00", [
        "Dieser Artikel steht in einem Bereich, den die robots.txt der Seite für alle Programme sperrt."]),
}


def page_html(path: str) -> bytes:
    title, date, paragraphs = ARTICLES[path]
    return PAGE.format(title=title, date=date, body="".join(f"<p>{p}</p>" for p in paragraphs)).encode("utf-8")


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Talbote – Lokales</title><link>{base}/</link><description>Lokales</description>
<item><title>Brücke in Weidach gesperrt</title><link>{base}/articles/bruecke.html</link>
  <pubDate>Mon, 21 Oct 2024 07:30:00 GMT</pubDate></item>
<item><title>Wochenmarkt zieht um</title><link>/articles/markt.html</link></item>
<item><title>Gesperrt für Roboter</title><link>{base}/private/geheim.html</link></item>
<item><title>Verschwunden</title><link>{base}/articles/fehlt.html</link></item>
<item><title>Ohne Link</title><description>nur Text</description></item>
</channel></rss>""".encode("utf-8")


def atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Talbote (Atom)</title><id>urn:talbote</id>
<updated>2024-10-23T12:00:00Z</updated><link rel="self" href="{base}/feed.atom"/>
<entry><title>Herbstfest abgesagt</title><id>urn:fest</id><link rel="alternate" href="{base}/articles/fest.html"/>
  <updated>2024-10-23T10:00:00Z</updated></entry>
</feed>""".encode("utf-8")


class Site:
    """A small web site: routes by path, a log of every request, robots.txt as the test sets it."""

    def __init__(self, robots: str | int = "User-agent: *\nDisallow: /private/\n"):
        self.robots = robots
        self.log: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site.log.append(self.path)
                try:
                    site.answer(self)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts, size limits)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def requests(self, prefix: str) -> list[str]:
        return [p for p in self.log if p.startswith(prefix)]

    @staticmethod
    def send(h, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200, headers: dict | None = None):
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def answer(self, h) -> None:
        path = h.path.split("?")[0]
        if path == "/robots.txt":
            if isinstance(self.robots, int):
                return self.send(h, b"unavailable", "text/plain", status=self.robots)
            return self.send(h, self.robots.encode(), "text/plain")
        if path in ARTICLES:
            return self.send(h, page_html(path))
        if path == "/feed.rss":
            return self.send(h, rss(self.base), "application/rss+xml")
        if path == "/feed.xml":  # a feed served as generic XML: recognised by how it begins
            return self.send(h, rss(self.base), "text/xml; charset=utf-8")
        if path == "/feed.atom":
            return self.send(h, atom(self.base), "application/atom+xml")
        if path.startswith("/hop/"):  # /hop/3 → /hop/2 → /hop/1 → the article
            n = int(path.rsplit("/", 1)[1])
            target = f"/hop/{n - 1}" if n > 1 else "/articles/markt.html"
            return self.send(h, b"", status=301 if n % 2 else 307, headers={"Location": target})
        if path.startswith("/loop/"):  # redirects for ever
            n = int(path.rsplit("/", 1)[1])
            return self.send(h, b"", status=302, headers={"Location": f"/loop/{n + 1}"})
        if path == "/to-metadata":
            return self.send(h, b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/to-loopback":
            return self.send(h, b"", status=302, headers={"Location": f"http://[::1]:{h.server.server_address[1]}/"})
        if path == "/slow":  # headers only after a long pause
            time.sleep(3)
            return self.send(h, page_html("/articles/fest.html"))
        if path == "/drip":  # answers at once, then a byte at a time: under every read timeout, never done
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")  # the end of the body is the end of the connection
            h.end_headers()
            for _ in range(100):
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.1)
            return None
        if path == "/big-declared":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(50 * 1024 * 1024))
            h.end_headers()
            h.wfile.write(b"<html>" + b" " * 1024)
            return None
        if path == "/big-streamed":  # no length given: the limit must stop the stream
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")
            h.end_headers()
            for _ in range(100):
                h.wfile.write(b"<p>" + b"x" * 16 * 1024 + b"</p>")
            return None
        if path == "/picture.png":
            return self.send(h, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        if path == "/empty.html":
            return self.send(h, b"<!DOCTYPE html><html><head><title>Leer</title></head><body><div id=app></div>"
                             b"<script>render()</script></body></html>")
        return self.send(h, b"<html><body>not here</body></html>", status=404)


@pytest.fixture
def site():
    with Site() as s:
        yield s


def by_source(result) -> dict[str, tuple[str, str | None]]:
    return {r.source: (r.status, r.error_kind) for r in result.records}


# ------------------------------------------------------------------------------------------------ the policy


@pytest.mark.parametrize("url, kind", [
    ("http://127.0.0.1/", "address_refused"),
    ("http://2130706433/", "address_refused"),  # 127.0.0.1 written as a number: judged by what it resolves to
    ("http://[::1]/", "address_refused"),
    ("http://[::ffff:10.0.0.1]/", "address_refused"),
    ("http://169.254.169.254/latest/", "address_refused"),
    ("http://192.168.1.1/", "address_refused"),
    ("http://100.64.0.1/", "address_refused"),
    ("http://224.0.0.1/", "address_refused"),
    ("http://0.0.0.0/", "address_refused"),
    ("file:///etc/passwd", "scheme_refused"),
    ("ftp://example.org/x", "scheme_refused"),
    ("http://user:secret@example.org/", "bad_url"),
    ("http:///nohost", "bad_url"),
    ("http://example.org:99999/", "bad_url"),
    ("", "bad_url"),
])
def test_policy_refuses_private_addresses_and_other_schemes(url, kind):
    with pytest.raises(FetchError) as err:
        check_url(url, FetchPolicy())
    assert err.value.kind == kind, str(err.value)


def test_policy_checks_every_resolved_address(monkeypatch):
    """A host with one private address among public ones is refused: DNS may hand out either."""
    def fake(host, port, *a, **k):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(policy_module.socket, "getaddrinfo", fake)
    with pytest.raises(FetchError) as err:
        check_url("https://news.example/a", FetchPolicy())
    assert err.value.kind == "address_refused" and "10.1.2.3" in str(err.value)
    assert check_url("https://news.example/a", FetchPolicy(allow_private=True)).addresses[1].exploded == "10.1.2.3"


def test_allowing_private_lets_loopback_through():
    target = check_url("http://[::1]:8080/a?b=1#frag", FetchPolicy(allow_private=True))
    assert (target.host, target.port, target.path, target.origin) == ("::1", 8080, "/a?b=1", "http://[::1]:8080")


def test_a_host_that_does_not_resolve_is_a_dns_error_record(monkeypatch):
    def fail(*a, **k):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(policy_module.socket, "getaddrinfo", fail)
    result = fetch_articles(["https://nowhere.invalid/artikel"], POLICY)
    assert by_source(result) == {"https://nowhere.invalid/artikel": ("error", "dns_error")}
    assert "nowhere.invalid" in result.records[0].message


# ------------------------------------------------------------------------------------------------ feeds and pages


def test_rss_feed_items_are_fetched_as_articles_and_each_failure_is_a_record(site):
    result = fetch_articles([site.base + "/feed.rss"], POLICY)
    b = site.base
    assert by_source(result) == {
        f"{b}/articles/bruecke.html": ("ok", None),
        f"{b}/articles/markt.html": ("ok", None),  # a relative link, resolved against the feed
        f"{b}/private/geheim.html": ("error", "robots_disallowed"),
        f"{b}/articles/fehlt.html": ("error", "http_error"),
        f"{b}/feed.rss#item5": ("error", "no_link"),
    }
    assert [(f.url, f.title, f.items) for f in result.feeds] == [(f"{b}/feed.rss", "Talbote – Lokales", 5)]
    bruecke = next(a for a in result.articles if a.url.endswith("bruecke.html"))
    assert bruecke.title == "Brücke in Weidach gesperrt" and bruecke.outlet == "Talbote"
    assert bruecke.published is not None and bruecke.published.date().isoformat() == "2024-10-21"
    assert bruecke.language == "de" and "12.000 Pendler" in bruecke.text and "Impressum" not in bruecke.text
    assert bruecke.source == f"{b}/articles/bruecke.html"
    record = next(r for r in result.records if r.article_id == bruecke.id)
    assert record.message == f"from the feed {b}/feed.rss"
    missing = next(r for r in result.records if r.error_kind == "http_error")
    assert "404" in missing.message and "feed.rss" in missing.message
    assert "/private/geheim.html" not in site.log  # robots.txt was asked first, the page never requested
    assert site.requests("/robots.txt") == ["/robots.txt"]  # once per site and run


def test_atom_feed_and_a_feed_served_as_plain_xml(site):
    result = fetch_articles([site.base + "/feed.atom", site.base + "/feed.xml"], POLICY)
    statuses = by_source(result)
    assert statuses[site.base + "/articles/fest.html"] == ("ok", None)
    assert statuses[site.base + "/articles/bruecke.html"] == ("ok", None)  # from the RSS served as text/xml
    fest = next(a for a in result.articles if a.url.endswith("fest.html"))
    assert fest.title == "Herbstfest abgesagt" and fest.outlet == "Talbote"
    assert [f.items for f in result.feeds] == [1, 5]


def test_a_feed_gives_at_most_max_items_links(site):
    result = fetch_articles([site.base + "/feed.rss"], replace(POLICY, max_items=2))
    assert [r.source.rsplit("/", 1)[1] for r in result.records] == ["bruecke.html", "markt.html"]
    assert site.requests("/articles/") == ["/articles/bruecke.html", "/articles/markt.html"]


def test_an_article_page_and_the_same_page_twice(site):
    url = site.base + "/articles/bruecke.html"
    result = fetch_articles([url, url + "?ref=rss"], POLICY)
    assert [r.status for r in result.records] == ["ok", "duplicate"]  # the same text under another URL
    assert len(result.articles) == 1 and result.articles[0].url == url


def test_redirect_chain_is_followed_and_the_final_url_stored(site):
    result = fetch_articles([site.base + "/hop/3"], POLICY)
    assert by_source(result) == {site.base + "/hop/3": ("ok", None)}
    assert result.articles[0].url == site.base + "/articles/markt.html"
    assert "redirected to" in result.records[0].message
    assert site.requests("/hop/") == ["/hop/3", "/hop/2", "/hop/1"]


def test_too_many_redirects_stop_at_the_bound(site):
    result = fetch_articles([site.base + "/loop/0"], replace(POLICY, max_redirects=5))
    assert by_source(result) == {site.base + "/loop/0": ("error", "too_many_redirects")}
    assert len(site.requests("/loop/")) == 6  # the first request and five redirects, then stop


def test_a_redirect_to_a_private_address_is_refused(site, monkeypatch):
    """With private ranges refused, a public page that redirects inside is refused at the redirect.

    The test server's own address stands in for a public one (the only way to serve a public page here)."""
    real = policy_module.refusal
    monkeypatch.setattr(policy_module, "refusal", lambda a: None if str(a) == "127.0.0.1" else real(a))
    public = replace(POLICY, allow_private=False)
    result = fetch_articles([site.base + "/articles/bruecke.html", site.base + "/to-metadata",
                             site.base + "/to-loopback"], public)
    assert by_source(result) == {site.base + "/articles/bruecke.html": ("ok", None),
                                 site.base + "/to-metadata": ("error", "address_refused"),
                                 site.base + "/to-loopback": ("error", "address_refused")}
    assert "169.254.169.254" in result.records[1].message and "::1" in result.records[2].message


def test_private_addresses_are_refused_by_default(site):
    result = fetch_articles([site.base + "/articles/bruecke.html"], FetchPolicy())
    assert by_source(result) == {site.base + "/articles/bruecke.html": ("error", "address_refused")}
    assert site.log == []  # refused before any connection


def test_a_slow_answer_and_a_trickle_time_out(site):
    slow = replace(POLICY, read_timeout=0.5, deadline=1.5)
    result = fetch_articles([site.base + "/slow", site.base + "/drip", site.base + "/articles/markt.html"], slow)
    assert by_source(result) == {site.base + "/slow": ("error", "timeout"), site.base + "/drip": ("error", "timeout"),
                                 site.base + "/articles/markt.html": ("ok", None)}  # the batch goes on


def test_oversized_answers_are_stopped(site):
    small = replace(POLICY, max_bytes=100_000)
    result = fetch_articles([site.base + "/big-declared", site.base + "/big-streamed"], small)
    assert by_source(result) == {site.base + "/big-declared": ("error", "too_large"),
                                 site.base + "/big-streamed": ("error", "too_large")}
    assert "declared" in result.records[0].message and "reading stopped" in result.records[1].message


def test_robots_disallow_a_page_and_unreadable_robots_disallow_all():
    with Site() as open_site:
        result = fetch_articles([open_site.base + "/private/geheim.html"], POLICY)
        assert by_source(result) == {open_site.base + "/private/geheim.html": ("error", "robots_disallowed")}
        assert open_site.log == ["/robots.txt"]
    with Site(robots=503) as down:
        result = fetch_articles([down.base + "/articles/bruecke.html"], POLICY)
        assert by_source(result) == {down.base + "/articles/bruecke.html": ("error", "robots_unavailable")}
        assert "/articles/bruecke.html" not in down.log
    with Site(robots=404) as none:  # no robots.txt: everything allowed
        result = fetch_articles([none.base + "/private/geheim.html"], POLICY)
        assert by_source(result) == {none.base + "/private/geheim.html": ("ok", None)}
    with Site(robots="User-agent: Quellenlage\nDisallow: /\n\nUser-agent: *\nAllow: /\n") as us:
        result = fetch_articles([us.base + "/articles/bruecke.html"], POLICY)
        assert by_source(result) == {us.base + "/articles/bruecke.html": ("error", "robots_disallowed")}


def test_a_site_that_refuses_connections_is_a_connection_error_not_a_robots_one():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch_articles([f"http://127.0.0.1:{port}/artikel.html"], POLICY)
    assert by_source(result) == {f"http://127.0.0.1:{port}/artikel.html": ("error", "connection_error")}
    assert "refused" in result.records[0].message.lower()


def test_404_non_html_and_empty_pages_are_error_records(site):
    b = site.base
    result = fetch_articles([b + "/nothing-here", b + "/picture.png", b + "/empty.html", "gopher://x.org/",
                             b + "/articles/fest.html"], POLICY)
    assert by_source(result) == {b + "/nothing-here": ("error", "http_error"), b + "/picture.png": ("error", "not_html"),
                                 b + "/empty.html": ("error", "extraction_empty"),
                                 "gopher://x.org/": ("error", "scheme_refused"),
                                 b + "/articles/fest.html": ("ok", None)}
    assert "image/png" in result.records[1].message


# ------------------------------------------------------------------------------------------------ the command


def test_fetch_command_refuses_without_allow_network_and_touches_nothing(site, tmp_path):
    from typer.testing import CliRunner

    from quellenlage.cli import app

    store = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["fetch", site.base + "/feed.rss", "--store", str(store), "--allow-private"])
    assert result.exit_code == 2
    said = " ".join(result.output.split())  # rich wraps long lines
    assert "--allow-network" in said and "nothing was fetched" in said
    assert site.log == [] and not store.exists()


def test_fetch_command_stores_articles_like_ingest(site, tmp_path):
    """The real per-article stages: fetched articles land in the store with annotations; again, nothing new."""
    from typer.testing import CliRunner

    from quellenlage.cli import app
    from quellenlage.store import Store

    store = tmp_path / "s.duckdb"
    args = ["fetch", site.base + "/feed.atom", site.base + "/articles/bruecke.html", site.base + "/picture.png",
            "--store", str(store), "--allow-network", "--allow-private"]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    said = " ".join(first.output.split())
    assert "2 stored" in said and "not_html" in said
    with Store(store) as db:
        assert db.count() == 2
        titles = {a.title for a in db.articles()}
        assert titles == {"Herbstfest abgesagt", "Brücke in Weidach gesperrt"}
        assert all(len(a.sentences) > 0 for a in db.annotations())
        assert sorted(r.status for r in db.inputs()) == ["error", "ok", "ok"]
    again = runner.invoke(app, args[:3] + args[4:])  # without the picture: only articles already stored
    assert again.exit_code == 0, again.output
    assert "0 stored, 2 already there" in " ".join(again.output.split())


def test_fetch_command_exits_1_when_nothing_could_be_fetched(site, tmp_path):
    from typer.testing import CliRunner

    from quellenlage.cli import app

    result = CliRunner().invoke(app, ["fetch", site.base + "/picture.png", site.base + "/nothing-here",
                                      "--store", str(tmp_path / "s.duckdb"), "--allow-network", "--allow-private"])
    assert result.exit_code == 1
    assert "no article could be fetched" in " ".join(result.output.split())


# ------------------------------------------------------------------------------------------------ the web form


def _fake_analysis(monkeypatch):
    from quellenlage.model import ArticleAnnotations

    monkeypatch.setattr("quellenlage.pipeline.analyse_many",
                        lambda articles, *a, **k: [ArticleAnnotations(article_id=x.id) for x in articles])


def test_web_form_refuses_unless_the_app_allows_network(site, tmp_path):
    from fastapi.testclient import TestClient

    from quellenlage.web import create_app

    with TestClient(create_app(tmp_path / "w.duckdb", job_runner="thread"), base_url="http://127.0.0.1") as client:
        form = client.get("/fetch")
        assert form.status_code == 200 and "--allow-network" in form.text and "ql-fetch-off" in form.text
        assert 'href="/fetch"' in client.get("/").text
        refused = client.post("/fetch", data={"urls": site.base + "/articles/bruecke.html"})
        assert refused.status_code == 403 and "ausgeschaltet" in refused.text and "switched off" in refused.text
    assert site.log == []


def test_web_form_fetches_a_feed_when_allowed(site, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from quellenlage.web import create_app

    _fake_analysis(monkeypatch)
    app = create_app(tmp_path / "w.duckdb", allow_network=True, allow_private=True, job_runner="thread")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        # the index waits for the app's first view of the new store; without it the app's lazy Store creation
        # can race the start-up refresh (two connections creating the schema), see the report to the lead
        assert client.get("/").status_code == 200
        assert "ql-fetch-off" not in client.get("/fetch").text
        queued = client.post("/fetch", data={"urls": f"{site.base}/feed.rss\n\n{site.base}/picture.png\n"})
        assert queued.status_code == 202  # fetched and analysed by a job, off the request path
        job = client.get("/api" + queued.headers["location"], params={"wait": 30}).json()
        assert job["status"] == "done", job
        page = client.get(queued.headers["location"])
        assert page.text.count('class="ql-input-ok"') == 2 and page.text.count('class="ql-input-error"') == 4
        assert 'data-kind="robots_disallowed"' in page.text and "von robots.txt untersagt" in page.text
        assert "from the feed" in page.text and "feed.rss" in page.text  # each item says which feed listed it
        titles = {a["title"] for a in client.get("/api/articles").json()}
        assert titles == {"Brücke in Weidach gesperrt", "Wochenmarkt zieht um"}
        assert client.post("/fetch", data={"urls": "  \n"}).status_code == 400
        assert client.post("/fetch", data={"urls": "file:///etc/passwd"}).status_code == 400
