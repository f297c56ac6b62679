"""The blocking WebSocket session ``TestClient.websocket_connect`` returns.

A thin sync face over ``WebSocketChannel``: the app runs as a task in a blocking portal
(the client's, or one opened for the session) and every call crosses into it. Entering
the ``with`` block performs the handshake; leaving it closes with 1000 and waits for the
app, raising what the app raised.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Literal

from anyio.from_thread import BlockingPortal

from asgi_core.types import Message

from ._websocket import WebSocketChannel, WebSocketDisconnect

__all__ = ["WebSocketTestSession"]

PortalFactory = Callable[[], AbstractContextManager[BlockingPortal]]


class WebSocketTestSession:
    """A WebSocket connection to the app, used from synchronous test code."""

    __slots__ = ("_channel", "_channel_factory", "_exit_stack", "_portal", "_portal_factory")

    def __init__(
        self, channel_factory: Callable[[], WebSocketChannel], portal_factory: PortalFactory
    ) -> None:
        self._channel_factory = channel_factory
        self._portal_factory = portal_factory
        self._exit_stack = contextlib.ExitStack()
        self._portal: BlockingPortal | None = None
        self._channel: WebSocketChannel | None = None

    def __enter__(self) -> WebSocketTestSession:
        with contextlib.ExitStack() as stack:
            self._portal = portal = stack.enter_context(self._portal_factory())
            self._channel = channel = portal.call(self._channel_factory)
            portal.start_task_soon(channel.run)
            stack.callback(self._finish, portal, channel)
            portal.call(channel.connect)
            self._exit_stack = stack.pop_all()
        return self

    @staticmethod
    def _finish(portal: BlockingPortal, channel: WebSocketChannel) -> None:
        portal.call(channel.aclose)

    def __exit__(self, *exc_info: object) -> None:
        self._exit_stack.close()

    # -- state ---------------------------------------------------------------------------
    @property
    def channel(self) -> WebSocketChannel:
        if self._channel is None:
            raise RuntimeError("Use the session inside `with client.websocket_connect(...)`.")
        return self._channel

    @property
    def accepted_subprotocol(self) -> str | None:
        return self.channel.accepted_subprotocol

    @property
    def extra_headers(self) -> list[tuple[bytes, bytes]]:
        return self.channel.extra_headers

    @property
    def scope(self) -> dict[str, Any]:
        return self.channel.scope

    def _call(self, func: Callable[..., Any], *args: Any) -> Any:
        if self._portal is None:
            raise RuntimeError("Use the session inside `with client.websocket_connect(...)`.")
        return self._portal.call(func, *args)

    # -- sending -------------------------------------------------------------------------
    def send(self, message: Message) -> None:
        self._call(self.channel.send, message)

    def send_text(self, data: str) -> None:
        self.send({"type": "websocket.receive", "text": data})

    def send_bytes(self, data: bytes) -> None:
        self.send({"type": "websocket.receive", "bytes": data})

    def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            self.send_text(text)
        else:
            self.send_bytes(text.encode())

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.send({"type": "websocket.disconnect", "code": code, "reason": reason})

    # -- receiving -----------------------------------------------------------------------
    def receive(self) -> Message:
        """The app's next raw message (a ``websocket.close`` is returned, not raised)."""
        message: Message = self._call(self.channel.receive)
        return message

    @staticmethod
    def _raise_on_close(message: Message) -> None:
        if message["type"] == "websocket.close":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason", ""))

    def receive_text(self) -> str:
        message = self.receive()
        self._raise_on_close(message)
        return str(message["text"])

    def receive_bytes(self) -> bytes:
        message = self.receive()
        self._raise_on_close(message)
        return bytes(message["bytes"])

    def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        message = self.receive()
        self._raise_on_close(message)
        if mode == "text":
            return json.loads(message["text"])
        return json.loads(message["bytes"].decode())
