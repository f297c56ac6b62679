"""``BaseHTTPMiddleware`` and ``@app.middleware("http")``: ``dispatch(request, call_next)``.

Built as a pure ASGI class, without the known traps of the pattern:

- **streaming stays streaming**: ``call_next`` returns as soon as the app has sent its
  response start; the body is handed over chunk by chunk through an unbuffered channel;
- **context variables flow both ways**: the app runs in a child task started from the
  dispatch's context, and the values the app had set when it started its response are
  copied back into the dispatch's context before ``call_next`` returns;
- **background tasks are not delayed**: the client's response ends when the app sends its
  last body chunk, while the app's background tasks go on after it;
- **a body the middleware read is still readable** by the endpoint (``Request.body()``
  caches it in the scope, and the app's ``receive`` replays it once).

Speed (issue 6: < 10 µs per layer): on ASGI 2.4 servers (ours, the TestClient) no task is
started. The app's coroutine is stepped by hand from the request's own task: whatever it
awaits is passed on to the event loop, and its ``send`` pauses it, handing the message to
``call_next`` or to the body forwarding, which resumes it for the next one. A chunk flows
as soon as it is sent, the app waits while the client is slow (backpressure), an error
from the client's ``send`` (a disconnect, a cancellation) is raised inside the app's own
``send`` as it would be without the middleware, and context variables are shared both
ways because it is one task. An app that calls ``send`` from another task (the WSGI
bridge) still works, but its messages are buffered until it gives control back. Before
ASGI 2.4, where responses watch ``receive`` in a task group held open across ``send``,
the app runs in a child task as before.
"""

from __future__ import annotations

import contextvars
import types
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import Any, Protocol

import anyio
from anyio.abc import TaskGroup

from asgi_core.requests import BODY_SCOPE_KEY, ClientDisconnect, Request
from asgi_core.responses import Response, StreamingResponse
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BaseHTTPMiddleware", "DispatchFunction", "RequestResponseEndpoint"]

RequestResponseEndpoint = Callable[[Request], Awaitable[Response]]
DispatchFunction = Callable[[Request, RequestResponseEndpoint], Awaitable[Response]]


class _Source(Protocol):
    def body(self) -> AsyncIterator[bytes]: ...

    async def forward_body(self, send: Send) -> None: ...


class _AppResponse(StreamingResponse):
    """The downstream app's response as ``call_next`` returns it: status, headers, stream.

    Sent as is, it forwards the app's own body messages (no re-chunking); a middleware
    that swaps ``body_iterator`` or adds a ``background`` gets StreamingResponse's sending.
    """

    def __init__(self, start: Message, downstream: _Source) -> None:
        # StreamingResponse.__init__ is skipped: the app's headers are taken as they are
        # (as the server would take them without this layer); changes are checked on send.
        self._downstream = downstream
        self._direct = self.body_iterator = downstream.body()
        self.status_code = start["status"]
        self.background = None
        raw = self.raw_headers = list(start.get("headers", ()))
        self._checked = tuple(raw)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.body_iterator is not self._direct or self.background is not None:
            await super().__call__(scope, receive, send)
            return
        start = {"type": "http.response.start", "status": self.status_code}
        start["headers"] = self._verified_headers()
        try:
            await send(start)
            await self._downstream.forward_body(send)
        except OSError:
            raise ClientDisconnect() from None


def _replaying_receive(scope: Scope, receive: Receive) -> Receive:
    """``receive`` for the app: first the body the middleware already read, if any."""
    replayed = False

    async def app_receive() -> Message:
        nonlocal replayed
        cached = scope.get(BODY_SCOPE_KEY)
        if cached is not None and not replayed:
            replayed = True
            return {"type": "http.request", "body": cached, "more_body": False}
        return await receive()

    return app_receive


_MISSING = object()


def _adopt(context: contextvars.Context | None) -> None:
    """Set, in the current context, every variable whose value differs in ``context``."""
    if context is None:
        return
    for var, value in context.items():
        if var.get(_MISSING) is not value:
            var.set(value)


