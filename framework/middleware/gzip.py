"""``GZipMiddleware``: gzip response bodies for clients that accept it, streaming included.

The start message is held until the first body message shows what the response is: one
whole body (compressed in one go, ``Content-Length`` fixed) or a stream (each chunk
compressed and sync-flushed as it arrives, so the client can decode it at once;
``Content-Length`` dropped). Responses that already carry a ``Content-Encoding``, server-sent
events (``text/event-stream``) and whole bodies under ``minimum_size`` pass through untouched.
A response that could have been compressed gets ``Vary: Accept-Encoding`` whether or not
this client asked for gzip, so caches keep the two variants apart.

Unlike Starlette, ``Accept-Encoding`` is parsed as a list of codings: ``GZIP`` counts,
``gzip;q=0`` refuses, and ``*`` with a non-zero weight accepts.
"""

from __future__ import annotations

import zlib
from typing import Any

from asgi_core.datastructures import MutableHeaders
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["GZipMiddleware"]

_ACCEPT_ENCODING = b"accept-encoding"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip header and trailer around the deflate stream


def _coding_weight(item: str) -> tuple[str, float]:
    name, _, params = item.partition(";")
    weight = 1.0
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                weight = 0.0
    return name.strip().lower(), weight


def accepts_gzip(value: str) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (explicitly, or through ``*``)."""
    star: float | None = None
    for item in value.split(","):
        name, weight = _coding_weight(item)
        if name == "gzip":
            return weight > 0
        if name == "*" and star is None:
            star = weight
    return star is not None and star > 0


def _client_accepts_gzip(scope: Scope) -> bool:
    values = [v.decode("latin-1") for k, v in scope["headers"] if k == _ACCEPT_ENCODING]
    return bool(values) and accepts_gzip(",".join(values))


class GZipMiddleware:
    """Compress HTTP responses of at least ``minimum_size`` bytes with gzip."""

    __slots__ = ("app", "compresslevel", "minimum_size")

    def __init__(self, app: ASGIApp, minimum_size: int = 500, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        gzip = _client_accepts_gzip(scope)
        responder = _Responder(send, self.minimum_size, self.compresslevel if gzip else None)
        await self.app(scope, receive, responder.send)


class _Responder:
    """Wraps ``send`` for one response: decides on the first body, then compresses or not."""

    __slots__ = ("compressor", "level", "minimum_size", "mode", "send_next", "start")

    def __init__(self, send: Send, minimum_size: int, level: int | None) -> None:
        self.send_next = send
        self.minimum_size = minimum_size
        self.level = level  # None: the client did not accept gzip
        self.start: Message | None = None
        self.mode = "start"  # start -> held -> passthrough | compress
        self.compressor: Any = None

    async def send(self, message: Message) -> None:
        if self.mode == "passthrough":
            await self.send_next(message)
        elif self.mode == "compress":
            await self._send_compressed(message)
        elif message["type"] == "http.response.start":
            self.start = message
            self.mode = "held"
        elif message["type"] == "http.response.body" and self.start is not None:
            await self._first_body(self.start, message)
        else:
            await self._release(message)

    async def _release(self, message: Message) -> None:
        """Send the held start untouched, then ``message``; pass everything after through."""
        self.mode = "passthrough"
        if self.start is not None:
            await self.send_next(self.start)
        await self.send_next(message)

    async def _first_body(self, start: Message, message: Message) -> None:
        headers = MutableHeaders(raw=list(start.get("headers", ())))
        body: bytes = message.get("body", b"")
        streaming = bool(message.get("more_body", False))
        if (
            "content-encoding" in headers
            or headers.get("content-type", "").startswith("text/event-stream")
            or (not streaming and len(body) < self.minimum_size)
        ):
            await self._release(message)
            return
        headers.add_vary_header("Accept-Encoding")
        if self.level is None:
            self.mode = "passthrough"
        else:
            self.mode = "compress"
            self.compressor = zlib.compressobj(self.level, zlib.DEFLATED, _GZIP_WBITS)
            headers["content-encoding"] = "gzip"
            body = self._compress(body, more_body=streaming)
            message = {**message, "body": body}
            if streaming:
                del headers["content-length"]
            else:
                headers["content-length"] = str(len(body))
        await self.send_next({**start, "headers": headers.raw})
        await self.send_next(message)

    def _compress(self, body: bytes, *, more_body: bool) -> bytes:
        flush = zlib.Z_SYNC_FLUSH if more_body else zlib.Z_FINISH
        data: bytes = self.compressor.compress(body) + self.compressor.flush(flush)
        return data

    async def _send_compressed(self, message: Message) -> None:
        if message["type"] != "http.response.body":
            await self.send_next(message)
            return
        more_body = bool(message.get("more_body", False))
        body = self._compress(message.get("body", b""), more_body=more_body)
        await self.send_next({**message, "body": body})
