"""``ServerErrorMiddleware``: the outermost layer, turning an unhandled error into a 500.

The error is re-raised after the response so the server logs it. With ``debug=True`` the
500 carries the traceback (HTML for browsers, plain text otherwise).
"""

from __future__ import annotations

import html
import traceback
from collections.abc import Awaitable
from typing import Any

from asgi_core.concurrency import run_in_threadpool
from asgi_core.requests import Request
from asgi_core.responses import HTMLResponse, PlainTextResponse, Response
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send
from framework.middleware._direct import NextApp
from framework.routing.base import is_async_callable

__all__ = ["ServerErrorMiddleware"]


class ServerErrorMiddleware:
    """Answer 500 for any exception that escapes the app, then re-raise it."""

    app = NextApp()
    _app_call: ASGIApp

    def __init__(self, app: ASGIApp, handler: Any = None, debug: bool = False) -> None:
        self.app = app
        self.handler = handler
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        def guarded_send(message: Message) -> Awaitable[None]:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            return send(message)

        call = self._app_call
        try:
            await call(scope, receive, guarded_send)
        except Exception as exc:
            if not started:
                await self.send_error(scope, receive, send, exc)
            raise

    async def send_error(self, scope: Scope, receive: Receive, send: Send, exc: Exception) -> None:
        """Answer the 500 for ``exc`` (debug page, the app's handler, or plain text)."""
        response = await self._response(Request(scope), exc)
        await response(scope, receive, send)

    async def _response(self, request: Request, exc: Exception) -> Response:
        if self.debug:
            return self.debug_response(request, exc)
        if self.handler is None:
            return self.error_response(request, exc)
        if is_async_callable(self.handler):
            response: Response = await self.handler(request, exc)
        else:
            response = await run_in_threadpool(self.handler, request, exc)
        return response

    def error_response(self, request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Internal Server Error", status_code=500)

    def debug_response(self, request: Request, exc: Exception) -> Response:
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if "text/html" in request.headers.get("accept", ""):
            body = (
                "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
                f"<body><h1>500 Internal Server Error</h1><pre>{html.escape(text)}</pre>"
                "</body></html>"
            )
            return HTMLResponse(body, status_code=500)
        return PlainTextResponse(text, status_code=500)
