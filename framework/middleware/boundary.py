"""``ErrorBoundary``: ``ServerErrorMiddleware`` and ``ExceptionMiddleware`` as one layer.

An app without user middleware wraps its router in exactly those two layers, each of
which would watch every ``send`` to learn whether the response has started. Fused, one
watcher serves both and a request crosses one layer instead of two; the outcome of every
exception is the same as with the two layers stacked (handler response, "response already
started" error, or a 500 followed by the re-raise). Other scope types go through the two
real layers, which the boundary keeps.
"""

from __future__ import annotations

from collections.abc import Awaitable

from asgi_core.types import ASGIApp, Message, Receive, Scope, Send
from framework.middleware._direct import NextApp
from framework.middleware.errors import ServerErrorMiddleware
from framework.middleware.exceptions import ALREADY_STARTED, ExceptionMiddleware

__all__ = ["ErrorBoundary"]


class ErrorBoundary:
    """The app's outermost layer when no user middleware sits between the two error layers."""

    __slots__ = ("_app", "_app_call", "errors", "exceptions")

    app = NextApp()  # the router; ``_app_call`` is how it is called
    _app_call: ASGIApp

    def __init__(self, errors: ServerErrorMiddleware, exceptions: ExceptionMiddleware) -> None:
        self.errors = errors  # wraps ``exceptions``, which wraps ``app``
        self.exceptions = exceptions
        self.app = exceptions.app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.errors(scope, receive, send)
            return
        started = False

        def guarded_send(message: Message) -> Awaitable[None]:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            return send(message)

        call = self._app_call
        try:
            try:
                await call(scope, receive, guarded_send)
            except Exception as exc:
                handler = self.exceptions._lookup(exc)
                if handler is None:
                    raise
                if started:
                    raise RuntimeError(ALREADY_STARTED) from exc
                await self.exceptions._run(handler, scope, receive, guarded_send, exc)
        except Exception as exc:
            if not started:
                await self.errors.send_error(scope, receive, send, exc)
            raise
