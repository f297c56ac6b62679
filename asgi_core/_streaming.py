"""``StreamingResponse``: a body sent chunk by chunk from an (async) iterator.

Async iterables are consumed inline; sync ones through ``iterate_in_threadpool`` so a
blocking generator never stalls the event loop. ``str`` chunks are encoded with ``charset``.

Client disconnects (HARDENING "Faults"): on ASGI spec 2.4 and later a ``send`` that raises
``OSError`` means the client is gone — no extra task is needed. Older servers do not say so
through ``send``, so there, as Starlette does, a second task listens on ``receive`` for
``http.disconnect`` and cancels the stream. Either way the iterator is closed right away
(``aclose()``; a sync generator's ``close()`` through the thread-pool wrapper), so its
``finally`` blocks run while the request is still in hand rather than at garbage
collection. Unlike Starlette, the response's background task still runs after a disconnect
on 2.4 (nothing is lost); then ``ClientDisconnect`` is raised, as Starlette raises it.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from typing import Union

import anyio

from asgi_core._response import Response
from asgi_core.background import BackgroundTask
from asgi_core.concurrency import iterate_in_threadpool
from asgi_core.types import Message, Receive, Scope, Send

__all__ = [
    "AsyncContentStream",
    "Content",
    "ContentStream",
    "StreamingResponse",
    "SyncContentStream",
]

Content = Union[str, bytes, memoryview]
SyncContentStream = Iterable[Content]
AsyncContentStream = AsyncIterable[Content]
ContentStream = Union[AsyncContentStream, SyncContentStream]

_DISCONNECTS = frozenset({"http.disconnect", "websocket.disconnect"})
_BYTES_LIKE = (bytes, bytearray, memoryview)


class _SendFailed(Exception):
    """``send`` raised ``OSError``: the client has gone away."""


@functools.lru_cache(maxsize=32)
def _spec_version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return (2, 0)


def _supports_send_errors(scope: Scope) -> bool:
    """Whether the server reports a disconnect by raising ``OSError`` from ``send`` (2.4+)."""
    asgi = scope.get("asgi")
    version = asgi.get("spec_version", "2.0") if asgi else "2.0"
    return _spec_version(str(version)) >= (2, 4)


async def _close(iterator: AsyncIterator[Content]) -> None:
    """Close an unfinished iterator now, even from inside a cancelled scope."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        with anyio.CancelScope(shield=True):
            await aclose()


def _denial_send(send: Send) -> Send:
    """``send`` with ``http.response.*`` renamed for a WebSocket Denial Response."""

    async def wrapped(message: Message) -> None:
        message["type"] = "websocket." + message["type"]
        await send(message)

    return wrapped


class StreamingResponse(Response):
    """A response whose body comes from ``content``, an iterable or async iterable."""

    __slots__ = ("body_iterator",)

    def __init__(
        self,
        content: ContentStream,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        if isinstance(content, AsyncIterable):
            self.body_iterator: AsyncIterable[Content] = content
        else:
            self.body_iterator = iterate_in_threadpool(content)
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.init_headers(headers)

    async def listen_for_disconnect(self, receive: Receive) -> None:
        """Return once ``receive`` reports that the client disconnected."""
        while True:
            message = await receive()
            if message["type"] in _DISCONNECTS:
                return

    async def stream_response(self, send: Send) -> None:
        """Send the start message and every chunk; close the iterator if cut short."""
        iterator = self.body_iterator.__aiter__()
        charset = self.charset
        try:
            await _send(send, {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self._verified_headers(),
            })
            async for chunk in iterator:
                body = chunk if isinstance(chunk, _BYTES_LIKE) else chunk.encode(charset)
                await _send(send, {"type": "http.response.body", "body": body, "more_body": True})
        except BaseException:
            await _close(iterator)
            raise
        await _send(send, {"type": "http.response.body", "body": b"", "more_body": False})

    async def _stream_until_disconnect(self, send: Send, receive: Receive) -> None:
        """Stream while a second task watches ``receive`` (servers before ASGI 2.4)."""
        error: Exception | None = None
        async with anyio.create_task_group() as task_group:

            async def watch() -> None:
                await self.listen_for_disconnect(receive)
                task_group.cancel_scope.cancel()

            task_group.start_soon(watch)
            try:
                await self.stream_response(send)
            except Exception as exc:  # re-raised below, unwrapped from the task group
                error = exc
            finally:
                task_group.cancel_scope.cancel()
        if error is not None:
            raise error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            send = _denial_send(send)
        disconnected = False
        try:
            if _supports_send_errors(scope):
                await self.stream_response(send)
            else:
                await self._stream_until_disconnect(send, receive)
        except _SendFailed:
            disconnected = True
        if self.background is not None:
            await self.background()
        if disconnected:
            from asgi_core.requests import ClientDisconnect

            raise ClientDisconnect()


async def _send(send: Send, message: Message) -> None:
    try:
        await send(message)
    except OSError as exc:
        raise _SendFailed() from exc
