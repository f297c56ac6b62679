"""The async core of a test WebSocket connection, shared by every client.

``WebSocketChannel.run`` is the task holding the app's call; the test side talks to it
through two unbounded queues. ``connect`` waits for the app's answer to
``websocket.connect``: ``websocket.accept`` opens the session, ``websocket.close`` raises
``WebSocketDisconnect``, a denial response (``websocket.http.response.*``) raises
``WebSocketDenialResponse``. After the test closes, an app that sends or waits for another
message is cancelled (as a real connection would fail it), so closing never hangs.
"""

from __future__ import annotations

import math
from typing import Any

import anyio

from asgi_core.types import ASGIApp, Message

from ._response import Response

try:
    from asgi_core.websockets import WebSocketDisconnect
except ImportError:  # asgi_core.websockets not written yet: same signature as Starlette's

    class WebSocketDisconnect(Exception):  # type: ignore[no-redef]
        def __init__(self, code: int = 1000, reason: str | None = None) -> None:
            self.code = code
            self.reason = reason or ""


__all__ = ["WebSocketChannel", "WebSocketDenialResponse", "WebSocketDisconnect"]

_RETURNED: Message = {"type": "_returned"}


class WebSocketDenialResponse(WebSocketDisconnect):  # type: ignore[misc,unused-ignore]
    """The app refused the handshake with an HTTP response; it is available here.

    Behaves as the response (``status_code``, ``headers``, ``content``, ``text``,
    ``json()``...) and is a ``WebSocketDisconnect`` with code 1006, what a browser reports
    for a failed handshake.
    """

    def __init__(self, response: Response) -> None:
        super().__init__(code=1006, reason=None)
        self.response = response

    def __getattr__(self, name: str) -> Any:
        if name == "response":
            raise AttributeError(name)
        return getattr(self.response, name)

    def __str__(self) -> str:
        return f"WebSocket handshake denied: {self.response!r}"


class WebSocketChannel:
    """One WebSocket connection between a test and ``app``."""

    close_timeout = 1.0
    """Seconds the app gets to finish after the test closed, before it is cancelled."""

    __slots__ = (
        "_cancel_scope",
        "_client_closed",
        "_finished",
        "_from_app_recv",
        "_from_app_send",
        "_to_app_recv",
        "_to_app_send",
        "accepted_subprotocol",
        "app",
        "extra_headers",
        "scope",
    )

    def __init__(self, app: ASGIApp, scope: dict[str, Any]) -> None:
        self.app = app
        self.scope = scope
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] = []
        self._client_closed = False
        self._to_app_send, self._to_app_recv = anyio.create_memory_object_stream[Message](
            math.inf
        )
        self._from_app_send, self._from_app_recv = anyio.create_memory_object_stream[
            Message | BaseException
        ](math.inf)
        self._to_app_send.send_nowait({"type": "websocket.connect"})
        self._cancel_scope = anyio.CancelScope()
        self._finished = anyio.Event()

    # -- the app's side ------------------------------------------------------------------
    async def _receive(self) -> Message:
        try:
            return self._to_app_recv.receive_nowait()
        except anyio.WouldBlock:
            if self._client_closed:
                self._cancel_scope.cancel()
        return await self._to_app_recv.receive()

    async def _send(self, message: Message) -> None:
        if self._client_closed:
            self._cancel_scope.cancel()
            await anyio.lowlevel.checkpoint()
        await self._from_app_send.send(message)

    async def run(self) -> None:
        """The task running the app; its exception is queued for the test to receive."""
        with self._cancel_scope:
            try:
                await self.app(self.scope, self._receive, self._send)
            except Exception as exc:
                self._from_app_send.send_nowait(exc)
        self._from_app_send.send_nowait(_RETURNED)
        self._finished.set()

    # -- the test's side -----------------------------------------------------------------
    async def _next(self) -> Message:
        item = await self._from_app_recv.receive()
        if isinstance(item, BaseException):
            raise item
        return item

    async def connect(self) -> None:
        """Wait for the app to accept; raise if it closes, denies or fails instead."""
        message = await self._next()
        kind = message["type"]
        if kind == "websocket.accept":
            self.accepted_subprotocol = message.get("subprotocol")
            self.extra_headers = list(message.get("headers", []))
        elif kind == "websocket.close":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason", ""))
        elif kind == "websocket.http.response.start":
            raise WebSocketDenialResponse(await self._denial(message))
        elif message is _RETURNED:
            raise WebSocketDisconnect(1006, "the app returned without accepting")
        else:
            raise RuntimeError(f"Expected 'websocket.accept' or 'websocket.close', got {kind!r}")

    async def _denial(self, start: Message) -> Response:
        chunks: list[bytes] = []
        while True:
            message = await self._next()
            if message["type"] != "websocket.http.response.body":
                raise RuntimeError(
                    f"Expected 'websocket.http.response.body', got {message['type']!r}"
                )
            chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        if not any(k.lower() == b"content-length" for k, _ in headers):
            headers.append((b"content-length", str(len(body)).encode()))
        return Response(int(start["status"]), headers=headers, content=body)

    async def send(self, message: Message) -> None:
        """Deliver ``message`` to the app (``websocket.disconnect`` closes the session)."""
        if message.get("type") == "websocket.disconnect":
            self._client_closed = True
        await self._to_app_send.send(message)

    async def receive(self) -> Message:
        """The app's next message; after the app returned, a ``websocket.close`` 1000."""
        message = await self._next()
        if message is _RETURNED:
            self._from_app_send.send_nowait(_RETURNED)  # keep answering the same way
            return {"type": "websocket.close", "code": 1000, "reason": ""}
        return message

    def close_streams(self) -> None:
        for stream in (self._to_app_send, self._to_app_recv, self._from_app_send,
                       self._from_app_recv):
            stream.close()

    async def aclose(self, code: int = 1000) -> None:
        """End the session: disconnect (unless done), wait for the app, raise its error."""
        try:
            await self._aclose(code)
        finally:
            self.close_streams()

    async def _aclose(self, code: int) -> None:
        if not self._client_closed and not self._finished.is_set():
            await self.send({"type": "websocket.disconnect", "code": code, "reason": None})
        self._client_closed = True
        with anyio.move_on_after(self.close_timeout):
            await self._finished.wait()
        self._cancel_scope.cancel()
        await self._finished.wait()
        while True:
            try:
                item = self._from_app_recv.receive_nowait()
            except (anyio.WouldBlock, anyio.EndOfStream):
                return
            if isinstance(item, BaseException):
                raise item
            if item is _RETURNED:
                return
