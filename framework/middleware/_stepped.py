"""``call_next`` on ASGI 2.4+: the wrapped app stepped inline, from the request's own task.

No task, no stream, no queue. ``SteppedResponse`` is at once the driver of the app's
coroutine and the response ``call_next`` returns (one object per request):

- **stepping** (``call_next``, a middleware reading ``body_iterator``): the coroutine is
  stepped by hand with ``_driving`` set; the app's ``send`` stores its message and pauses
  it (``await _PAUSE``, a bare yield up to the stepper); anything else it awaits is passed
  through to the event loop. The common case — the app goes straight to its start
  message — is a single ``coro.send(None)``;
- **passing** (the response sent as is): the start message goes out, then the app simply
  runs on as part of the caller (``yield from``), its ``send`` handing each message
  straight to the client's. A chunk flows as soon as it is sent, a slow client holds the
  app back, an error from the client's ``send`` (a disconnect, a cancellation) is raised
  in the app's own ``send``, and background tasks run after the last chunk is out —
  exactly as without the layer;
- **over** (``finish``, when the middleware answered with another response or failed):
  the app is told (``BrokenResourceError`` in its paused ``send``) and run to its end; a
  further ``send`` raises ``ClosedResourceError``.

It is one task throughout, so context variables are shared both ways. Whenever control is
back here and the app has not ended, it is paused in ``send``, where ``_error`` (if set) is
raised as it resumes. A ``send`` from another task (the WSGI bridge) cannot pause the app:
it waits in ``_backlog`` and is handed on in order once the app pauses or ends.

Known limit (as with any inline stepping): an app paused in ``send`` inside a cancel scope
of its own (a task group held by a ``yield`` dependency, say) cannot be resumed under a
middleware that opened and closed its own cancel scope around ``call_next`` meanwhile
(``with fail_after(...): await call_next(request)``): anyio reports the scopes' nesting
as corrupted. Each alone works.
"""

from __future__ import annotations

import types
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Generator
from typing import Any

import anyio

from asgi_core.requests import BODY_SCOPE_KEY, Request
from asgi_core.responses import Response
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send
from framework.middleware._app_response import AppResponse, bad_start, replaying_receive

__all__ = ["SteppedResponse"]

_BODY = "http.response.body"
_PAUSED = object()  # what the app's ``send`` yields to the stepper
_ENDED = object()  # what a step returns once the app's coroutine has returned
_COROUTINE = types.CoroutineType


class _Pause:
    """``await _PAUSE`` yields ``_PAUSED`` once, then goes on: a pause point made of a C
    tuple iterator, so no generator is made per ``send``."""

    __slots__ = ()
    __await__ = (_PAUSED,).__iter__


_PAUSE = _Pause()


@types.coroutine
def _run_rest(coro: Any) -> Generator[Any, Any, None]:
    """Resume the paused ``coro`` and let it run to its end as part of the caller."""
    yield from coro


async def _awaited(awaitable: Awaitable[None]) -> None:
    """An app that returned some other awaitable, as a coroutine that can be stepped."""
    await awaitable


