"""FastAPI app over the store: HTML pages (same views as the report) and a JSON API mirroring the schema.

Security: every page is rendered with Jinja autoescape and served with a Content-Security-Policy that allows
only the report's own script (by hash); request bodies are size-limited before parsing; uploaded file names are
never used as paths; POSTs from other origins are refused (CSRF); the Host header must be one we serve (DNS
rebinding); URLs given with an article are stored as metadata and never fetched.
"""
from __future__ import annotations

import re
import tempfile
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from ..briefing import html as report
from ..briefing import i18n
from ..model import Article, ArticleAnnotations, Briefing, Entity, InputRecord, Story
from ..store import Store, ingest_text
from ..store.ingest import ingest_articles

TEMPLATES = Path(__file__).parent / "templates"
UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl"}
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


# ------------------------------------------------------------------------------------------------ API models


class ArticleInfo(BaseModel):
    id: str
    outlet: str | None = None
    title: str | None = None
    published: datetime | None = None
    language: str | None = None
    source: str
    chars: int


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, description="the article text (plain text)")
    outlet: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000, description="stored as metadata; never fetched")
    published: str | None = Field(None, max_length=100, description="ISO date or date-time")
    language: str | None = Field(None, pattern="^(de|en)$")


class ClaimHit(BaseModel):
    article_id: str
    id: str
    start: int
    end: int
    text: str
    certainty: str | None = None
    polarity: str | None = None
    source: str | None = None
    outlet: str | None = None
    story_id: str | None = None


class MentionHit(BaseModel):
    text: str
    label: str
    mentions: int
    articles: int
    article_id: str
    start: int


class SearchResult(BaseModel):
    query: str
    claims: list[ClaimHit]
    mentions: list[MentionHit]
    entities: list[Entity]


# ------------------------------------------------------------------------------------------------ helpers


