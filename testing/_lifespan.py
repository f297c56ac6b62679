"""Running an app's lifespan protocol for a client's ``with``/``async with`` block.

``LifespanRunner.run`` is the task holding the app's lifespan call; ``startup`` and
``shutdown`` exchange the messages and raise when the app fails: the app's own exception
when it raised, else a ``LifespanError`` carrying the ``*.failed`` message. An app that
returns without answering ``lifespan.startup`` is taken as not supporting lifespan. Once no
message can come any more, a further ``receive()`` cancels the app instead of hanging.
"""

from __future__ import annotations

import math
from typing import Any

import anyio

from asgi_core.types import ASGIApp, Message

__all__ = ["LifespanError", "LifespanRunner"]

_RETURNED: Message = {"type": "_returned"}


class LifespanError(RuntimeError):
    """The app answered ``lifespan.startup.failed`` or ``lifespan.shutdown.failed``."""


class LifespanRunner:
    """One lifespan session of ``app``; ``state`` is the scope's state namespace.

    ``answered`` tells, after ``startup``, whether the app replied to ``lifespan.startup``.
    """

    __slots__ = (
        "_cancel_scope",
        "_done",
        "_from_app_recv",
        "_from_app_send",
        "_in_receive",
        "_to_app_recv",
        "_to_app_send",
        "answered",
        "app",
        "error",
        "state",
    )

    def __init__(self, app: ASGIApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state
        self.error: BaseException | None = None
        self.answered = False
        self._done = False
        self._to_app_send, self._to_app_recv = anyio.create_memory_object_stream[Message](
            math.inf
        )
        self._from_app_send, self._from_app_recv = anyio.create_memory_object_stream[Message](
            math.inf
        )
        self._in_receive = False
        self._cancel_scope = anyio.CancelScope()

    async def _receive(self) -> Message:
        self._in_receive = True
        try:
            return await self._to_app_recv.receive()
        finally:
            self._in_receive = False

    async def _send(self, message: Message) -> None:
        await self._from_app_send.send(message)

    async def run(self) -> None:
        """The task running the app's lifespan; never raises the app's exception."""
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.0"},
            "state": self.state,
        }
        with self._cancel_scope:
            try:
                await self.app(scope, self._receive, self._send)
            except Exception as exc:
                self.error = exc
        self._from_app_send.send_nowait(_RETURNED)

    def close(self) -> None:
        """Release the message queues (once the session is over)."""
        for stream in (self._to_app_send, self._to_app_recv, self._from_app_send,
                       self._from_app_recv):
            stream.close()

    async def _exchange(self, event: str) -> Message:
        await self._to_app_send.send({"type": event})
        return await self._from_app_recv.receive()

    async def _wait_returned(self) -> None:
        """No message will come any more: let the app end (cancel it if it waits for one)."""
        self._done = True
        if self._in_receive:
            self._cancel_scope.cancel()
        while await self._from_app_recv.receive() is not _RETURNED:
            if self._in_receive:
                self._cancel_scope.cancel()

    async def _returned(self) -> None:
        self._done = True
        if self.error is not None:
            raise self.error

    async def _failed(self, message: Message, phase: str) -> None:
        await self._wait_returned()
        await self._returned()
        raise LifespanError(message.get("message") or f"lifespan {phase} failed")

    async def startup(self) -> None:
        """Send ``lifespan.startup``; raise if the app fails it."""
        message = await self._exchange("lifespan.startup")
        self.answered = message is not _RETURNED
        if message is _RETURNED:  # lifespan unsupported, or the app raised
            await self._returned()
        elif message["type"] == "lifespan.startup.failed":
            await self._failed(message, "startup")
        elif message["type"] != "lifespan.startup.complete":
            raise LifespanError(f"unexpected lifespan message {message['type']!r} at startup")

    async def shutdown(self) -> None:
        """Send ``lifespan.shutdown``, wait for the app to end; raise if it fails."""
        if self._done:
            return
        message = await self._exchange("lifespan.shutdown")
        if message is _RETURNED:
            await self._returned()
            return
        if message["type"] == "lifespan.shutdown.failed":
            await self._failed(message, "shutdown")
        if message["type"] != "lifespan.shutdown.complete":
            raise LifespanError(f"unexpected lifespan message {message['type']!r} at shutdown")
        await self._wait_returned()
        await self._returned()
