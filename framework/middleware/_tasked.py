"""``call_next`` before ASGI 2.4: the wrapped app runs in a child task.

There, responses watch ``receive`` for a disconnect in a task group held open across
``send``, which the inline stepping cannot host; so the app gets its own task and its
messages flow through a small memory stream. The context variables the app had set when it
started its response are copied back into the middleware's context.
"""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import anyio
from anyio.abc import TaskGroup

from asgi_core.requests import ClientDisconnect, Request
from asgi_core.responses import Response
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send
from framework.middleware._app_response import AppResponse, bad_start

__all__ = ["ChildTask"]

_BODY = "http.response.body"
_MISSING = object()


def _adopt(context: contextvars.Context | None) -> None:
    """Set, in the current context, every variable whose value differs in ``context``."""
    if context is None:
        return
    for var, value in context.items():
        if var.get(_MISSING) is not value:
            var.set(value)


class _TaskedResponse(AppResponse):
    __slots__ = ("_source",)

    def __init__(self, start: Message, source: ChildTask) -> None:
        self._source = source
        self._iterator = self._raw = None
        self._set_start(start)

    def _body_messages(self) -> AsyncIterator[bytes]:
        return self._source.body()

    def _respond(self, send: Send, start: Message) -> Coroutine[Any, Any, None]:
        return self._source.respond(send, start)


class ChildTask:
    """Runs the wrapped app in a child task and turns its messages into a response."""

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive, group: TaskGroup) -> None:
        self.app = app
        self.scope = scope
        self.receive = receive
        self.group = group
        self.error: BaseException | None = None
        self.delivered = False
        self.called = False  # ``call_next`` started the app
        self.context: contextvars.Context | None = None
        # A small buffer lets the app hand over a whole response in one go (one task switch
        # instead of one per message) while a stream still flows chunk by chunk.
        self.sender, self.messages = anyio.create_memory_object_stream[Message](8)

    async def _send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            # The endpoint's context variables as they are now, for the middleware.
            self.context = contextvars.copy_context()
        await self.sender.send(message)

    async def _run(self) -> None:
        async with self.sender:
            try:
                await self.app(self.scope, self.receive, self._send)
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                pass  # the middleware answered without reading the rest of the response
            except Exception as exc:
                self.error = exc

    async def call_next(self, request: Request) -> Response:
        self.called = True
        self.group.start_soon(self._run)
        start: Message | None
        try:
            start = await self.messages.receive()
        except anyio.EndOfStream:
            if self.error is not None:
                self.delivered = True
                raise self.error from None
            start = None
        _adopt(self.context)
        if start is None or start["type"] != "http.response.start":
            bad_start(start)
        return _TaskedResponse(start, self)

    async def respond(self, send: Send, start: Message) -> None:
        """Send ``start``, then the app's body messages unchanged, up to the last one."""
        try:
            await send(start)
        except OSError:
            raise ClientDisconnect() from None
        async for message in self.messages:
            if message["type"] != _BODY:
                continue
            try:
                await send(message)
            except OSError:
                raise ClientDisconnect() from None
            if not message.get("more_body", False):
                return
        if self.error is not None:
            self.delivered = True
            raise self.error

    async def body(self) -> AsyncIterator[bytes]:
        async for message in self.messages:
            if message["type"] != _BODY:
                continue
            body = message.get("body", b"")
            if body:
                yield body
            if not message.get("more_body", False):
                return
        if self.error is not None:
            self.delivered = True
            raise self.error

    def close(self) -> None:
        self.messages.close()
        if not self.called:  # never run: its end of the stream would stay open
            self.sender.close()
