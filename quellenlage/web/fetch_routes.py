"""The "add URL" form (`/fetch`): feeds and article pages fetched on request, stored like any other article.

The form works only when the app was started with network access (`quellenlage serve --allow-network`,
`create_app(..., allow_network=True)`); otherwise it says so, in the interface language, and fetches nothing.
The fetching itself (policy, robots.txt, feeds, trafilatura) is `quellenlage.fetch`; this module is the page.
"""
from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from ..fetch import FetchPolicy
from ..fetch.policy import FetchError, parse_url
from ..model import InputRecord

MAX_URLS = 20  # per form submission (the form's notice, i18n 'fetch_too_many', says 20)
MAX_ITEMS = 20  # links taken from one feed through the form


def fetch_router(page: Callable[..., HTMLResponse],
                 queue: Callable[[Request, list[str], FetchPolicy, list[InputRecord]], Response], *,
                 allow_network: bool = False, allow_private: bool = False) -> APIRouter:
    """GET/POST /fetch. `page(template, request, status_code=..., **ctx)` renders as the app's other pages;
    `queue(request, urls, policy, refused)` takes the checked URLs off the request path (a job that calls
    `fetch.into_store.fetch_into_store`, with the app's NER mode) and answers for the router (the job's page)."""
    router = APIRouter()
    policy = FetchPolicy(allow_private=allow_private, max_items=MAX_ITEMS)

    def render(request: Request, status_code: int = 200, **ctx) -> HTMLResponse:
        base = dict(allowed=allow_network, urls="", records=None, notice=None)
        return page("fetch.html", request, status_code=status_code, **{**base, **ctx})

    @router.get("/fetch", response_class=HTMLResponse, include_in_schema=False)
    def fetch_form(request: Request):
        return render(request)

    @router.post("/fetch", response_class=HTMLResponse, include_in_schema=False)
    def fetch_post(request: Request, urls: str = Form("", max_length=MAX_URLS * 2100)):
        if not allow_network:  # refused before anything is parsed or looked up
            return render(request, status_code=403)
        sources = list(dict.fromkeys(line.strip() for line in urls.splitlines() if line.strip()))
        if not sources:
            return render(request, status_code=400, notice="fetch_none")
        notice = "fetch_too_many" if len(sources) > MAX_URLS else None
        usable, refused = [], []
        for url in sources[:MAX_URLS]:  # what is not even a URL we may try is answered here, not queued
            try:
                parse_url(url)
                usable.append(url)
            except FetchError as exc:
                refused.append(InputRecord(source=url, status="error", error_kind=exc.kind, message=str(exc)))
        if not usable:
            return render(request, status_code=400, urls=urls, records=refused, notice=notice)
        return queue(request, usable, policy, refused)  # the refused are recorded by the job too

    return router
