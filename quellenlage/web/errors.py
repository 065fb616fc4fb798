"""Malformed and abusive requests get a 4xx with a short message, never a 500 with a traceback.

- `install(app)`: validation errors answer 422 with where and what (never an echo of the input: it can be
  megabytes, or a lone surrogate that cannot even be encoded); a store held by another process past the busy
  timeout answers 503; anything unexpected answers a plain 500 message (the traceback goes to the server log).
- `BodyLimit`: bodies over the limit answer 413, by Content-Length before reading and by counting otherwise.
- `RequestLimits`: bounded concurrency (503 when the server stays busy) and a time limit per request.
- `text_field()`: the checks every free-text field of a request gets (type, length, valid Unicode).
"""
from __future__ import annotations

import asyncio
import json
import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from ..store.db import StoreBusy

log = logging.getLogger("quellenlage.web")


class SafeJSONResponse(JSONResponse):
    """JSON as ASCII: whatever a message quotes (a lone surrogate, a control character) can be sent."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(part)[:100] for part in e.get("loc", ())][:10], "msg": str(e.get("msg", ""))[:300],
                   "type": str(e.get("type", ""))} for e in exc.errors()[:20]]
        return SafeJSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy):
        return SafeJSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return SafeJSONResponse({"detail": "internal error; the server log has the details"}, status_code=500)


async def _send_json(send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode("ascii")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 (by Content-Length, and by counting when it is absent:
    then whatever the app answered to the cut-off body is replaced by the 413)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        detail = f"request body over the limit of {self.limit:,} bytes"
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _send_json(send, 413, detail)
        seen = 0
        exceeded = responded = False

        async def counted():
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message):
            nonlocal responded
            if exceeded:
                if not responded:
                    responded = True
                    await _send_json(send, 413, detail)
                return
            if message["type"] == "http.response.start":
                responded = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not responded:
            await _send_json(send, 413, detail)


class RequestLimits:
    """At most `max_concurrent` requests at once (the next wait up to `queue_timeout` s, then 503) and each one
    answered within `timeout` s (503 if it has not started answering by then). `exempt` paths skip both."""

    def __init__(self, app, max_concurrent: int = 32, timeout: float = 60.0, queue_timeout: float = 10.0,
                 exempt: tuple[str, ...] = ("/healthz",)):
        self.app, self.max_concurrent, self.timeout, self.queue_timeout = app, max_concurrent, timeout, queue_timeout
        self.exempt = exempt
        self._loop = self._semaphore = None

    def _slots(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a semaphore belongs to one event loop (tests start several)
            self._loop, self._semaphore = loop, asyncio.Semaphore(self.max_concurrent)
        return self._semaphore

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path") in self.exempt:
            return await self.app(scope, receive, send)
        slots = self._slots()
        try:
            await asyncio.wait_for(slots.acquire(), self.queue_timeout)
        except asyncio.TimeoutError:
            return await _send_json(send, 503, "the server is busy; try again in a moment", {"Retry-After": "5"})
        started = False

        async def tracking(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, receive, tracking), self.timeout)
        except asyncio.TimeoutError:
            if not started:
                await _send_json(send, 503, f"the request took longer than {self.timeout:.0f} s", {"Retry-After": "5"})
        finally:
            slots.release()


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def text_field(value, name: str, max_length: int) -> str:
    """A free-text form field as a str: 422 when it is a file, too long, or not valid Unicode."""
    if value is None:
        return ""
    if isinstance(value, UploadFile):
        raise HTTPException(422, f"{name}: expected text, got a file")
    if len(value) > max_length:
        raise HTTPException(422, f"{name}: longer than {max_length:,} characters")
    if has_lone_surrogate(value):
        raise HTTPException(422, f"{name}: not valid Unicode (a lone surrogate)")
    return value
