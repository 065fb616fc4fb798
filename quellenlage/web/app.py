"""FastAPI app over the store: HTML pages (same views as the report) and a JSON API mirroring the schema.

Security: every page is rendered with Jinja autoescape and served with a Content-Security-Policy that allows
only the report's own script (by hash); request bodies are size-limited before parsing; uploaded file names are
never used as paths; POSTs from other origins are refused (CSRF); the Host header must be one we serve (DNS
rebinding); URLs given with an article are stored as metadata and never fetched.

Under load and abuse: articles are analysed off the request path, by a bounded job queue (jobs.py); pages are
rendered from views kept per store generation (views.py); malformed requests get a 4xx, concurrency and time
per request are bounded (errors.py).
"""
from __future__ import annotations

import asyncio
import re
import threading
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field, field_validator
from starlette.datastructures import UploadFile

from ..briefing import html as report
from ..briefing import i18n
from ..model import Article, ArticleAnnotations, Briefing, InputRecord, Story
from ..store import Store
from . import errors
from .errors import BodyLimit, RequestLimits, text_field
from .jobs import JobInfo, JobQueue, JobSpec, ProcessRunner, QueueFull, ThreadRunner, Upload
from .views import Page, Snapshot, Views
from .docs_assets import install_docs
from .fetch_routes import fetch_router
from .pages_articles import articles_router
from .pages_entities import entities_router
from .search import ClaimHit, MentionHit, SearchResult, run_search  # noqa: F401  (API models live with the search)

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

    @field_validator("text", "outlet", "title", "url", "published")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        if value is not None and errors.has_lone_surrogate(value):
            raise ValueError("not valid Unicode (a lone surrogate)")
        return value


# ------------------------------------------------------------------------------------------------ helpers


def _safe_name(name: str | None) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE).strip("._") or "upload"
    return base[:100]


