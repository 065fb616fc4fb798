"""HTTP GET under the policy (policy.py), with urllib3 (a dependency of trafilatura already).

Each hop: the URL is checked (scheme, every resolved address), robots.txt is asked when a checker is given, and
the connection goes to one of the checked addresses with the host name in Host and TLS SNI (certificates are
verified against the name), so DNS is not asked twice. Redirects are followed by hand, at most
`policy.max_redirects`. The body is read in small pieces: over `max_bytes` (decoded) or past the total deadline
the read stops; a declared Content-Length over the limit stops it before the first byte.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import (ConnectTimeoutError, HTTPError, NewConnectionError, ProtocolError, ReadTimeoutError,
                                SSLError)

from .policy import SCHEMES, FetchError, FetchPolicy, Target, check_url

REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 16 * 1024
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
          "text/xml;q=0.9,*/*;q=0.1")


@dataclass
class Response:
    url: str  # the URL the body came from (after redirects)
    status: int
    reason: str
    content_type: str  # media type, lower case, without parameters ("" when the server sent none)
    charset: str | None
    body: bytes
    redirects: list[str] = field(default_factory=list)


def _content_type(header: str | None) -> tuple[str, str | None]:
    msg = Message()
    msg["content-type"] = header or ""
    media = (msg.get_content_type() if header else "").lower()
    return media, msg.get_param("charset") if header else None


def _pool(target: Target, address, timeout: urllib3.Timeout):
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(str(address), target.port, timeout=timeout, retries=False, maxsize=1,
                                           server_hostname=target.host, assert_hostname=target.host,
                                           cert_reqs="CERT_REQUIRED")
    return urllib3.HTTPConnectionPool(str(address), target.port, timeout=timeout, retries=False, maxsize=1)


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("timeout", f"{url}: no complete answer within the total time limit")
    return left


def _open(target: Target, policy: FetchPolicy, deadline: float):
    """The response (headers read, body not yet) from the first checked address that answers."""
    name = f"[{target.host}]" if ":" in target.host else target.host
    host = name if target.port == SCHEMES[target.scheme] else f"{name}:{target.port}"
    headers = {"Host": host, "User-Agent": policy.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate",
               "Accept-Language": "de, en;q=0.8"}
    last: Exception | None = None
    for address in target.addresses:
        left = _remaining(deadline, target.url)
        timeout = urllib3.Timeout(connect=min(policy.connect_timeout, left), read=min(policy.read_timeout, left))
        pool = _pool(target, address, timeout)
        try:
            return pool.urlopen("GET", target.path, headers=headers, redirect=False, retries=False,
                                preload_content=False, assert_same_host=False, timeout=timeout, release_conn=False)
        except (ConnectTimeoutError, NewConnectionError) as exc:  # try the next checked address
            last = exc
        except ReadTimeoutError:
            raise FetchError("timeout", f"{target.url}: no answer within {policy.read_timeout:g} s") from None
        except SSLError as exc:
            raise FetchError("tls_error", f"{target.url}: TLS failed ({_short(exc)})") from None
        except (ProtocolError, HTTPError, OSError) as exc:
            raise FetchError("connection_error", f"{target.url}: {_short(exc)}") from None
    if isinstance(last, ConnectTimeoutError) and not isinstance(last, NewConnectionError):  # the latter: refused
        raise FetchError("timeout", f"{target.url}: no connection within {policy.connect_timeout:g} s")
    raise FetchError("connection_error", f"{target.url}: connection failed ({_short(last)})")


def _read_body(resp, target: Target, policy: FetchPolicy, deadline: float) -> bytes:
    declared = resp.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise FetchError("too_large", f"{target.url}: {int(declared):,} bytes declared, over the limit of "
                         f"{policy.max_bytes:,} bytes")
    chunks, total = [], 0
    try:
        while True:
            _remaining(deadline, target.url)
            chunk = resp.read1(CHUNK, decode_content=True)  # returns what has arrived: the deadline is checked often
            if not chunk:
                break
            total += len(chunk)
            if total > policy.max_bytes:
                raise FetchError("too_large", f"{target.url}: over the limit of {policy.max_bytes:,} bytes; "
                                 "reading stopped")
            chunks.append(chunk)
    except ReadTimeoutError:
        raise FetchError("timeout", f"{target.url}: the body stalled for {policy.read_timeout:g} s") from None
    except (ProtocolError, HTTPError, OSError) as exc:
        raise FetchError("connection_error", f"{target.url}: the body could not be read ({_short(exc)})") from None
    return b"".join(chunks)


def get(url: str, policy: FetchPolicy, *, allowed: Callable[[Target], None] | None = None) -> Response:
    """GET `url` under the policy, any status. `allowed(target)` is called on every hop (robots.txt) and raises
    FetchError to refuse it. Raises FetchError for everything that is not an HTTP answer."""
    deadline = time.monotonic() + policy.deadline
    redirects: list[str] = []
    while True:
        target = check_url(url, policy)
        if allowed is not None:
            allowed(target)
        resp = _open(target, policy, deadline)
        try:
            if resp.status in REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError("bad_redirect", f"{url}: HTTP {resp.status} without a Location")
                if len(redirects) >= policy.max_redirects:
                    raise FetchError("too_many_redirects", f"{redirects[0] if redirects else url}: more than "
                                     f"{policy.max_redirects} redirects (stopped at {url})")
                url = urljoin(target.url, location.strip())
                redirects.append(url)
                continue
            body = _read_body(resp, target, policy, deadline)
            media, charset = _content_type(resp.headers.get("Content-Type"))
            return Response(url=target.url, status=resp.status, reason=resp.reason or "", content_type=media,
                            charset=charset, body=body, redirects=redirects)
        finally:
            resp.release_conn()
            resp.close()


def fetch(url: str, policy: FetchPolicy, *, allowed: Callable[[Target], None] | None = None) -> Response:
    """Like `get`, but anything but a 2xx answer is a FetchError (http_error)."""
    response = get(url, policy, allowed=allowed)
    if not 200 <= response.status < 300:
        raise FetchError("http_error", f"{response.url}: the server answered {response.status} {response.reason}".rstrip())
    return response


def _short(exc: BaseException | None, n: int = 160) -> str:
    text = " ".join(str(exc).split()) if exc is not None else "unknown error"
    return text if len(text) <= n else text[: n - 1] + "…"
