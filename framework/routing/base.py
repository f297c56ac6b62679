"""The route protocol every router entry speaks: ``matches`` a scope, ``handle`` it, and
build URLs back with ``url_path_for``.

``Match`` is the three-valued answer of ``matches`` (NONE, PARTIAL = the path matched but
not the method, FULL). ``BaseRoute`` is also usable as a stand-alone ASGI app: called
directly, it answers a plain 404 (or closes a WebSocket) when it does not match.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

from asgi_core.responses import PlainTextResponse
from asgi_core.types import Receive, Scope, Send

__all__ = ["BaseRoute", "Match", "NoMatchFound", "get_name", "is_async_callable"]


class Match(Enum):
    NONE = 0
    PARTIAL = 1
    FULL = 2


class NoMatchFound(Exception):
    """``url_path_for`` found no route with this name taking exactly these params."""

    def __init__(self, name: str, path_params: dict[str, Any]) -> None:
        params = ", ".join(path_params)
        super().__init__(f'No route exists for name "{name}" and params "{params}".')


def get_name(endpoint: Callable[..., Any]) -> str:
    """The default route name: the endpoint's ``__name__`` or its class name."""
    return getattr(endpoint, "__name__", type(endpoint).__name__)


def is_async_callable(obj: Any) -> bool:
    """True for coroutine functions, partials of them and objects with an async ``__call__``."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    if inspect.iscoroutinefunction(obj):
        return True
    call = getattr(obj, "__call__", None)  # noqa: B004 - the bound method itself is wanted
    return callable(obj) and inspect.iscoroutinefunction(call)


async def close_websocket(scope: Scope, receive: Receive, send: Send) -> None:
    """Refuse a WebSocket nobody routes (close code 1000, as Starlette does)."""
    await send({"type": "websocket.close", "code": 1000, "reason": ""})


async def plain_not_found(scope: Scope, receive: Receive, send: Send) -> None:
    """A plain-text 404, for use outside an app's exception middleware."""
    await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)


class BaseRoute:
    """Abstract route: subclasses implement ``matches``, ``handle`` and ``url_path_for``."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raise NotImplementedError()  # pragma: no cover

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NotImplementedError()  # pragma: no cover

    def handle(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Answer a matched request: an ``async def`` or a function returning an awaitable."""
        raise NotImplementedError()  # pragma: no cover

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Use the route on its own as an ASGI app."""
        match, child_scope = self.matches(scope)
        if match is Match.NONE:
            if scope["type"] == "http":
                await plain_not_found(scope, receive, send)
            elif scope["type"] == "websocket":
                await close_websocket(scope, receive, send)
            return
        scope.update(child_scope)
        await self.handle(scope, receive, send)
