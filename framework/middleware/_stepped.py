"""``call_next`` on ASGI 2.4+: the wrapped app stepped inline, from the request's own task.

No task, no stream, no queue. ``SteppedResponse`` is at once the driver of the app's
coroutine and the response ``call_next`` returns (one object per request):

- **stepping** (``call_next``, a middleware reading ``body_iterator``): the coroutine is
  stepped by hand with ``_driving`` set; the app's ``send`` stores its message and pauses
  it (a bare yield up to the stepper, made by a C tuple iterator); anything else it awaits
  is passed through to the event loop. The common case — the app goes straight to its
  start message — is a single ``coro.send(None)``;
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
back here and the app has not ended, it is paused in ``send``; an error meant for the app
is thrown in there (``coro.throw``) as it resumes. A ``send`` decides how to go on when it
is awaited, not when it is called, so a ``send(...)`` made early and awaited later goes the
way the response is going by then. A ``send`` from another task (the WSGI bridge) cannot
pause the app: it waits in ``_backlog`` and is handed on in order once the app pauses or
ends.

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
from framework.middleware.exceptions import ALREADY_STARTED, ExceptionMiddleware

__all__ = ["SteppedResponse"]

_BODY = "http.response.body"
_PAUSED = object()  # what the app's ``send`` yields to the stepper
_ENDED = object()  # what a step returns once the app's coroutine has returned
_COROUTINE = types.CoroutineType


_PAUSE = (_PAUSED,).__iter__  # an iterator yielding ``_PAUSED`` once: the pause itself


class _Send:
    """What the app's ``send`` returns while not passing: it pauses the app when awaited
    under a step, and otherwise goes to ``_hold`` (another task's send, or the response
    having moved on between the call and the await)."""

    __slots__ = ("_message", "_owner")

    def __init__(self, owner: SteppedResponse, message: Message) -> None:
        self._owner = owner
        self._message = message

    def __await__(self) -> Any:
        owner = self._owner
        if owner._driving:
            owner._message = self._message
            return _PAUSE()
        return owner._hold(self._message).__await__()


@types.coroutine
def _run_rest(coro: Any, error: BaseException | None = None) -> Generator[Any, Any, None]:
    """Resume the paused ``coro`` (``error`` raised in its ``send``, when given) and let it
    run to its end as part of the caller."""
    if error is not None:
        try:
            yielded = coro.throw(error)
        except StopIteration:
            return
        while True:  # it caught the error and awaits on: drive it by hand to its end
            try:
                value = yield yielded
            except BaseException as exc:
                method, arg = coro.throw, exc
            else:
                method, arg = coro.send, value
            try:
                yielded = method(arg)
            except StopIteration:
                return
    yield from coro


async def _awaited(awaitable: Awaitable[None]) -> None:
    """An app that returned some other awaitable, as a coroutine that can be stepped."""
    await awaitable


class SteppedResponse(AppResponse):
    """The wrapped app, stepped inline, and the response ``call_next`` makes of it."""

    __slots__ = (
        "_app",
        "_backlog",
        "_coro",
        "_driving",
        "_exceptions",
        "_message",
        "_receive",
        "_scope",
        "_target",
        "start_sent",
    )

    # Rarely changed state, read from these class-level defaults until first set (then in
    # the instance ``__dict__``) and off the common path, so a request need not set it.
    _message: Message  # the message the app's ``send`` paused on
    _from_backlog = False  # the message handed out last came from ``_backlog``
    _delivered = False  # the app's last body message reached the client or middleware
    _over = False  # the response is over: a further ``send`` raises

    def __init__(
        self,
        app: ASGIApp,
        scope: Scope,
        receive: Receive,
        exceptions: ExceptionMiddleware | None = None,
    ) -> None:
        self._app = app
        # When this layer is the innermost, ``app`` is the router and ``exceptions`` the
        # ExceptionMiddleware it skips: its handlers are run from here (see ``_handle``).
        self._exceptions = exceptions
        self._scope = scope
        self._receive = receive
        self._coro: Any = None
        self._target: Send | None = None  # the client's ``send``, while passing
        self._driving = False  # the app's coroutine runs under a step right now
        self._backlog: deque[Message] | None = None  # sent from other tasks, in order
        self._iterator = self._raw = None
        self.start_sent = False  # ``respond`` handed the start to the client's ``send``

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
        return _Send(self, message)

    async def _hold(self, message: Message) -> None:
        """``send`` awaited outside a step: pass it on, refuse it, or keep it for later."""
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
        app = self._app
        try:
            coro = app(scope, receive, self._send)
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
        except Exception as exc:
            exceptions = self._exceptions
            handler = None if exceptions is None else exceptions._lookup(exc)
            if exceptions is None or handler is None:
                raise
            start = await self._handle(exceptions, handler, receive, exc)
        if start is None or start["type"] != "http.response.start":
            bad_start(start)
        self._start = start
        self.status_code = start["status"]
        self.background = None
        return self

    # -- the ExceptionMiddleware's part, when this layer stands in for it ---------------

    async def _handle(
        self, exceptions: ExceptionMiddleware, handler: Any, receive: Receive, exc: Exception
    ) -> Message | None:
        """The app raised before its response started: its handler's response is the
        response (stepped like the app), as the ExceptionMiddleware would have sent it."""
        if self._backlog:  # the start already went out, from another task
            raise RuntimeError(ALREADY_STARTED) from exc
        self._coro = exceptions._run(handler, self._scope, receive, self._send, exc)
        yielded = self._step(None, None)
        if yielded is _PAUSED and not self._backlog:
            return self._message
        return await self._settle(yielded)

    def _late(self, exc: Exception) -> RuntimeError | None:
        """The app raised after its response started: what the ExceptionMiddleware raises
        instead (``None``: the error itself goes on)."""
        exceptions = self._exceptions
        if exceptions is None or exceptions._lookup(exc) is None:
            return None
        return RuntimeError(ALREADY_STARTED)

    @types.coroutine
    def _respond(self, send: Send, start: Message) -> Generator[Any, Any, None]:
        """Send ``start``, then let the app run on with its ``send`` passing straight to
        the client's, up to its end (background tasks included). A generator-based
        coroutine, so the app's coroutine runs on right under the caller's await."""
        error: BaseException | None = None
        self.start_sent = True
        try:
            sent: Any = send(start)
            if type(sent) is not _COROUTINE:
                sent = sent.__await__()
            yield from sent
        except BaseException as exc:
            if self._from_backlog or self._coro.cr_frame is None:
                raise  # it came from another task: nowhere to raise it but here
            error = exc  # raised in the app's own ``send``
        self._target = send
        if self._backlog:
            yield from self._flush().__await__()
        coro = self._coro
        if coro.cr_frame is not None:
            try:
                if error is None:
                    yield from coro
                else:
                    yield from _run_rest(coro, error)
            except Exception as exc:
                late = self._late(exc)
                if late is None:
                    raise
                raise late from exc

    async def _flush(self) -> None:
        """Pass on the messages sent from other tasks so far, in order."""
        backlog = self._backlog
        while backlog:
            await self._send(backlog.popleft())

    async def _next_body(self) -> Message | None:
        """Stepping: the app's next body message (others are dropped), ``None`` at its end."""
        try:
            return await self._next_body_message()
        except Exception as exc:
            late = self._late(exc)
            if late is None:
                raise
            raise late from exc

    async def _next_body_message(self) -> Message | None:
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
        error = None
        if abandoned or not self._delivered:
            error = anyio.BrokenResourceError()
        try:
            await _run_rest(self._coro, error)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass
        except Exception as exc:
            if not abandoned:
                late = self._late(exc)
                if late is None:
                    raise
                raise late from exc
