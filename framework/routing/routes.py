"""Endpoint routes: ``Route`` (HTTP) and ``WebSocketRoute``, and the adapters that turn a
plain function endpoint into an ASGI app (``request_response``, ``websocket_session``).

A function endpoint takes a ``Request`` (or ``WebSocket``) and is wrapped once, when the
route is built; sync functions run in the thread pool, async ones inline. Anything else
(a class instance, an ASGI app) is used as the app as-is. ``Route`` adds HEAD wherever GET
is allowed and answers 405 with ``Allow`` when the path matches but the method does not.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any

from asgi_core.concurrency import run_in_threadpool
from asgi_core.datastructures import URLPath
from asgi_core.exceptions import HTTPException
from asgi_core.requests import Request
from asgi_core.responses import PlainTextResponse
from asgi_core.types import ASGIApp, Receive, Scope, Send
from asgi_core.websockets import WebSocket
from framework.routing.base import BaseRoute, Match, NoMatchFound, get_name, is_async_callable
from framework.routing.compiling import compile_path, get_route_path, replace_params

__all__ = [
    "Route",
    "WebSocketRoute",
    "allow_header",
    "is_function_endpoint",
    "request_response",
    "websocket_session",
    "wrap_middleware",
]

# Methods in the order the ``Allow`` header lists them; others follow, sorted.
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")


def request_response(func: Callable[[Any], Any]) -> ASGIApp:
    """Wrap ``func(request) -> Response`` (sync or async) as an ASGI app."""
    if is_async_callable(func):

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            response = await func(Request(scope, receive, send))
            await response(scope, receive, send)

    else:

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            response = await run_in_threadpool(func, Request(scope, receive, send))
            await response(scope, receive, send)

    return app


def websocket_session(func: Callable[[Any], Awaitable[None]]) -> ASGIApp:
    """Wrap ``async func(websocket)`` as an ASGI app."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await func(WebSocket(scope, receive=receive, send=send))

    return app


def is_function_endpoint(endpoint: Any) -> bool:
    """Functions and methods (behind any partials) take a Request; other callables are apps."""
    while isinstance(endpoint, functools.partial):
        endpoint = endpoint.func
    return inspect.isfunction(endpoint) or inspect.ismethod(endpoint)


def wrap_middleware(app: ASGIApp, middleware: Sequence[Any] | None) -> ASGIApp:
    """Wrap ``app`` in ``Middleware(cls, *args, **kwargs)`` entries, the first outermost."""
    for cls, args, kwargs in reversed(middleware or ()):
        app = cls(app, *args, **kwargs)
    return app


def allow_header(methods: Collection[str]) -> str:
    """The ``Allow`` value for ``methods``, in a stable conventional order."""
    known = [m for m in _METHOD_ORDER if m in methods]
    return ", ".join(known + sorted(m for m in methods if m not in _METHOD_ORDER))


def _check_path(path: str, kind: str) -> None:
    if not path.startswith("/"):
        raise ValueError(f"Routed paths must start with '/': {kind} path {path!r}")


def _params(route: Any, found: re.Match[str], scope: Scope) -> dict[str, Any]:
    """The converted params of a regex match, on top of the params of enclosing mounts."""
    params: dict[str, Any] = found.groupdict()
    if params:
        convertors = route.param_convertors
        for key, value in params.items():
            params[key] = convertors[key].convert(value)
    outer = scope.get("path_params")
    return {**outer, **params} if outer else params


def _build_url_path(route: Any, name: str, path_params: dict[str, Any]) -> Any:
    """``url_path_for`` of a leaf route: the name and the exact param set must match."""
    if name != route.name or set(path_params) != set(route.param_convertors):
        raise NoMatchFound(name, path_params)
    path, _ = replace_params(route.path_format, route.param_convertors, path_params)
    return URLPath(path=path, protocol=route.url_protocol)


class Route(BaseRoute):
    """An HTTP endpoint at a path, for some methods (GET and HEAD for a function by default)."""

    url_protocol = "http"

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Collection[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Any] | None = None,
    ) -> None:
        _check_path(path, "route")
        self.path = path
        self.endpoint = endpoint
        self.name = get_name(endpoint) if name is None else name
        self.include_in_schema = include_in_schema
        if is_function_endpoint(endpoint):
            self.app = request_response(endpoint)
            if methods is None:
                methods = ["GET"]
        else:
            self.app = endpoint
        self.app = wrap_middleware(self.app, middleware)
        self.methods: set[str] | None = None
        if methods is not None:
            self.methods = {method.upper() for method in methods}
            if "GET" in self.methods:
                self.methods.add("HEAD")
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http":
            found = self.path_regex.match(get_route_path(scope))
            if found is not None:
                child_scope = {
                    "endpoint": self.endpoint,
                    "path_params": _params(self, found, scope),
                }
                if self.methods and scope["method"] not in self.methods:
                    return Match.PARTIAL, child_scope
                return Match.FULL, child_scope
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        return _build_url_path(self, name, path_params)

    def handle(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Hands back the app's own coroutine: no frame of ours stays in the request's chain.
        if self.methods and scope["method"] not in self.methods:
            return self._method_not_allowed(scope, receive, send)
        return self.app(scope, receive, send)

    async def _method_not_allowed(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {"Allow": allow_header(self.methods or ())}
        if "app" in scope:
            raise HTTPException(status_code=405, headers=headers)
        response = PlainTextResponse("Method Not Allowed", status_code=405, headers=headers)
        await response(scope, receive, send)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Route)
            and self.path == other.path
            and self.endpoint == other.endpoint
            and self.methods == other.methods
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        methods = sorted(self.methods or [])
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r}, methods={methods!r})"


class WebSocketRoute(BaseRoute):
    """A WebSocket endpoint at a path."""

    url_protocol = "websocket"

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
    ) -> None:
        _check_path(path, "websocket route")
        self.path = path
        self.endpoint = endpoint
        self.name = get_name(endpoint) if name is None else name
        app = websocket_session(endpoint) if is_function_endpoint(endpoint) else endpoint
        self.app = wrap_middleware(app, middleware)
        self.path_regex, self.path_format, self.param_convertors = compile_path(path)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "websocket":
            found = self.path_regex.match(get_route_path(scope))
            if found is not None:
                return Match.FULL, {
                    "endpoint": self.endpoint,
                    "path_params": _params(self, found, scope),
                }
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        return _build_url_path(self, name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, WebSocketRoute)
            and self.path == other.path
            and self.endpoint == other.endpoint
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, name={self.name!r})"