class _Downstream:
    """Runs the wrapped app in a child task and turns its messages into a response."""

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive, group: TaskGroup) -> None:
        self.app = app
        self.scope = scope
        self.receive = receive
        self.group = group
        self.error: BaseException | None = None
        self.delivered = False
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
        self.group.start_soon(self._run)
        try:
            start = await self.messages.receive()
        except anyio.EndOfStream:
            if self.error is not None:
                self.delivered = True
                raise self.error from None
            raise RuntimeError("No response returned.") from None
        if start["type"] != "http.response.start":
            raise RuntimeError(f"expected http.response.start, got {start['type']}")
        _adopt(self.context)
        return _AppResponse(start, self)

    async def forward_body(self, send: Send) -> None:
        """Pass the app's body messages on unchanged, up to the last one."""
        async for message in self.messages:
            if message["type"] != "http.response.body":
                continue
            await send(message)
            if not message.get("more_body", False):
                return
        if self.error is not None:
            self.delivered = True
            raise self.error

    async def body(self) -> AsyncIterator[bytes]:
        async for message in self.messages:
            if message["type"] != "http.response.body":
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


@types.coroutine
def _pause(token: object) -> Generator[object, None, None]:
    """Suspend the app inside its ``send`` and give control back to ``_Inline._drive``."""
    yield token


def _sends_raise_on_disconnect(scope: Scope) -> bool:
    """ASGI 2.4+: responses need no task watching ``receive``, so no task group either."""
    asgi = scope.get("asgi")
    version = asgi.get("spec_version", "2.0") if asgi else "2.0"
    return _SPEC_24.get(version) or _newer_than_24(str(version))


_SPEC_24 = {"2.4": True, "2.5": True, "2.0": False, "2.1": False, "2.3": False}


def _newer_than_24(version: str) -> bool:
    try:
        return tuple(int(part) for part in version.split(".")) >= (2, 4)
    except ValueError:
        return False


class _Inline:
    """Steps the wrapped app's coroutine from the request's own task (no child task)."""

    __slots__ = (
        "app",
        "coro",
        "delivered",
        "driving",
        "finished",
        "paused",
        "queue",
        "receive",
        "scope",
    )

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive) -> None:
        self.app = app
        self.scope = scope
        self.receive = receive
        self.coro: Any = None
        self.queue: deque[Message] = deque()
        self.driving = False  # True only while the app's coroutine runs under ``_drive``
        self.finished = False
        self.delivered = False  # the last body message reached the client
        self.paused = False  # the app waits in ``send`` for its message to be taken

    async def _send(self, message: Message) -> None:
        self.queue.append(message)
        if self.driving:
            await _pause(self)
        # else: sent from another task, which cannot be paused from here: buffered.

    def _step(self, value: Any, error: BaseException | None) -> Any:
        self.driving = True
        try:
            if error is not None:
                return self.coro.throw(error)
            return self.coro.send(value)
        except BaseException:
            self.finished = True
            raise
        finally:
            self.driving = False

    @types.coroutine
    def _drive(self, error: BaseException | None = None) -> Generator[Any, Any, None]:
        """Run the app until it pauses in ``send`` or ends; pass its awaits through."""
        self.paused = False
        try:
            yielded = self._step(None, error)
            while yielded is not self:
                try:
                    value = yield yielded
                except BaseException as exc:  # cancellation etc.: the app's to handle
                    yielded = self._step(None, exc)
                else:
                    yielded = self._step(value, None)
        except StopIteration:
            return
        self.paused = True

    async def _next(self) -> Message | None:
        queue = self.queue
        while not queue:
            if self.finished:
                return None
            await self._drive()
        return queue.popleft()

    async def call_next(self, request: Request) -> Response:
        if self.coro is not None:
            raise RuntimeError("call_next() can only be called once")
        scope = self.scope
        receive = self.receive
        if scope.get(BODY_SCOPE_KEY) is not None:
            receive = _replaying_receive(scope, receive)
        self.coro = self.app(scope, receive, self._send)
        start = await self._next()
        if start is None:
            raise RuntimeError("No response returned.")
        if start["type"] != "http.response.start":
            raise RuntimeError(f"expected http.response.start, got {start['type']}")
        return _AppResponse(start, self)

    async def forward_body(self, send: Send) -> None:
        """Pass the app's body messages on unchanged, up to the last one."""
        while (message := await self._next()) is not None:
            if message["type"] != "http.response.body":
                continue
            more = message.get("more_body", False)
            try:
                await send(message)
            except BaseException as exc:
                await self._raise_in_app(exc)
                continue
            if not more:
                self.delivered = True
                return

    async def _raise_in_app(self, exc: BaseException) -> None:
        """The client's ``send`` failed: the app's own ``send`` raises it, as without us."""
        if not self.paused or self.queue:
            raise exc  # the message came from another task: nowhere to raise it but here
        try:
            await self._drive(exc)
        except OSError as err:
            if err is exc:
                raise ClientDisconnect() from None
            raise

    async def body(self) -> AsyncIterator[bytes]:
        while (message := await self._next()) is not None:
            if message["type"] != "http.response.body":
                continue
            body = message.get("body", b"")
            if body:
                yield body
            if not message.get("more_body", False):
                return

    async def finish(self, abandoned: bool) -> None:
        """Run the app to its end: its background tasks, or its exit once abandoned."""
        if self.coro is None or self.finished:
            return
        error: BaseException | None = None
        if abandoned or not self.delivered:
            error = anyio.BrokenResourceError()
        try:
            while not self.finished:
                self.queue.clear()
                await self._drive(error)
                error = anyio.ClosedResourceError()  # any later ``send``: response is over
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass
        except Exception:
            if not abandoned:
                raise


