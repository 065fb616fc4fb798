"""robots.txt, read with urllib.robotparser for our user agent and fetched under the same policy.

What an answer means follows RFC 9309: 2xx is parsed (up to 500 KiB; a larger file is taken as disallowing
all); a 4xx means no rules (everything allowed); a 5xx means the site cannot say, and a crawler must then assume
it disallows everything. When the site cannot be reached at all (DNS, refused address, timeout, connection, TLS)
its pages fail with that reason. One robots.txt per origin (scheme, host, port) and run.
"""
from __future__ import annotations

from dataclasses import replace
from urllib.robotparser import RobotFileParser

from . import client
from .policy import FetchError, FetchPolicy, Target

MAX_ROBOTS_BYTES = 500 * 1024
# failures that say the site is unreachable: the page fails with the same reason, whatever robots.txt says
UNREACHABLE = {"dns_error", "address_refused", "timeout", "connection_error", "tls_error"}


class Robots:
    """A per-run cache of robots.txt rules; `check(target)` raises FetchError(robots_disallowed) to refuse."""

    def __init__(self, policy: FetchPolicy):
        self.policy = policy
        self._rules: dict[str, tuple[RobotFileParser, str | None] | FetchError] = {}

    def rules(self, origin: str) -> tuple[RobotFileParser, str | None]:
        """(parser, why everything is disallowed or None). Raises FetchError when the site cannot be reached at
        all: then the page's failure is that (a timeout, a refused connection), not its robots.txt."""
        if origin not in self._rules:
            self._rules[origin] = self._load(origin)
        found = self._rules[origin]
        if isinstance(found, FetchError):
            raise FetchError(found.kind, str(found))
        return found

    def _load(self, origin: str) -> tuple[RobotFileParser, str | None] | FetchError:
        parser = RobotFileParser(origin + "/robots.txt")
        policy = self.policy
        if policy.max_bytes > MAX_ROBOTS_BYTES:
            policy = replace(policy, max_bytes=MAX_ROBOTS_BYTES)
        try:
            response = client.get(origin + "/robots.txt", policy)
        except FetchError as exc:
            if exc.kind == "too_large":  # RFC 9309: parse at least 500 KiB; a larger file is read as far as that
                parser.disallow_all = True
                return parser, f"robots.txt of {origin} is over {MAX_ROBOTS_BYTES:,} bytes; treated as disallowing all"
            if exc.kind in UNREACHABLE:
                return FetchError(exc.kind, f"{origin} could not be reached for its robots.txt: {exc}")
            parser.disallow_all = True
            return parser, f"robots.txt of {origin} could not be fetched ({exc}); treated as disallowing all"
        if 400 <= response.status < 500:
            parser.allow_all = True
            return parser, None
        if not 200 <= response.status < 300:
            parser.disallow_all = True
            return parser, f"robots.txt of {origin} answered {response.status}; treated as disallowing all"
        text = response.body.decode(response.charset or "utf-8", errors="replace")
        parser.parse(text.splitlines())
        return parser, None

    def check(self, target: Target) -> None:
        parser, why = self.rules(target.origin)
        if why:
            raise FetchError("robots_unavailable", f"{target.url}: {why}")
        if not parser.can_fetch(self.policy.user_agent, target.url):
            raise FetchError("robots_disallowed", f"{target.url}: robots.txt of {target.origin} disallows it "
                             f"for {self.policy.user_agent.split('/')[0]}")
