"""``CORSMiddleware``: Cross-Origin Resource Sharing for browsers calling from other origins.

A preflight (``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method``) is answered
here — 200 ``OK``, or 400 ``Disallowed CORS origin, method, headers`` naming what failed —
and never reaches the app. Any other request goes to the app; its response gets the CORS
headers for an allowed ``Origin`` and, always, ``Vary: Origin`` (the answer depends on it).
Everything that doesn't depend on the request is built once, at construction.

Origins match exactly, or by ``allow_origin_regex`` with ``fullmatch`` (a ``search`` would
let ``https://a.com.evil.net`` through). HARDENING: with ``"*"`` in ``allow_origins`` the
answer is the literal ``*`` and never carries ``Access-Control-Allow-Credentials``, even when
``allow_credentials`` is set: Starlette 1.x reflects any origin there, which hands every site
on the web the user's cookies. Credentials need explicit origins (or a regex).

An empty ``Access-Control-Request-Headers`` asks for no headers (Starlette refuses it).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from asgi_core.datastructures import MutableHeaders
from asgi_core.responses import PlainTextResponse
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CORSMiddleware"]

ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY")
SAFELISTED_HEADERS = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
_PREFLIGHT_VARY = (
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    "Access-Control-Request-Private-Network"
)
_ORIGIN = b"origin"
_REQUEST_METHOD = b"access-control-request-method"
_REQUEST_HEADERS = b"access-control-request-headers"
_REQUEST_PRIVATE_NETWORK = b"access-control-request-private-network"


class CORSMiddleware:
    """Answer CORS preflights and add CORS headers to the app's responses."""

    __slots__ = (
        "allow_all_headers",
        "allow_all_origins",
        "allow_headers",
        "allow_methods",
        "allow_origin_regex",
        "allow_origins",
        "allow_private_network",
        "app",
        "preflight_headers",
        "reflect_origin",
        "simple_headers",
    )

    def __init__(
        self,
        app: ASGIApp,
        allow_origins: Collection[str] = (),
        allow_methods: Collection[str] = ("GET",),
        allow_headers: Collection[str] = (),
        allow_credentials: bool = False,
        allow_origin_regex: str | None = None,
        allow_private_network: bool = False,
        expose_headers: Collection[str] = (),
        max_age: int = 600,
    ) -> None:
        self.app = app
        self.allow_all_origins = "*" in allow_origins
        self.allow_all_headers = "*" in allow_headers
        self.reflect_origin = not self.allow_all_origins
        self.allow_origins = frozenset(allow_origins)
        self.allow_origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        methods = ALL_METHODS if "*" in allow_methods else tuple(allow_methods)
        self.allow_methods = frozenset(methods)
        header_names = sorted(SAFELISTED_HEADERS | set(allow_headers))
        self.allow_headers = frozenset(h.lower() for h in header_names)
        self.allow_private_network = allow_private_network
        credentials = allow_credentials and self.reflect_origin

        simple: dict[str, str] = {}
        preflight: dict[str, str] = {"Vary": _PREFLIGHT_VARY}
        if self.allow_all_origins:
            simple["Access-Control-Allow-Origin"] = "*"
            preflight["Access-Control-Allow-Origin"] = "*"
        preflight["Access-Control-Allow-Methods"] = ", ".join(methods)
        preflight["Access-Control-Max-Age"] = str(max_age)
        if credentials:
            simple["Access-Control-Allow-Credentials"] = "true"
            preflight["Access-Control-Allow-Credentials"] = "true"
        if expose_headers:
            simple["Access-Control-Expose-Headers"] = ", ".join(expose_headers)
        if not self.allow_all_headers:
            preflight["Access-Control-Allow-Headers"] = ", ".join(header_names)
        self.simple_headers = simple
        self.preflight_headers = preflight

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = request_method = None
        for key, value in scope["headers"]:
            if key == _ORIGIN and origin is None:
                origin = value.decode("latin-1")
            elif key == _REQUEST_METHOD and request_method is None:
                request_method = value.decode("latin-1")
        if origin is not None and request_method is not None and scope["method"] == "OPTIONS":
            await self.preflight(scope, origin, request_method)(scope, receive, send)
            return
        await self.app(scope, receive, _SimpleResponder(self, send, origin).send)

    def is_allowed_origin(self, origin: str) -> bool:
        if self.allow_all_origins or origin in self.allow_origins:
            return True
        regex = self.allow_origin_regex
        return regex is not None and regex.fullmatch(origin) is not None

    def preflight(self, scope: Scope, origin: str, request_method: str) -> PlainTextResponse:
        """The whole answer to a preflight request."""
        headers = dict(self.preflight_headers)
        requested = _header(scope, _REQUEST_HEADERS)
        failures = []
        if not self.is_allowed_origin(origin):
            failures.append("origin")
        elif self.reflect_origin:
            headers["Access-Control-Allow-Origin"] = origin
        if request_method not in self.allow_methods:
            failures.append("method")
        if self.allow_all_headers:
            if requested:
                headers["Access-Control-Allow-Headers"] = requested
        elif not self.headers_allowed(requested):
            failures.append("headers")
        if (_header(scope, _REQUEST_PRIVATE_NETWORK) or "").strip().lower() == "true":
            if self.allow_private_network:
                headers["Access-Control-Allow-Private-Network"] = "true"
            else:
                failures.append("private-network")
        if failures:
            text = "Disallowed CORS " + ", ".join(failures)
            return PlainTextResponse(text, status_code=400, headers=headers)
        return PlainTextResponse("OK", status_code=200, headers=headers)

    def headers_allowed(self, requested: str | None) -> bool:
        if not requested:
            return True
        for name in requested.split(","):
            name = name.strip().lower()
            if name and name not in self.allow_headers:
                return False
        return True


class _SimpleResponder:
    """Adds the CORS headers to the start of the app's response to a non-preflight request."""

    __slots__ = ("cors", "origin", "send_next")

    def __init__(self, cors: CORSMiddleware, send: Send, origin: str | None) -> None:
        self.cors = cors
        self.send_next = send
        self.origin = origin

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message.get("headers", ())))
            origin = self.origin
            if origin is not None:
                headers.update(self.cors.simple_headers)
                if self.cors.reflect_origin and self.cors.is_allowed_origin(origin):
                    headers["Access-Control-Allow-Origin"] = origin
            headers.add_vary_header("Origin")
            message = {**message, "headers": headers.raw}
        await self.send_next(message)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None
