"""The ASGI lifespan protocol, driven from the server side (``on``, ``auto`` or ``off``).

The app runs in its own task for the whole life of the server. ``startup()`` returns once the
app answers ``lifespan.startup.complete``; a ``startup.failed`` message or an exception
raises :class:`LifespanFailure` so the server exits non-zero with the error. Under ``auto``
an app that raises before answering is taken not to speak lifespan and serving goes on.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import anyio
from anyio.abc import TaskGroup

from asgi_core.types import ASGIApp, Message

__all__ = ["Lifespan", "LifespanFailure"]

logger = logging.getLogger("keel.server")


class LifespanFailure(RuntimeError):
    """The app's lifespan startup (or shutdown) failed."""


class Lifespan:
    """Run ``app``'s lifespan; ``state`` is the dict copied into every request scope."""

    def __init__(self, app: ASGIApp, mode: str = "auto") -> None:
        self.app = app
        self.mode = mode
        self.state: dict[str, Any] = {}
        self.supported = mode != "off"
        self._to_app: anyio.abc.ObjectSendStream[Message] | None = None
        self._from_app: anyio.abc.ObjectReceiveStream[Message] | None = None
        self._error: BaseException | None = None
        self._app_done = anyio.Event()

    async def startup(self, tg: TaskGroup) -> None:
        if self.mode == "off":
            return
        to_app, app_in = anyio.create_memory_object_stream[Message](2)
        app_out, from_app = anyio.create_memory_object_stream[Message](2)
        self._to_app, self._from_app = to_app, from_app
        tg.start_soon(self._run, app_in, app_out)
        with contextlib.suppress(anyio.BrokenResourceError):  # the app already returned
            await to_app.send({"type": "lifespan.startup"})
        reply = await self._reply()
        if reply is None:
            return
        if reply["type"] == "lifespan.startup.failed":
            raise LifespanFailure(f"lifespan startup failed: {reply.get('message', '')}")
        if reply["type"] != "lifespan.startup.complete":
            raise LifespanFailure(
                f"expected 'lifespan.startup.complete', got {reply['type']!r}"
            )

    async def shutdown(self) -> None:
        if not self.supported or self._to_app is None or self._app_done.is_set():
            return
        try:
            await self._to_app.send({"type": "lifespan.shutdown"})
        except anyio.BrokenResourceError:
            return
        reply = await self._reply()
        if reply is not None and reply["type"] == "lifespan.shutdown.failed":
            logger.error("lifespan shutdown failed: %s", reply.get("message", ""))
        await self.close()

    async def close(self) -> None:
        for stream in (self._to_app, self._from_app):
            if stream is not None:
                await stream.aclose()

    async def _reply(self) -> Message | None:
        """The app's answer; ``None`` when it does not support lifespan (``auto``)."""
        if self._from_app is None:
            raise LifespanFailure("lifespan was not started")
        try:
            return await self._from_app.receive()
        except anyio.EndOfStream:
            await self.close()
        if self._error is not None and self.mode == "on":
            raise LifespanFailure(f"lifespan failed: {self._error!r}") from self._error
        if self._error is not None:
            logger.info("lifespan not supported by the app (%r); continuing", self._error)
        self.supported = False
        return None

    async def _run(
        self,
        app_in: anyio.abc.ObjectReceiveStream[Message],
        app_out: anyio.abc.ObjectSendStream[Message],
    ) -> None:
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.0"},
            "state": self.state,
        }

        async def receive() -> Message:
            return await app_in.receive()

        async def send(message: Message) -> None:
            await app_out.send(message)

        async with app_in, app_out:
            try:
                await self.app(scope, receive, send)
            except Exception as exc:
                self._error = exc
        self._app_done.set()
