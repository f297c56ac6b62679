"""``ProxyHeadersMiddleware``: take the client, scheme and host from a trusted proxy's headers.

Behind a reverse proxy the peer is the proxy; it reports the real client in
``X-Forwarded-For``, the public scheme in ``X-Forwarded-Proto`` and the public host in
``X-Forwarded-Host``. Those headers are believed only when the direct peer is one of
``trusted_hosts`` (IP addresses, CIDR networks, other literals such as a Unix socket name, or
``*`` for any) — from anyone else they are ignored (HARDENING). ``X-Forwarded-For`` is
walked from the right, past the trusted proxies, to the first address we don't trust: that
is the client (entries on its left were written by whoever that client is). When every
entry is trusted the leftmost one wins. A list of protos or hosts is read at the hop that
reported that client (the outermost trusted proxy); a single value is used as it is.

So ``request.url``, redirects and ``url_for`` give the public URL (FastAPI's "Behind a
Proxy"). A forwarded host that is not a plain ``host[:port]`` and a proto that is not
http/https/ws/wss are ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from asgi_core._url import is_valid_host
from asgi_core.types import ASGIApp, Receive, Scope, Send

__all__ = ["ProxyHeadersMiddleware", "TrustedHosts"]

_FOR = b"x-forwarded-for"
_PROTO = b"x-forwarded-proto"
_HOST = b"x-forwarded-host"
_SCHEMES = {
    "http": {"http": "http", "ws": "http", "https": "https", "wss": "https"},
    "websocket": {"http": "ws", "ws": "ws", "https": "wss", "wss": "wss"},
}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse_ip(text: str) -> IPAddress | None:
    """An address from ``1.2.3.4``, ``1.2.3.4:80``, ``::1`` or ``[::1]:80``; else None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


_VERDICT_CACHE_SIZE = 4096  # bounded: peers are many only under attack


class TrustedHosts:
    """The peers whose forwarding headers we believe."""

    __slots__ = ("_verdicts", "addresses", "always", "literals", "networks")

    def __init__(self, trusted_hosts: str | Sequence[str]) -> None:
        if isinstance(trusted_hosts, str):
            trusted_hosts = trusted_hosts.split(",")
        entries = [entry.strip() for entry in trusted_hosts if entry.strip()]
        self.always = "*" in entries
        # host string -> trusted?: the peer is asked about on every request, parsed once
        self._verdicts: dict[str, bool] = {}
        self.addresses: set[IPAddress] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.literals: set[str] = set()
        for entry in entries:
            if "/" in entry:
                try:
                    self.networks.append(ipaddress.ip_network(entry, strict=False))
                except ValueError:
                    self.literals.add(entry)
                continue
            address = _parse_ip(entry)
            if address is None:
                self.literals.add(entry)
            else:
                self.addresses.add(address)

    def __contains__(self, host: object) -> bool:
        if self.always:
            return True
        if not isinstance(host, str):
            return False
        known = self._verdicts.get(host)
        if known is None:
            known = self._decide(host)
            if len(self._verdicts) < _VERDICT_CACHE_SIZE:
                self._verdicts[host] = known
        return known

    def _decide(self, host: str) -> bool:
        address = _parse_ip(host)
        if address is None:
            return host.strip() in self.literals
        return address in self.addresses or any(address in net for net in self.networks)

    def client_index(self, chain: list[str]) -> int:
        """Index in ``X-Forwarded-For`` of the client: the rightmost untrusted entry."""
        for index in range(len(chain) - 1, -1, -1):
            if chain[index] not in self:
                return index
        return 0


def _header_values(scope: Scope) -> dict[bytes, list[str]]:
    found: dict[bytes, list[str]] = {}
    for key, value in scope["headers"]:
        if key in (_FOR, _PROTO, _HOST):
            items = [item.strip() for item in value.decode("latin-1").split(",")]
            found.setdefault(key, []).extend(items)
    return found


def _at_hop(values: list[str] | None, hops: int) -> str | None:
    """The value the outermost trusted proxy (``hops`` from the right) reported."""
    if not values:
        return None
    return values[max(0, min(len(values) - 1, len(values) - hops))]


class ProxyHeadersMiddleware:
    """Set ``scope["client"]``, ``scope["scheme"]`` and the ``Host`` from X-Forwarded-*."""

    __slots__ = ("app", "trusted_hosts")

    def __init__(self, app: ASGIApp, trusted_hosts: str | Sequence[str] = "127.0.0.1") -> None:
        self.app = app
        self.trusted_hosts = TrustedHosts(trusted_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in _SCHEMES:
            client = scope.get("client")
            if self.trusted_hosts.always or (client and client[0] in self.trusted_hosts):
                scope = self.rewrite(scope)
        await self.app(scope, receive, send)

    def rewrite(self, scope: Scope) -> Scope:
        """A copy of ``scope`` with what the trusted proxy reported."""
        values = _header_values(scope)
        if not values:
            return scope
        scope = dict(scope)
        chain = [item for item in values.get(_FOR, []) if item]
        hops = 0
        if chain:
            index = self.trusted_hosts.client_index(chain)
            hops = len(chain) - index
            scope["client"] = (chain[index], 0)
        proto = _at_hop(values.get(_PROTO), hops)
        scheme = _SCHEMES[scope["type"]].get((proto or "").lower())
        if scheme is not None:
            scope["scheme"] = scheme
        host = _at_hop(values.get(_HOST), hops)
        if host and is_valid_host(host):
            encoded = host.encode("latin-1")
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            scope["headers"] = [(b"host", encoded), *headers]
        return scope
