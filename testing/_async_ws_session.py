"""The WebSocket session ``AsyncClient.websocket_connect`` returns.

The async face of ``WebSocketChannel`` (the same core the sync session drives through a
portal): ``async with`` starts the app in a task group of its own and performs the
handshake; leaving the block closes with 1000, waits for the app and raises what it raised.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any, Literal

from asgi_core.types import Message

from ._tasks import background
from ._websocket import WebSocketChannel, WebSocketDisconnect

__all__ = ["AsyncWebSocketSession"]


def _raise_on_close(message: Message) -> None:
    if message["type"] == "websocket.close":
        raise WebSocketDisconnect(message.get("code", 1000), message.get("reason", ""))


class AsyncWebSocketSession:
    """A WebSocket connection to the app, used from async test code."""

    __slots__ = ("_channel", "_channel_factory", "_exit_stack")

    def __init__(self, channel_factory: Callable[[], WebSocketChannel]) -> None:
        self._channel_factory = channel_factory
        self._exit_stack = contextlib.AsyncExitStack()
        self._channel: WebSocketChannel | None = None

    async def __aenter__(self) -> AsyncWebSocketSession:
        async with contextlib.AsyncExitStack() as stack:
            task_group = await stack.enter_async_context(background())
            self._channel = channel = self._channel_factory()
            task_group.start_soon(channel.run)
            stack.push_async_callback(channel.aclose)
            await channel.connect()
            self._exit_stack = stack.pop_all()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._exit_stack.aclose()

    # -- state ---------------------------------------------------------------------------
    @property
    def channel(self) -> WebSocketChannel:
        if self._channel is None:
            raise RuntimeError("Use the session inside `async with client.websocket_connect()`.")
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

    # -- sending -------------------------------------------------------------------------
    async def send(self, message: Message) -> None:
        await self.channel.send(message)

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.receive", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.receive", "bytes": data})

    async def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send_text(text)
        else:
            await self.send_bytes(text.encode())

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.disconnect", "code": code, "reason": reason})

    # -- receiving -----------------------------------------------------------------------
    async def receive(self) -> Message:
        """The app's next raw message (a ``websocket.close`` is returned, not raised)."""
        return await self.channel.receive()

    async def receive_text(self) -> str:
        message = await self.receive()
        _raise_on_close(message)
        return str(message["text"])

    async def receive_bytes(self) -> bytes:
        message = await self.receive()
        _raise_on_close(message)
        return bytes(message["bytes"])

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        message = await self.receive()
        _raise_on_close(message)
        if mode == "text":
            return json.loads(message["text"])
        return json.loads(message["bytes"].decode())
