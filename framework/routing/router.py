"""``Router``: dispatch a request to the first matching route, in registration order.

Routes are looked up through a ``RouteIndex`` built lazily from ``routes`` and dropped
whenever that list changes (it is a list that tells its router), so adding routes after
construction works and a request costs the same whichever route it hits. Unmatched HTTP
requests try the other trailing-slash spelling (``redirect_slashes``, a 307) and then
``default`` (``not_found``); lifespan messages go to the lifespan context.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from asgi_core.exceptions import HTTPException
from asgi_core.responses import RedirectResponse
from asgi_core.types import ASGIApp, Receive, Scope, Send
from framework.routing.base import (
    BaseRoute,
    Match,
    NoMatchFound,
    close_websocket,
    is_async_callable,
    plain_not_found,
)
from framework.routing.compiling import get_route_path
from framework.routing.index import RouteIndex
from framework.routing.lifespan import lifespan_context_for, run_lifespan
from framework.routing.mounts import Host, Mount
from framework.routing.routelist import RouteList
from framework.routing.routes import Route, WebSocketRoute, wrap_middleware

# Enum members as module constants: read on every request, and a module global is read
# quicker than a class attribute.
_FULL, _PARTIAL = Match.FULL, Match.PARTIAL

__all__ = ["Router"]

_STARTUP_SHUTDOWN_DEPRECATED = (
    "The on_startup and on_shutdown parameters are deprecated, and they will be removed on "
    "version 1.0. Use the lifespan parameter instead. See more about it on "
    "https://starlette.dev/lifespan/."
)


def _is_open_redirect(path: str) -> bool:
    """A path a browser would read as protocol-relative (``//host``, ``/\\host``)."""
    cleaned = path.replace("\t", "").replace("\n", "").replace("\r", "")
    return cleaned[1:2] in ("/", "\\")


def _absolute_url(scope: Scope, path: str) -> str:
    """The URL of ``path`` on the host the request came to, with its query string."""
    scheme = scope.get("scheme", "http")
    host = None
    for key, value in scope.get("headers", ()):
        if key == b"host":
            host = value.decode("latin-1")
            break
    server = scope.get("server")
    if host is not None:
        url = f"{scheme}://{host}{path}"
    elif server is None:
        url = path
    else:
        name, port = server
        default_port = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(scheme)
        url = (
            f"{scheme}://{name}{path}"
            if port == default_port
            else f"{scheme}://{name}:{port}{path}"
        )
    query_string = scope.get("query_string", b"")
    if query_string:
        url += "?" + query_string.decode("latin-1")
    return url


class Router:
    """An ASGI app routing to a list of routes; also the lifespan owner."""

    def __init__(
        self,
        routes: Sequence[BaseRoute] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: Any = None,
        *,
        middleware: Sequence[Any] | None = None,
    ) -> None:
        self._index: RouteIndex | None = None
        self.routes = [] if routes is None else list(routes)
        self.redirect_slashes = redirect_slashes
        self.default: ASGIApp = self.not_found if default is None else default
        self.on_startup: list[Callable[[], Any]] = list(on_startup or ())
        self.on_shutdown: list[Callable[[], Any]] = list(on_shutdown or ())
        if on_startup or on_shutdown:
            warnings.warn(_STARTUP_SHUTDOWN_DEPRECATED, DeprecationWarning, stacklevel=2)
            if lifespan:
                warnings.warn(
                    "The `lifespan` parameter cannot be used with `on_startup` or "
                    "`on_shutdown`. Both `on_startup` and `on_shutdown` will be ignored.",
                    stacklevel=2,
                )
        self.lifespan_context = lifespan_context_for(self, lifespan)
        self.middleware_stack = wrap_middleware(self.app, middleware)

    # -- the route list and its index -------------------------------------------------

    @property
    def routes(self) -> list[BaseRoute]:
        return self._routes

    @routes.setter
    def routes(self, routes: Iterable[BaseRoute]) -> None:
        self._routes = RouteList(routes, self._invalidate)
        self._index = None

    def _invalidate(self) -> None:
        self._index = None

    def _route_index(self) -> RouteIndex:
        index = self._index
        if index is None:
            index = self._index = RouteIndex(self._routes)
        return index

    # -- dispatch ---------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.middleware_stack(scope, receive, send)

    def app(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine function: it hands back the matched route's own awaitable, so a
        # request's coroutine chain (paused and resumed as a whole under a middleware)
        # holds no frame of the router's.
        kind = scope["type"]
        if kind not in ("http", "websocket", "lifespan"):
            raise ValueError(f"Router cannot handle ASGI scope type {kind!r}")
        if "router" not in scope:
            scope["router"] = self
        if kind == "lifespan":
            return self.lifespan(scope, receive, send)
        routes = self._routes
        partial: BaseRoute | None = None
        partial_scope: Scope = {}
        for position in self._route_index().candidates(get_route_path(scope)):
            route: BaseRoute = routes[position]
            match, child_scope = route.matches(scope)
            if match is _FULL:
                scope.update(child_scope)
                return route.handle(scope, receive, send)
            if match is _PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            scope.update(partial_scope)
            return partial.handle(scope, receive, send)
        return self._unmatched(scope, receive, send)

    async def _unmatched(self, scope: Scope, receive: Receive, send: Send) -> None:
        """No route matched: the trailing-slash redirect, else ``default``."""
        redirect = scope["type"] == "http" and self.redirect_slashes
        if not (redirect and await self._redirect(scope, receive, send)):
            await self.default(scope, receive, send)

    async def _redirect(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer 307 to the other trailing-slash spelling if some route takes it."""
        route_path = get_route_path(scope)
        if route_path == "/":
            return False
        path: str = scope["path"]
        new_path = path.rstrip("/") if route_path.endswith("/") else path + "/"
        if _is_open_redirect(new_path):
            return False
        redirect_scope = dict(scope)
        redirect_scope["path"] = new_path
        routes = self._routes
        for position in self._route_index().candidates(get_route_path(redirect_scope)):
            match, _ = routes[position].matches(redirect_scope)
            if match is not Match.NONE:
                response = RedirectResponse(url=_absolute_url(scope, new_path))
                await response(scope, receive, send)
                return True
        return False

    async def not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The default ``default``: 404 (via the app's handlers when there is an app)."""
        if scope["type"] == "websocket":
            await close_websocket(scope, receive, send)
            return
        app = scope.get("app")
        if app is not None:
            # The app's prebuilt answer when its handlers would give exactly that one.
            response = getattr(app, "_not_found_response", None)
            if response is not None:
                await response(scope, receive, send)
                return
            raise HTTPException(status_code=404)
        await plain_not_found(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        for route in self._routes:
            try:
                return route.url_path_for(name, **path_params)
            except NoMatchFound:
                pass
        raise NoMatchFound(name, path_params)

    # -- lifespan ---------------------------------------------------------------------

    async def startup(self) -> None:
        for handler in self.on_startup:
            if is_async_callable(handler):
                await handler()
            else:
                handler()

    async def shutdown(self) -> None:
        for handler in self.on_shutdown:
            if is_async_callable(handler):
                await handler()
            else:
                handler()

    async def lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        await run_lifespan(self.lifespan_context, scope, receive, send)

    def add_event_handler(self, event_type: str, func: Callable[[], Any]) -> None:
        if event_type == "startup":
            self.on_startup.append(func)
        elif event_type == "shutdown":
            self.on_shutdown.append(func)
        else:
            raise ValueError(f"event_type must be 'startup' or 'shutdown', not {event_type!r}")

    def on_event(self, event_type: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        warnings.warn(
            "The `on_event` decorator is deprecated, and will be removed in version 1.0.0. "
            "Refer to https://starlette.dev/lifespan/ for recommended approach.",
            DeprecationWarning,
            stacklevel=2,
        )

        def decorator(func: Callable[[], Any]) -> Callable[[], Any]:
            self.add_event_handler(event_type, func)
            return func

        return decorator

    # -- building the route list ------------------------------------------------------

    def mount(self, path: str, app: ASGIApp, name: str | None = None) -> None:
        self.routes.append(Mount(path, app=app, name=name))

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.routes.append(Host(host, app=app, name=name))

    def add_route(
        self,
        path: str,
        endpoint: Callable[..., Any],
        methods: Sequence[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.routes.append(
            Route(
                path,
                endpoint=endpoint,
                methods=methods,
                name=name,
                include_in_schema=include_in_schema,
            )
        )

    def add_websocket_route(
        self, path: str, endpoint: Callable[..., Any], name: str | None = None
    ) -> None:
        self.routes.append(WebSocketRoute(path, endpoint=endpoint, name=name))

    def route(
        self,
        path: str,
        methods: Sequence[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        warnings.warn(
            "The `route` decorator is deprecated, and will be removed in version 1.0.0."
            "Refer to https://starlette.dev/routing/#http-routing for the recommended approach.",
            DeprecationWarning,
            stacklevel=2,
        )

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            self.add_route(
                path, func, methods=methods, name=name, include_in_schema=include_in_schema
            )
            return func

        return decorator

    def websocket_route(
        self, path: str, name: str | None = None
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        warnings.warn(
            "The `websocket_route` decorator is deprecated, and will be removed in version "
            "1.0.0. Refer to https://starlette.dev/routing/#websocket-routing for the "
            "recommended approach.",
            DeprecationWarning,
            stacklevel=2,
        )

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            self.add_websocket_route(path, func, name=name)
            return func

        return decorator

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Router) and self.routes == other.routes

    __hash__ = None  # type: ignore[assignment]
