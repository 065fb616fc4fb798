"""`/docs` (Swagger UI) and `/redoc` served from this machine: an air-gapped desk has working API docs.

FastAPI's own pages load Swagger UI and ReDoc from a CDN. Here the assets come from the `fastapi-offline` package
(MIT; it bundles swagger-ui-bundle.js, swagger-ui.css and redoc.standalone.js) and are served under
`/docs/assets/`; the pages are FastAPI's HTML with every URL pointing there (FastAPI's "self-hosting JavaScript
and CSS for docs" pattern). Each docs page carries its own Content-Security-Policy that allows this origin only,
so even a URL we missed could not reach the network.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs/assets"
# Swagger UI and ReDoc set up their pages with an inline script; ReDoc renders in a worker from a blob URL.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def assets_dir() -> Path:
    """The folder of bundled Swagger UI and ReDoc files (from the fastapi-offline package)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


# ReDoc's side menu shows a logo from its CDN; our copy points it at the bundled icon instead.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def redoc_bundle() -> bytes:
    js = (assets_dir() / "redoc.standalone.js").read_text(encoding="utf-8")
    return js.replace(REDOC_CDN_LOGO, f"{ASSETS_URL}/favicon.png").encode("utf-8")


def install_docs(app: FastAPI, *, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Serve the docs pages and their assets locally. Create the app with `docs_url=None, redoc_url=None`."""
    oauth_url = docs_url + "/oauth2-redirect"

    @app.get(f"{ASSETS_URL}/redoc.standalone.js", include_in_schema=False)
    def redoc_js() -> Response:  # before the mount, which would answer it otherwise
        return Response(redoc_bundle(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.mount(ASSETS_URL, StaticFiles(directory=str(assets_dir())), name="docs-assets")

    def local(response: HTMLResponse) -> HTMLResponse:
        response.headers["Content-Security-Policy"] = DOCS_CSP
        return response

    @app.get(docs_url, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return local(get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{app.title} – API",
            oauth2_redirect_url=oauth_url,
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            # the online validator badge would call out to validator.swagger.io
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        ))

    @app.get(oauth_url, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return local(get_swagger_ui_oauth2_redirect_html())

    @app.get(redoc_url, include_in_schema=False)
    def redoc() -> HTMLResponse:
        return local(get_redoc_html(
            openapi_url=app.openapi_url, title=f"{app.title} – ReDoc",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js", redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        ))
