"""The network policy: what a fetch may touch, and within which bounds.

Fetching is opt-in (the CLI's `--allow-network`, the web app's `allow_network`); this module says what a
permitted fetch may do. Only http and https. A host is resolved here and *every* address it resolves to must be
public unless private ranges are allowed — one private address among public ones refuses the host, since DNS may
hand out any of them — and the connection then goes to an address that was checked, so no second lookup can be
rebound to the inside (client.py). Each redirect target is checked again. Timeouts (connect, read, and a total
deadline), the size limit and the number of redirects are bounds of the policy too.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from ..ingest.decode import InputError

USER_AGENT = "Quellenlage/0.1 (news briefing tool; fetches only pages a user asked for)"
SCHEMES = {"http": 80, "https": 443}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(InputError):
    """One fetch failed; `kind` (dns_error, address_refused, timeout, too_large, ...) becomes the record's error_kind."""


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False  # loopback, private, link-local, multicast and reserved ranges
    max_redirects: int = 5
    connect_timeout: float = 5.0  # seconds per connection attempt
    read_timeout: float = 10.0  # seconds without a byte
    deadline: float = 30.0  # seconds for one URL, redirects and a slow trickle of bytes included
    max_bytes: int = 5 * 1024 * 1024  # decoded body, counted while streaming
    max_items: int = 50  # article links taken from one feed
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Target:
    """A URL that passed the policy, with the addresses the connection may use."""

    url: str
    scheme: str
    host: str  # as sent in Host and SNI (IDNA-encoded)
    port: int
    path: str  # path and query, as requested
    addresses: tuple[IPAddress, ...]

    @property
    def origin(self) -> str:
        default = SCHEMES[self.scheme] == self.port
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}" + ("" if default else f":{self.port}")


def refusal(address: IPAddress) -> str | None:
    """Why an address is not public (None when it is). IPv4 inside IPv6 (::ffff:127.0.0.1) is judged as IPv4."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for test, why in (("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
                      ("is_multicast", "a multicast address"), ("is_unspecified", "the unspecified address"),
                      ("is_private", "a private address"), ("is_reserved", "a reserved address")):
        if getattr(address, test):
            return why
    if not address.is_global:  # e.g. 100.64.0.0/10 (carrier-grade NAT)
        return "not a public address"
    return None


def resolve(host: str, port: int) -> tuple[IPAddress, ...]:
    """Every address the host resolves to (an IP literal resolves to itself; odd forms like 2130706433 too)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError("dns_error", f"the host {host} could not be resolved ({exc})") from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError("dns_error", f"the host {host} has no address")
    return tuple(addresses)


def parse_url(url: str) -> tuple[SplitResult, str, str, int]:
    """(parts, scheme, ASCII host, port) of a URL we may try; raises FetchError (bad_url, scheme_refused).
    No lookup: the web form checks URLs with it before queueing them."""
    if not isinstance(url, str) or not url.strip() or len(url) > 2000 or any(c in url for c in "\r\n\t\x00"):
        raise FetchError("bad_url", "not a usable URL (empty, too long or with control characters)")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError("bad_url", f"not a usable URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchError("scheme_refused", f"only http and https URLs are fetched, not '{scheme or '(none)'}'")
    if not parts.hostname:
        raise FetchError("bad_url", "the URL names no host")
    if parts.username is not None or parts.password is not None:
        raise FetchError("bad_url", "URLs with a user name or password are not fetched")
    try:
        host = parts.hostname.encode("idna").decode("ascii") if not parts.hostname.isascii() else parts.hostname
    except UnicodeError:
        raise FetchError("bad_url", f"the host name {parts.hostname!r} is not valid") from None
    return parts, scheme, host, port or SCHEMES[scheme]


def check_url(url: str, policy: FetchPolicy) -> Target:
    """The URL as a Target the policy allows; raises FetchError (bad_url, scheme_refused, dns_error, address_refused)."""
    parts, scheme, host, port = parse_url(url)
    addresses = resolve(host, port)
    if not policy.allow_private:
        for address in addresses:
            why = refusal(address)
            if why:
                where = f"{host} is" if host.strip("[]") == str(address) else f"{host} resolves to {address},"
                raise FetchError("address_refused", f"{where} {why}; private and local addresses are refused "
                                 "unless allowed (--allow-private)")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(url=url.strip(), scheme=scheme, host=host, port=port, path=path, addresses=addresses)