def _host_name(header: str) -> str:
    """'127.0.0.1:8000' → '127.0.0.1'; '[::1]:8000' → '[::1]'."""
    if header.startswith("["):
        return header.split("]")[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _html(request: Request, page: Page) -> HTMLResponse:
    """A cached page, gzipped when the client accepts it (the big story pages travel 8× smaller)."""
    if "gzip" in request.headers.get("accept-encoding", ""):
        return HTMLResponse(page.gzipped(), headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return HTMLResponse(page.body, headers={"Vary": "Accept-Encoding"})


def _lang(request: Request) -> tuple[str, bool]:
    lang = request.query_params.get("lang")
    return (lang, True) if lang in i18n.LANGS else ("de", False)


# ------------------------------------------------------------------------------------------------ the app


def create_app(store_path: str | Path, *, max_upload_bytes: int = 5 * 1024 * 1024, max_files: int = 50,
               allowed_hosts: list[str] | None = None, allow_network: bool = False,
               allow_private: bool = False, ner_mode: str = "accurate", job_runner: str = "process",
               max_queued: int = 16, job_time_limit: float = 600.0, max_concurrent: int = 32,
               request_timeout: float = 60.0, warm_jobs: bool = False) -> FastAPI:
    """The web app for one store file. `allowed_hosts` defaults to this machine's names.

    `ner_mode` is the NER mode of the analysis (as `brief --ner`); `job_runner` "process" analyses in a child
    process the app owns (killed after `job_time_limit` s), "thread" in the app's own process (tests);
    at most `max_queued` jobs wait (`warm_jobs`: start that process and load its models at start-up).
    `max_concurrent` requests are handled at once, each within `request_timeout` s.
    """
    store_path = Path(store_path)
    state: dict = {}

    @asynccontextmanager
    async def lifespan(app):
        if warm_jobs:
            jobs.start()
        views.refresh_in_background()  # the first page need not wait for the briefing to load
        yield
        jobs.close()
        if "store" in state:
            state.pop("store").close()

    app = FastAPI(
        title="Quellenlage", version="0.1.0", lifespan=lifespan,
        description="Grounded news briefings: claims, sources, independent origins, conflicts and denials. "
                    "Every item points to an exact character span of a stored article.",
        docs_url=None, redoc_url=None,  # served from the package instead of a CDN (docs_assets.py)
    )
    install_docs(app)
    css, js, _ = report.assets()
    web_css = (TEMPLATES / "web.css").read_text(encoding="utf-8")
    env = report.make_env([TEMPLATES])
    csp = report.content_security_policy()
    hosts = set(allowed_hosts or LOCAL_HOSTS)

    store_lock = threading.Lock()

    def store() -> Store:
        if "store" not in state:
            with store_lock:  # the first request, the job worker and the view builder may all ask at once
                if "store" not in state:
                    state["store"] = Store(store_path)
        return state["store"]

    def warm(snapshot: Snapshot) -> None:  # what the first visitors open: computed before they ask
        index_page_of(snapshot, "de", False).gzipped()
        for i, story in enumerate(snapshot.briefing.stories[:20]):
            snapshot.view_model(story.id)
            if i < 5:
                story_page_of(snapshot, story.id, "de", False).gzipped()

    views = Views(store, warm=warm)
    runner = ProcessRunner(job_time_limit) if job_runner == "process" else ThreadRunner(store)
    jobs = JobQueue(runner, max_queued=max_queued, ner_mode=ner_mode, warm=warm_jobs and job_runner == "process",
                    after=lambda job: views.refresh())

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
    app.add_middleware(RequestLimits, max_concurrent=max_concurrent, timeout=request_timeout)
    errors.install(app)

    def page(name: str, request: Request, briefing: Briefing | None = None, status_code: int = 200, **ctx) -> HTMLResponse:
        lang, explicit = _lang(request)
        html = render_page(name, lang, explicit, request.url.path, briefing, **ctx)
        return HTMLResponse(html, status_code=status_code)

    def render_page(name: str, lang: str, explicit: bool, path: str, briefing: Briefing | None = None, **ctx) -> str:
        data = report.json_for_script(report.article_data(briefing, lang, explicit))
        return env.get_template(name).render(lang=lang, css=Markup(css + web_css), js=Markup(js), data=data,
                                             request_path=path, **ctx)

    def story_of(briefing: Briefing) -> dict[str, str]:
        snapshot = views.current()
        if snapshot.briefing is briefing:
            return snapshot.story_of
        return {aid: s.id for s in briefing.stories for aid in s.article_ids}

    def story_view(request: Request, story_id: str | None) -> HTMLResponse:
        """A story's page (None: the whole briefing), rendered once per generation and interface language."""
        snapshot = views.current()
        if story_id is not None and story_id not in snapshot.story_ids:
            raise HTTPException(404, "no such story")
        return _html(request, story_page_of(snapshot, story_id, *_lang(request)))

    def story_page_of(snapshot: Snapshot, story_id: str | None, lang: str, explicit: bool) -> Page:
        def render() -> bytes:
            briefing = snapshot.story(story_id)
            path = f"/stories/{story_id}" if story_id else "/briefing"
            return render_page("story.html", lang, explicit, path, briefing, vm=snapshot.view_model(story_id),
                               page_title=briefing.stories[0].label if story_id else None,
                               story_id=story_id).encode("utf-8")

        return snapshot.page(("story", story_id, lang, explicit), render)

    def index_page_of(snapshot: Snapshot, lang: str, explicit: bool) -> Page:
        def render() -> bytes:
            return render_page("index.html", lang, explicit, "/", vm=snapshot.view_model(None),
                               max_upload=max_upload_bytes).encode("utf-8")

        return snapshot.page(("index", lang, explicit), render)

    def queue_fetch(request: Request, urls: list[str], policy, refused: list[InputRecord]) -> HTMLResponse:
        spec = JobSpec(store_path=str(store_path), ner_mode=ner_mode, fetch=urls, fetch_policy=policy,
                       rejected=refused)
        return job_page(request, submit(spec, "fetch", f"{len(urls)} URL(s)").id, status_code=202)

    app.include_router(fetch_router(page, queue_fetch, allow_network=allow_network, allow_private=allow_private))
    app.include_router(articles_router(store, page))
    app.include_router(entities_router(store, page))

    # -------------------------------------------------------------------------------------------- HTML pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request):
        snapshot = views.current()
        lang, explicit = _lang(request)
        return _html(request, index_page_of(snapshot, lang, explicit))

    @app.get("/briefing", response_class=HTMLResponse, include_in_schema=False)
    def whole_briefing(request: Request):
        return story_view(request, None)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, request: Request):
        return story_view(request, story_id)

    @app.get("/stories/{story_id}/report.html", include_in_schema=False)
    def story_report(story_id: str, lang: str = "de"):
        snapshot = views.current()
        try:
            briefing = snapshot.story(story_id)
        except KeyError:
            raise HTTPException(404, "no such story")
        lang = lang if lang in i18n.LANGS else "de"
        html = snapshot.memo(("report", story_id, lang), lambda: report.render(briefing, lang).encode("utf-8"))
        return HTMLResponse(html, headers={
            "Content-Disposition": f'attachment; filename="quellenlage-{_safe_name(story_id)}.html"'})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200)):
        result = cached_search(q) if q.strip() else None
        return page("search.html", request, q=q, result=result)

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add(request: Request):
        """Files and/or a pasted text: checked here, analysed by a job; the answer is the job's page (202)."""
        try:
            form = await request.form(max_files=max_files, max_fields=20, max_part_size=max_upload_bytes)
        except HTTPException:
            raise
        except Exception as exc:  # whatever the form parser could not take is the client's error
            raise HTTPException(400, f"malformed form data ({type(exc).__name__})")
        try:
            spec, files = await checked_form(form)
        finally:
            await form.close()
        if not files and spec.text is None:
            raise HTTPException(400, "give files or text")
        parts = [f"{len(files)} file(s)"] if files else []
        job = submit(spec, "add", ", ".join(parts + (["pasted text"] if spec.text else [])))
        return job_page(request, job.id, status_code=202)

    async def checked_form(form) -> tuple[JobSpec, list[UploadFile]]:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if any(isinstance(f, str) and f for f in form.getlist("files")):
            raise HTTPException(422, "files: expected files, got text")
        fields = {name: text_field(form.get(name), name, limit)
                  for name, limit in (("text", max_upload_bytes), ("outlet", 300), ("title", 1000), ("url", 2000),
                                      ("published", 100))}
        text = fields.pop("text")
        spec = JobSpec(store_path=str(store_path), ner_mode=ner_mode, max_bytes=max_upload_bytes,
                       text=text if text.strip() else None, source="paste",
                       fields={k: v or None for k, v in fields.items()})
        for upload in files:
            name = _safe_name(upload.filename)
            suffix = Path(name).suffix.lower()
            if suffix == ".htm":
                suffix = ".html"
            if suffix not in UPLOAD_SUFFIXES:
                spec.rejected.append(InputRecord(source=f"upload:{name}", status="error", error_kind="unsupported",
                                                 message=f"unsupported file type {suffix or '(none)'}"))
                continue
            data = await upload.read(max_upload_bytes + 1)
            if len(data) > max_upload_bytes:
                spec.rejected.append(InputRecord(source=f"upload:{name}", status="error", error_kind="too_large",
                                                 message=f"over the limit of {max_upload_bytes:,} bytes"))
                continue
            spec.uploads.append(Upload(name=name, suffix=suffix, data=data))
        return spec, files

    def submit(spec: JobSpec, kind: str, label: str):
        try:
            return jobs.submit(spec, kind, label)
        except QueueFull as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": "30"})

    def job_page(request: Request, job_id: str, status_code: int = 200) -> HTMLResponse:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "no such job (the app keeps the last 1,000)")
        info = jobs.info(job)
        lang, explicit = _lang(request)
        lang_query = f"?lang={lang}" if explicit else ""
        response = page("job.html", request, job=info, finished=job.finished, lang_query=lang_query,
                        story_of=views.current().story_of if job.finished else {}, status_code=status_code)
        if not job.finished:
            response.headers["Refresh"] = f"2; url={info.page}{lang_query}"
        if status_code == 202:
            response.headers["Location"] = info.page
        return response

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_status_page(job_id: str, request: Request):
        return job_page(request, job_id)

    # -------------------------------------------------------------------------------------------- JSON API
    def search(q: str, limit: int = 50) -> SearchResult:
        return run_search(store(), q, limit)  # claims, entities in any spelling (rapidfuzz), mentions: search.py

    def cached_search(q: str, limit: int = 50, fresh: bool = False) -> SearchResult:
        """`search`, kept per store generation: the same query again costs nothing until the store changes."""
        return views.current(fresh=fresh).memo(("search", q, limit), lambda: search(q, limit))

    @app.get("/api/search", response_model=SearchResult, tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(50, ge=1, le=500)):
        """Claims (by text, and by or about the entities found), entities (by name or alias, spelling variants
        included: "Peskow" finds Peskov) and names matching `q`; every hit has its link (`href`)."""
        return cached_search(q, limit, fresh=True)

    @app.get("/api/articles", response_model=list[ArticleInfo], tags=["articles"])
    def api_articles():
        return [ArticleInfo(id=a.id, outlet=a.outlet, title=a.title, published=a.published, language=a.language,
                            source=a.source, chars=len(a.text)) for a in store().articles()]

    @app.post("/api/articles", response_model=JobInfo, status_code=202, tags=["articles"])
    def api_add_article(body: ArticleIn):
        """Add one article from JSON. Answers at once with a job (202): the text is cleaned and analysed in the
        background; `GET /api/jobs/{id}` (optionally `?wait=30`) gives its input record when done. 503 when
        the queue is full."""
        if len(body.text) > max_upload_bytes:
            raise HTTPException(413, f"text longer than {max_upload_bytes:,} characters")
        spec = JobSpec(store_path=str(store_path), ner_mode=ner_mode, max_bytes=max_upload_bytes, text=body.text,
                       source="api", fields={"outlet": body.outlet, "title": body.title, "url": body.url,
                                             "published": body.published, "language": body.language})
        job = submit(spec, "api", "article (API)")
        return JSONResponse(jobs.info(job).model_dump(mode="json"), status_code=202,
                            headers={"Location": f"/api/jobs/{job.id}"})

    @app.get("/api/jobs", response_model=list[JobInfo], tags=["jobs"])
    def api_jobs():
        """The last jobs (newest last): queued, running, done (with their input records) or error."""
        return [jobs.info(j) for j in jobs.jobs()]

    @app.get("/api/jobs/{job_id}", response_model=JobInfo, tags=["jobs"])
    async def api_job(job_id: str, wait: float = Query(0, ge=0, le=30, description="wait up to this many seconds "
                                                                                 "for the job to finish")):
        """One job. With `wait`, answers as soon as the job is done (or after `wait` seconds)."""
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "no such job (the app keeps the last 1,000)")
        deadline = asyncio.get_running_loop().time() + wait
        while not job.finished and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        return jobs.info(job)

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
        return views.current(fresh=True).briefing.stories

    @app.get("/api/stories/{story_id}/briefing", response_model=Briefing, tags=["briefing"])
    def api_story_briefing(story_id: str):
        snapshot = views.current(fresh=True)
        try:
            return Response(snapshot.briefing_json(story_id), media_type="application/json")
        except KeyError:
            raise HTTPException(404, "no such story")

    @app.get("/api/briefing", response_model=Briefing, tags=["briefing"])
    def api_briefing():
        """The briefing over every stored article (same schema as briefing.json)."""
        return Response(views.current(fresh=True).briefing_json(None), media_type="application/json")

    @app.get("/healthz", include_in_schema=False)
    async def healthz():  # on the event loop itself: answers while every worker thread is busy
        return Response("ok", media_type="text/plain")

    return app
