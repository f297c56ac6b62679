"""``TrustedHostMiddleware``: answer 400 to requests whose ``Host`` is not one of ours.

Guards against Host-header attacks (poisoned password-reset links, cache poisoning). The
allowed hosts are compiled once into exact ``(host, port)`` pairs and ``*.domain``
suffixes. A ``Host`` that is not a plain RFC 3986 ``host[:port]`` (a path, userinfo or junk
in it) is refused before any matching. IPv6 hosts are bracketed (``[::1]:8000``; a bare
``::1`` in ``allowed_hosts`` means ``[::1]``). An entry without a port allows any port; an
entry with one (``example.com:8443``) allows only that port — Starlette drops the request's
port before comparing, so such an entry never matched there.

With ``www_redirect`` a request for ``example.com`` when only ``www.example.com`` is allowed
is sent (307) to the ``www.`` host, keeping scheme, port, path and query.
"""

from __future__ import annotations

from collections.abc import Sequence

from asgi_core._url import is_valid_host
from asgi_core.datastructures import URL
from asgi_core.responses import PlainTextResponse, RedirectResponse
from asgi_core.types import ASGIApp, Receive, Scope, Send

__all__ = ["TrustedHostMiddleware"]

_HOST = b"host"
_WILDCARD_ERROR = "Domain wildcard patterns must be like '*.example.com'."


def split_host(host: str) -> tuple[str, str | None]:
    """``host[:port]`` -> ``(lowercased host, port or None)``; IPv6 keeps its brackets."""
    if host.startswith("["):
        end = host.find("]") + 1
        name, rest = host[:end], host[end:]
        port = rest[1:] if rest.startswith(":") else None
    else:
        name, colon, port_text = host.partition(":")
        if colon and ":" in port_text:  # a bare IPv6 address such as ``::1``
            name, port_text, colon = f"[{host}]", "", ""
        port = port_text if colon else None
    return name.lower(), port


class _HostMatcher:
    """The compiled ``allowed_hosts``: exact names and ``*.`` suffixes, each with a port or not."""

    __slots__ = ("allow_any", "exact", "suffixes")

    def __init__(self, allowed_hosts: Sequence[str]) -> None:
        self.allow_any = "*" in allowed_hosts
        self.exact: set[tuple[str, str | None]] = set()
        self.suffixes: list[tuple[str, str | None]] = []
        for pattern in allowed_hosts:
            if pattern == "*":
                continue
            if pattern.startswith("*."):
                suffix, port = split_host(pattern[1:])
                if "*" in suffix or suffix == ".":
                    raise ValueError(_WILDCARD_ERROR)
                self.suffixes.append((suffix, port))
            elif "*" in pattern:
                raise ValueError(_WILDCARD_ERROR)
            else:
                self.exact.add(split_host(pattern))

    def exact_match(self, name: str, port: str | None) -> bool:
        return (name, None) in self.exact or (port is not None and (name, port) in self.exact)

    def matches(self, name: str, port: str | None) -> bool:
        if self.allow_any or self.exact_match(name, port):
            return True
        for suffix, wanted_port in self.suffixes:
            if (
                name.endswith(suffix)
                and len(name) > len(suffix)
                and not name.startswith(".")
                and wanted_port in (None, port)
            ):
                return True
        return False


class TrustedHostMiddleware:
    """Only let through HTTP and WebSocket requests for one of ``allowed_hosts``."""

    __slots__ = ("allowed_hosts", "app", "matcher", "www_redirect")

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Sequence[str] | None = None,
        www_redirect: bool = True,
    ) -> None:
        if allowed_hosts is None:
            allowed_hosts = ["*"]
        self.app = app
        self.allowed_hosts = list(allowed_hosts)
        self.www_redirect = www_redirect
        self.matcher = _HostMatcher(self.allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.matcher.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _host_header(scope)
        if host is not None and is_valid_host(host):
            name, port = split_host(host)
            if self.matcher.matches(name, port):
                await self.app(scope, receive, send)
                return
            if (
                self.www_redirect
                and not name.startswith("www.")
                and self.matcher.exact_match("www." + name, port)
            ):
                url = URL(scope=scope)
                response = RedirectResponse(url.replace(netloc="www." + url.netloc))
                await response(scope, receive, send)
                return
        await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)


def _host_header(scope: Scope) -> str | None:
    for key, value in scope["headers"]:
        if key == _HOST:
            return str(value.decode("latin-1"))
    return None
