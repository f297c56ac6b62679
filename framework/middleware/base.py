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
"""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
from anyio.abc import TaskGroup

from asgi_core.requests import BODY_SCOPE_KEY, ClientDisconnect, Request
from asgi_core.responses import Response, StreamingResponse
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BaseHTTPMiddleware", "DispatchFunction", "RequestResponseEndpoint"]

RequestResponseEndpoint = Callable[[Request], Awaitable[Response]]
DispatchFunction = Callable[[Request, RequestResponseEndpoint], Awaitable[Response]]


class _AppResponse(StreamingResponse):
    """The downstream app's response as ``call_next`` returns it: status, headers, stream.

    Sent as is, it forwards the app's own body messages (no re-chunking); a middleware
    that swaps ``body_iterator`` or adds a ``background`` gets StreamingResponse's sending.
    """

    def __init__(self, start: Message, downstream: _Downstream) -> None:
        self._downstream = downstream
        self._direct = downstream.body()
        super().__init__(self._direct, status_code=start["status"])
        self.raw_headers = list(start.get("headers", []))

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


def middleware_decorator(app: Any, middleware_type: str) -> Callable[[DispatchFunction], Any]:
    """``@app.middleware("http")``: register ``dispatch`` as a ``BaseHTTPMiddleware``."""
    if middleware_type != "http":
        raise ValueError(f'Only "http" middleware is supported, got {middleware_type!r}')

    def decorator(func: DispatchFunction) -> DispatchFunction:
        app.add_middleware(BaseHTTPMiddleware, dispatch=func)
        return func

    return decorator