class BaseHTTPMiddleware:
    """Subclass and override ``dispatch``, or pass ``dispatch=`` (``@app.middleware("http")``)."""

    def __init__(self, app: ASGIApp, dispatch: DispatchFunction | None = None) -> None:
        self.app = app
        self.dispatch_func: DispatchFunction = self.dispatch if dispatch is None else dispatch

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        raise NotImplementedError()  # pragma: no cover - subclasses override it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _sends_raise_on_disconnect(scope):
            await self._call_inline(scope, receive, send)
            return
        request = Request(scope, receive)
        # Errors are carried out of the task group by hand so they are not wrapped in an
        # ExceptionGroup: callers (and exception handlers) see the exception itself.
        host_error: Exception | None = None
        async with anyio.create_task_group() as group:
            downstream = _Downstream(self.app, scope, _replaying_receive(scope, receive), group)
            try:
                response = await self.dispatch_func(request, downstream.call_next)
                await response(scope, receive, send)
            except Exception as exc:
                host_error = exc
            finally:
                downstream.close()
        if host_error is not None:
            raise host_error
        if downstream.error is not None and not downstream.delivered:
            raise downstream.error

    async def _call_inline(self, scope: Scope, receive: Receive, send: Send) -> None:
        downstream = _Inline(self.app, scope, receive)
        try:
            response = await self.dispatch_func(Request(scope, receive), downstream.call_next)
            await response(scope, receive, send)
        except BaseException:
            await downstream.finish(abandoned=True)
            raise
        await downstream.finish(abandoned=False)


def middleware_decorator(app: Any, middleware_type: str) -> Callable[[DispatchFunction], Any]:
    """``@app.middleware("http")``: register ``dispatch`` as a ``BaseHTTPMiddleware``."""
    if middleware_type != "http":
        raise ValueError(f'Only "http" middleware is supported, got {middleware_type!r}')

    def decorator(func: DispatchFunction) -> DispatchFunction:
        app.add_middleware(BaseHTTPMiddleware, dispatch=func)
        return func

    return decorator
