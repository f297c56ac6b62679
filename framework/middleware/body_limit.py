"""``BodyLimitMiddleware``: answer 413 to a request body over the app's limit, unread.

Keel's built-in server refuses bodies over its ``--max-body-size``; under another server,
or for a lower limit on one app, this middleware does it in the app (HARDENING.md: "body
over the app's limit: 413 without reading the rest"; off unless added)::

    app.add_middleware(BodyLimitMiddleware, max_body_size=1_000_000)

A request that declares a ``Content-Length`` over the limit is answered at once: the app
never runs and no byte of the body is read. A body without a length (chunked) is counted
as the app reads it; the read that passes the limit fails, the app's work is abandoned and,
if nothing has been sent yet, the 413 is sent (a response already under way is cut off:
the server then closes the connection). A declared length within the limit needs no
counting: servers hold a body to its declared length.

The 413 is ``{"detail": "<reason phrase>"}``, what the default ``HTTPException`` handler
writes. WebSocket and lifespan scopes pass through.
"""

from __future__ import annotations

import http

from asgi_core.responses import JSONResponse
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware"]

_CONTENT_LENGTH = b"content-length"


class _TooLarge(Exception):
    """Raised out of ``receive`` when the body passes the limit (caught by the middleware)."""


def _declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name == _CONTENT_LENGTH:
            return int(value) if value.isdigit() else None
    return None


class BodyLimitMiddleware:
    """Refuse request bodies longer than ``max_body_size`` bytes with a 413."""

    def __init__(self, app: ASGIApp, max_body_size: int) -> None:
        if isinstance(max_body_size, bool) or not isinstance(max_body_size, int):
            raise TypeError(f"max_body_size must be an int, got {max_body_size!r}")
        if max_body_size < 0:
            raise ValueError(f"max_body_size must be 0 or more, got {max_body_size}")
        self.app = app
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_size
        declared = _declared_length(scope["headers"])
        if declared is not None:
            if declared > limit:
                await _too_large(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except _TooLarge:
            if not started:
                await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": http.HTTPStatus(413).phrase}, status_code=413)
    await response(scope, receive, send)
