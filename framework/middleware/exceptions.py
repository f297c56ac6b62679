"""``ExceptionMiddleware``: the innermost layer, mapping exceptions to handler responses.

Handlers are looked up by status code (for ``HTTPException``) and by exception class along
the MRO. HTTP handlers return a Response; WebSocket handlers close the socket themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from asgi_core.concurrency import run_in_threadpool
from asgi_core.exceptions import HTTPException, WebSocketException
from asgi_core.requests import Request
from asgi_core.responses import PlainTextResponse, Response
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send
from asgi_core.websockets import WebSocket
from framework.middleware._direct import NextApp
from framework.routing.base import is_async_callable

__all__ = ["ALREADY_STARTED", "ExceptionMiddleware"]

ALREADY_STARTED = "Caught handled exception, but response already started."


async def _plain_http_exception(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        raise exc
    if exc.status_code in {204, 304}:
        return Response(status_code=exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)


async def _close_websocket(websocket: WebSocket, exc: Exception) -> None:
    if isinstance(exc, WebSocketException):
        await websocket.close(code=exc.code, reason=exc.reason)


class ExceptionMiddleware:
    """Run the registered handler for an exception raised below it."""

    app = NextApp()
    _app_call: ASGIApp

    def __init__(
        self, app: ASGIApp, handlers: dict[Any, Any] | None = None, debug: bool = False
    ) -> None:
        self.app = app
        self.debug = debug
        self._status_handlers: dict[int, Any] = {}
        self._async: dict[int, bool] = {}  # id(handler) -> is it async (they stay registered)
        self._exception_handlers: dict[type[BaseException], Any] = {
            HTTPException: _plain_http_exception,
            WebSocketException: _close_websocket,
        }
        for key, handler in (handlers or {}).items():
            self.add_exception_handler(key, handler)

    def add_exception_handler(self, key: int | type[BaseException], handler: Any) -> None:
        self._async.clear()
        if isinstance(key, int):
            self._status_handlers[key] = handler
        else:
            self._exception_handlers[key] = handler

    def _lookup(self, exc: Exception) -> Any:
        if isinstance(exc, HTTPException) and exc.status_code in self._status_handlers:
            return self._status_handlers[exc.status_code]
        for cls in type(exc).__mro__:
            if cls in self._exception_handlers:
                return self._exception_handlers[cls]
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = False

        def guarded_send(message: Message) -> Awaitable[None]:
            nonlocal started
            if message["type"] in ("http.response.start", "websocket.accept", "websocket.close"):
                started = True
            return send(message)

        call = self._app_call
        try:
            await call(scope, receive, guarded_send)
        except Exception as exc:
            handler = self._lookup(exc)
            if handler is None:
                raise
            if started and scope["type"] == "http":
                raise RuntimeError(ALREADY_STARTED) from exc
            await self._run(handler, scope, receive, send, exc)

    async def _run(
        self, handler: Any, scope: Scope, receive: Receive, send: Send, exc: Exception
    ) -> None:
        # A WebSocket handler closes the socket itself and returns None; an HTTP handler
        # given a WebSocket (an HTTPException before accept) returns a response, which a
        # Response sends as a denial of the handshake (websocket.http.response.*).
        connection: Any
        if scope["type"] == "websocket":
            connection = WebSocket(scope, receive=receive, send=send)
        else:
            connection = Request(scope, receive=receive)
        is_async = self._async.get(id(handler))
        if is_async is None:
            is_async = self._async[id(handler)] = is_async_callable(handler)
        if is_async:
            response = await handler(connection, exc)
        else:
            response = await run_in_threadpool(handler, connection, exc)
        if response is not None:
            await response(scope, receive, send)