class BodyLimit:
    """Refuse request bodies over `limit` bytes (by Content-Length, and by counting when it is absent)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = JSONResponse({"detail": f"request body over the limit of {self.limit:,} bytes"}, status_code=413)
            return await response(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    return {"type": "http.disconnect"}
            return message

        return await self.app(scope, counted, send)


def _safe_name(name: str | None) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE).strip("._") or "upload"
    return base[:100]


def _host_name(header: str) -> str:
    """'127.0.0.1:8000' → '127.0.0.1'; '[::1]:8000' → '[::1]'."""
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _lang(request: Request) -> tuple[str, bool]:
    lang = request.query_params.get("lang")
    return (lang, True) if lang in i18n.LANGS else ("de", False)


# ------------------------------------------------------------------------------------------------ the app


def create_app(store_path: str | Path, *, max_upload_bytes: int = 5 * 1024 * 1024, max_files: int = 50,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app for one store file. `allowed_hosts` defaults to this machine's names."""
    store_path = Path(store_path)
    state: dict = {}

    @asynccontextmanager
    async def lifespan(app):
        yield
        if "store" in state:
            state.pop("store").close()

    app = FastAPI(
        title="Quellenlage", version="0.1.0", lifespan=lifespan,
        description="Grounded news briefings: claims, sources, independent origins, conflicts and denials. "
                    "Every item points to an exact character span of a stored article.",
    )
    css, js, _ = report.assets()
    web_css = (TEMPLATES / "web.css").read_text(encoding="utf-8")
    env = report.make_env([TEMPLATES])
    csp = report.content_security_policy()
    hosts = set(allowed_hosts or LOCAL_HOSTS)

    def store() -> Store:
        if "store" not in state:
            state["store"] = Store(store_path)
        return state["store"]

    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = _host_name(request.headers.get("host") or "")
        if "*" not in hosts and host not in hosts:
            return JSONResponse({"detail": "unknown host"}, status_code=400)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin") or request.headers.get("referer")
            if origin and origin != "null":
                o = urlsplit(origin)
                if o.netloc != request.headers.get("host"):
                    return JSONResponse({"detail": "cross-origin request refused"}, status_code=403)
            elif origin == "null":
                return JSONResponse({"detail": "cross-origin request refused"}, status_code=403)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", csp + "; frame-ancestors 'none'")
        return response

    app.add_middleware(BodyLimit, limit=max_upload_bytes + 64 * 1024)

    def page(name: str, request: Request, briefing: Briefing | None = None, status_code: int = 200, **ctx) -> HTMLResponse:
        lang, explicit = _lang(request)
        data = report.json_for_script(report.article_data(briefing, lang, explicit))
        html = env.get_template(name).render(lang=lang, css=Markup(css + web_css), js=Markup(js), data=data,
                                             request_path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status_code)

    def story_of(briefing: Briefing) -> dict[str, str]:
        return {aid: s.id for s in briefing.stories for aid in s.article_ids}

    # -------------------------------------------------------------------------------------------- HTML pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request):
        briefing = store().briefing()
        vm = report.view_model(briefing)
        return page("index.html", request, vm=vm, max_upload=max_upload_bytes)

    @app.get("/briefing", response_class=HTMLResponse, include_in_schema=False)
    def whole_briefing(request: Request):
        briefing = store().briefing()
        return page("story.html", request, briefing, vm=report.view_model(briefing), page_title=None, story_id=None)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, request: Request):
        try:
            briefing = store().story_briefing(story_id)
        except KeyError:
            raise HTTPException(404, "no such story")
        return page("story.html", request, briefing, vm=report.view_model(briefing),
                    page_title=briefing.stories[0].label, story_id=story_id)

    @app.get("/stories/{story_id}/report.html", include_in_schema=False)
    def story_report(story_id: str, lang: str = "de"):
        try:
            briefing = store().story_briefing(story_id)
        except KeyError:
            raise HTTPException(404, "no such story")
        return HTMLResponse(report.render(briefing, lang), headers={
            "Content-Disposition": f'attachment; filename="quellenlage-{_safe_name(story_id)}.html"'})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200)):
        result = search(q) if q.strip() else None
        return page("search.html", request, q=q, result=result)

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add(request: Request, files: list[UploadFile] = File(default=[]), text: str = Form(""),
                  outlet: str = Form(""), title: str = Form(""), url: str = Form(""), published: str = Form("")):
        records: list[InputRecord] = []
        uploads = [f for f in files if f.filename]
        if len(uploads) > max_files:
            raise HTTPException(413, f"at most {max_files} files per upload")
        if uploads:
            records.extend(await _ingest_uploads(uploads))
        if text.strip():
            records.append(ingest_text(store(), text, source="paste", outlet=outlet or None, title=title or None,
                                       url=url or None, published=published or None))
        if not records:
            raise HTTPException(400, "give files or text")
        briefing = store().briefing()
        return page("added.html", request, records=records, story_of=story_of(briefing),
                    status_code=200 if any(r.status != "error" for r in records) else 400)

    async def _ingest_uploads(uploads: list[UploadFile]) -> list[InputRecord]:
        from ..ingest import read_inputs

        records: list[InputRecord] = []
        with tempfile.TemporaryDirectory(prefix="quellenlage-upload-") as tmp:
            paths, names = [], {}
            for i, upload in enumerate(uploads):
                name = _safe_name(upload.filename)
                suffix = Path(name).suffix.lower()
                if suffix == ".htm":
                    suffix = ".html"
                if suffix not in UPLOAD_SUFFIXES:
                    records.append(InputRecord(source=f"upload:{name}", status="error", error_kind="unsupported",
                                               message=f"unsupported file type {suffix or '(none)'}"))
                    continue
                data = await upload.read(max_upload_bytes + 1)
                if len(data) > max_upload_bytes:
                    records.append(InputRecord(source=f"upload:{name}", status="error", error_kind="too_large",
                                               message=f"over the limit of {max_upload_bytes:,} bytes"))
                    continue
                path = Path(tmp) / f"{i:03d}{suffix}"  # our name, never the client's
                path.write_bytes(data)
                paths.append(str(path))
                names[str(path)] = f"upload:{name}"
            for r in records:
                store().record_input(r)
            if paths:
                articles, found = read_inputs(paths, max_bytes=max_upload_bytes)

                def rename(source: str) -> str:
                    base, _, line = source.partition("#")
                    return names.get(base, "upload") + (f"#{line}" if line else "")

                articles = [a.model_copy(update={"source": rename(a.source)}) for a in articles]
                found = [r.model_copy(update={"source": rename(r.source)}) for r in found]
                records.extend(ingest_articles(store(), articles, found, workers=1))
        return records

    # -------------------------------------------------------------------------------------------- JSON API
    def search(q: str, limit: int = 50) -> SearchResult:
        db = store()
        briefing = db.briefing()
        where = story_of(briefing)
        claims = [ClaimHit(**c, story_id=where.get(c["article_id"])) for c in db.search_claims(q, limit)]
        mentions = [MentionHit(**m) for m in db.search_mentions(q, limit)]
        ql = q.lower()
        entities = [e for e in briefing.entities
                    if ql in e.name.lower() or any(ql in a.lower() for a in e.aliases)][:limit]
        return SearchResult(query=q, claims=claims, mentions=mentions, entities=entities)

    @app.get("/api/search", response_model=SearchResult, tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(50, ge=1, le=500)):
        """Claims (by text) and entities (by name or alias) matching `q`, case-insensitive."""
        return search(q, limit)

    @app.get("/api/articles", response_model=list[ArticleInfo], tags=["articles"])
    def api_articles():
        return [ArticleInfo(id=a.id, outlet=a.outlet, title=a.title, published=a.published, language=a.language,
                            source=a.source, chars=len(a.text)) for a in store().articles()]

    @app.post("/api/articles", response_model=InputRecord, tags=["articles"])
    def api_add_article(body: ArticleIn):
        """Add one article from JSON. The text is cleaned and analysed; the record says what happened."""
        return ingest_text(store(), body.text, source="api", outlet=body.outlet, title=body.title, url=body.url,
                           published=body.published, language=body.language)

    @app.get("/api/articles/{article_id}", response_model=Article, tags=["articles"])
    def api_article(article_id: str):
        article = store().article(article_id)
        if article is None:
            raise HTTPException(404, "no such article")
        return article

    @app.get("/api/articles/{article_id}/annotations", response_model=ArticleAnnotations, tags=["articles"])
    def api_annotations(article_id: str):
        ann = store().annotation(article_id)
        if ann is None:
            raise HTTPException(404, "no such article")
        return ann

    @app.get("/api/inputs", response_model=list[InputRecord], tags=["articles"])
    def api_inputs():
        return store().inputs()

    @app.get("/api/stories", response_model=list[Story], tags=["briefing"])
    def api_stories():
        return store().stories()

    @app.get("/api/stories/{story_id}/briefing", response_model=Briefing, tags=["briefing"])
    def api_story_briefing(story_id: str):
        try:
            return store().story_briefing(story_id)
        except KeyError:
            raise HTTPException(404, "no such story")

    @app.get("/api/briefing", response_model=Briefing, tags=["briefing"])
    def api_briefing():
        """The briefing over every stored article (same schema as briefing.json)."""
        return store().briefing()

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return Response("ok", media_type="text/plain")

    return app