class SteppedResponse(AppResponse):
    """The wrapped app, stepped inline, and the response ``call_next`` makes of it."""

    __slots__ = ("_app", "_coro", "_driving", "_message", "_receive", "_scope", "_target")

    # Rarely changed state is read from these class-level defaults until first set (then
    # in the instance ``__dict__``), so that a request does not pay to initialise it.
    _backlog: deque[Message] | None = None  # sent from other tasks, in order
    _error: BaseException | None = None  # raised in the app's ``send`` as it resumes
    _from_backlog = False  # the message handed out last came from ``_backlog``
    _delivered = False  # the app's last body message reached the client or middleware
    _over = False  # the response is over: a further ``send`` raises

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive) -> None:
        self._app = app
        self._scope = scope
        self._receive = receive
        self._coro: Any = None
        self._target: Send | None = None  # the client's ``send``, while passing
        self._driving = False  # the app's coroutine runs under a step right now

    @property
    def started(self) -> bool:
        """``call_next`` was called and the app has not ended yet."""
        coro = self._coro
        return coro is not None and coro.cr_frame is not None

    def _send(self, message: Message) -> Awaitable[None]:
        # Passing: the client's own ``send``, called as the app calls ours, so a chunk goes
        # out (or fails) exactly as it would without this layer, with no frame of ours.
        target = self._target
        if target is not None:
            return target(message)
        return self._hold(message)

    async def _hold(self, message: Message) -> None:
        """``send`` while not passing: pause a stepped app, keep another task's message."""
        if self._driving:
            self._message = message
            await _PAUSE  # type: ignore[misc]
            error = self._error
            if error is not None:
                self._error = None
                raise error
            return
        target = self._target
        if target is not None:  # called before ``respond`` but awaited after
            await target(message)
            return
        if self._over:
            raise anyio.ClosedResourceError()  # the response is over (or abandoned)
        # Sent from another task, which cannot be paused from here: kept until the app's
        # own coroutine pauses or ends.
        if self._backlog is None:
            self._backlog = deque()
        self._backlog.append(message)

    def _step(self, value: Any, error: BaseException | None) -> Any:
        """Run the app until it yields: ``_PAUSED``, ``_ENDED`` or an event-loop await."""
        self._driving = True
        try:
            return self._coro.send(value) if error is None else self._coro.throw(error)
        except StopIteration:
            return _ENDED
        finally:
            self._driving = False

    @types.coroutine
    def _through(self, yielded: Any) -> Generator[Any, Any, Any]:
        """Pass the app's awaits to the event loop until it pauses in ``send`` or ends."""
        while yielded is not _PAUSED and yielded is not _ENDED:
            try:
                value = yield yielded
            except BaseException as exc:  # cancellation etc.: the app's to handle
                yielded = self._step(None, exc)
            else:
                yielded = self._step(value, None)
        return yielded

    async def _settle(self, yielded: Any) -> Message | None:
        """After a step that did not end in a plain pause: the next message, or ``None``."""
        yielded = await self._through(yielded)
        backlog = self._backlog
        if yielded is _PAUSED:
            if not backlog:
                self._from_backlog = False
                return self._message
            backlog.append(self._message)
        if backlog:
            self._from_backlog = True
            return backlog.popleft()
        return None

    async def call_next(self, request: Request) -> Response:
        if self._coro is not None:
            raise RuntimeError("call_next() can only be called once")
        scope = self._scope
        receive = self._receive
        if scope.get(BODY_SCOPE_KEY) is not None:
            receive = replaying_receive(scope, receive)
        coro = self._app(scope, receive, self._send)
        if type(coro) is not _COROUTINE:
            coro = _awaited(coro)
        self._coro = coro
        self._driving = True
        try:
            yielded = coro.send(None)
        except StopIteration:
            yielded = _ENDED
        finally:
            self._driving = False
        start: Message | None
        if yielded is _PAUSED and self._backlog is None:
            start = self._message  # the common case: the app went straight to its start
        else:
            start = await self._settle(yielded)
        if start is None or start["type"] != "http.response.start":
            bad_start(start)
        self._start = start
        self.status_code = start["status"]
        self.background = None
        return self

    async def _respond(self, send: Send, start: Message) -> None:
        """Send ``start``, then let the app run on with its ``send`` passing straight to
        the client's, up to its end (background tasks included)."""
        try:
            await send(start)
        except BaseException as exc:
            self._tell_app(exc)
        self._target = send
        if self._backlog:
            await self._flush()
        coro = self._coro
        if coro.cr_frame is not None:
            await _run_rest(coro)

    def _tell_app(self, exc: BaseException) -> None:
        """The client's ``send`` of the start failed: raised in the app's own ``send``."""
        if self._from_backlog or self._coro.cr_frame is None:
            raise exc  # it came from another task: nowhere to raise it but here
        self._error = exc

    async def _flush(self) -> None:
        """Pass on the messages sent from other tasks so far, in order."""
        backlog = self._backlog
        while backlog:
            await self._send(backlog.popleft())

    async def _next_body(self) -> Message | None:
        """Stepping: the app's next body message (others are dropped), ``None`` at its end."""
        while True:
            backlog = self._backlog
            if backlog:
                self._from_backlog = True
                message: Message | None = backlog.popleft()
            elif self._coro.cr_frame is None:
                return None
            else:
                yielded = self._step(None, None)
                if yielded is _PAUSED and not self._backlog:
                    message = self._message
                    self._from_backlog = False
                else:
                    message = await self._settle(yielded)
            if message is None or message["type"] == _BODY:
                return message

    async def _body_messages(self) -> AsyncIterator[bytes]:
        while (message := await self._next_body()) is not None:
            body = message.get("body", b"")
            if body:
                yield body
            if not message.get("more_body", False):
                # Read whole by the middleware: the app's response is over, as if sent,
                # and its background tasks run in ``finish``.
                self._delivered = True
                return

    async def _sent_otherwise(self) -> None:
        await self.finish(abandoned=False)

    async def finish(self, abandoned: bool) -> None:
        """Run the app to its end: its background tasks, or its exit once abandoned."""
        if not self.started:
            return
        self._over = True
        self._target = None
        if abandoned or not self._delivered:
            self._error = anyio.BrokenResourceError()
        try:
            await _run_rest(self._coro)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass
        except Exception:
            if not abandoned:
                raise
