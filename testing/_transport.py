"""The async core of one HTTP request to an ASGI app, shared by every client.

``HTTPExchange`` feeds the app its scope and body (one ``http.request`` message; later
``receive()`` calls wait until the response is over, then give ``http.disconnect``) and
collects what it sends. ``collect()`` runs the whole exchange (background work included)
and returns the complete response; the streaming path (``run`` in a task, ``wait_head``,
``next_chunk``, ``aclose``) hands body chunks over one at a time with backpressure, so an
endless stream can be read piecemeal. Sync clients drive either through a blocking portal.
"""

from __future__ import annotations

from typing import Any

import anyio
import anyio.abc

from asgi_core.types import ASGIApp, Message

from ._errors import ConformanceError, ProtocolError

__all__ = ["HTTPExchange", "ProtocolError"]


class HTTPExchange:
    """One request/response cycle with ``app``."""

    __slots__ = (
        "_body",
        "_body_recv",
        "_body_send",
        "_cancel_scope",
        "_complete",
        "_error_raised",
        "_finished",
        "_head_ready",
        "_request_sent",
        "app",
        "debug",
        "error",
        "headers",
        "raise_server_exceptions",
        "scope",
        "status",
        "trailers",
    )

    def __init__(
        self, app: ASGIApp, scope: dict[str, Any], body: bytes, *, raise_server_exceptions: bool
    ) -> None:
        self.app = app
        self.scope = scope
        self.raise_server_exceptions = raise_server_exceptions
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.trailers: list[tuple[bytes, bytes]] = []
        self.debug: dict[str, Any] = {}
        self.error: BaseException | None = None
        self._body = body
        self._request_sent = False
        self._complete = anyio.Event()
        self._error_raised = False
        self._head_ready = anyio.Event()
        self._finished = anyio.Event()
        self._cancel_scope = anyio.CancelScope()
        self._body_send, self._body_recv = anyio.create_memory_object_stream[bytes](0)

    # -- the app's side ------------------------------------------------------------------
    async def _receive(self) -> Message:
        if not self._request_sent:
            self._request_sent = True
            return {"type": "http.request", "body": self._body, "more_body": False}
        await self._complete.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        kind = message.get("type")
        if kind == "http.response.start":
            await self._on_start(message)
        elif kind == "http.response.body":
            await self._on_body(message)
        elif kind == "http.response.debug":
            self.debug = dict(message.get("info", {}))
        elif kind == "http.response.trailers":
            self.trailers.extend(message.get("headers", []))
        else:
            raise ProtocolError(f"Unexpected ASGI message {kind!r} in an HTTP exchange")

    async def _on_start(self, message: Message) -> None:
        if self.status is not None:
            raise ProtocolError("'http.response.start' sent twice")
        self.status = int(message["status"])
        self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        self._head_ready.set()

    async def _on_body(self, message: Message) -> None:
        if self.status is None:
            raise ProtocolError("'http.response.body' sent before 'http.response.start'")
        if self._complete.is_set():
            raise ProtocolError("'http.response.body' sent after the response completed")
        body = bytes(message.get("body", b""))
        if body and self.scope.get("method") != "HEAD":
            try:
                await self._body_send.send(body)
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                pass  # the test stopped reading: drop the rest
        if not message.get("more_body", False):
            self._complete.set()
            self._body_send.close()

    async def run(self) -> None:
        """Run the app to completion, keeping (not raising) its exception."""
        with self._cancel_scope:
            try:
                await self.app(self.scope, self._receive, self._send)
            except Exception as exc:
                self.error = exc
        self._complete.set()
        self._body_send.close()
        self._head_ready.set()
        self._finished.set()

    # -- the client's side ---------------------------------------------------------------
    def _check_error(self, *, before_start: bool) -> None:
        if self.error is None or self._error_raised:
            return
        if self.raise_server_exceptions or isinstance(self.error, ConformanceError):
            self._error_raised = True
            raise self.error
        if before_start:
            self.status, self.headers = 500, []

    def _check_head(self) -> None:
        if self.status is None and self.error is None:
            self.error = ProtocolError("The ASGI app returned without starting a response")
        self._check_error(before_start=self.status is None)

    async def wait_head(self) -> None:
        """Wait for ``http.response.start`` (or the app's end); raise what the app raised."""
        await self._head_ready.wait()
        self._check_head()

    async def next_chunk(self) -> bytes | None:
        """The next non-empty body chunk, or ``None`` at the end of the body."""
        try:
            return await self._body_recv.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            if self._finished.is_set():
                self._check_error(before_start=False)
            return None

    async def aclose(self) -> None:
        """Stop reading: cancel the app if it is still sending, wait for it, raise its error."""
        if not self._complete.is_set():
            self._cancel_scope.cancel()
        self._body_recv.close()
        await self._finished.wait()
        self._check_error(before_start=False)

    async def collect(self) -> bytes:
        """Run the whole exchange; return the body (``status``/``headers`` are set)."""
        chunks: list[bytes] = []
        with self._body_recv:
            async with anyio.create_task_group() as task_group:
                task_group.start_soon(self.run)
                async for chunk in self._body_recv:
                    chunks.append(chunk)
        self._check_head()
        self._check_error(before_start=False)
        return b"".join(chunks)
