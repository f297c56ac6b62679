"""``BaseHTTPMiddleware`` and ``@app.middleware("http")``: ``dispatch(request, call_next)``.

Built as a pure ASGI class, without the known traps of the pattern:

- **streaming stays streaming**: ``call_next`` returns as soon as the app has sent its
  response start; each chunk then reaches the client as the app sends it;
- **context variables flow both ways**: what the middleware set before ``call_next`` is
  seen by the endpoint, and what the endpoint set is seen by the middleware after it;
- **background tasks are not delayed**: the client's response ends with the app's last
  body chunk, and the app's background tasks run after it;
- **a body the middleware read is still readable** by the endpoint (``Request.body()``
  caches it in the scope, and the app's ``receive`` replays it once);
- **client disconnects propagate**, and the response ``call_next`` returns can be sent
  as is, edited (status, headers, ``background``), re-wrapped or replaced.

How the app runs (issue 6: < 10 µs per layer): on ASGI 2.4 servers (ours, the
TestClient) in the request's own task, stepped to its start message and then left to run
on with its ``send`` passing straight to the client's (``_stepped``); before 2.4, where
responses hold a task group open across ``send``, in a child task (``_tasked``). What
``call_next`` returns is in ``_app_response``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from asgi_core.requests import Request
from asgi_core.responses import Response
from asgi_core.types import ASGIApp, Receive, Scope, Send
from framework.middleware._app_response import replaying_receive
from framework.middleware._stepped import SteppedResponse
from framework.middleware._tasked import ChildTask

__all__ = ["BaseHTTPMiddleware", "DispatchFunction", "RequestResponseEndpoint"]

RequestResponseEndpoint = Callable[[Request], Awaitable[Response]]
DispatchFunction = Callable[[Request, RequestResponseEndpoint], Awaitable[Response]]

# ASGI 2.4+: ``send`` raises on a disconnect, so responses need no task watching
# ``receive`` and the app can be stepped inline. The common versions are looked up,
# others parsed.
_STEPPABLE_SPECS = frozenset({"2.4", "2.5"})


def _steppable(asgi: Any) -> bool:
    version = asgi.get("spec_version", "2.0") if asgi else "2.0"
    try:
        return tuple(int(part) for part in str(version).split(".")) >= (2, 4)
    except ValueError:
        return False


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
        asgi = scope.get("asgi")
        if (
            asgi is None or asgi.get("spec_version") not in _STEPPABLE_SPECS
        ) and not _steppable(asgi):
            await self._call_tasked(scope, receive, send)
            return
        app = SteppedResponse(self.app, scope, receive)
        try:
            response = await self.dispatch_func(Request(scope, receive), app.call_next)
            await response(scope, receive, send)
            if response is not app:  # the middleware answered with a response of its own
                await app.finish(abandoned=False)
        except BaseException:
            await app.finish(abandoned=True)
            raise

    async def _call_tasked(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        # Errors are carried out of the task group by hand so they are not wrapped in an
        # ExceptionGroup: callers (and exception handlers) see the exception itself.
        host_error: Exception | None = None
        async with anyio.create_task_group() as group:
            downstream = ChildTask(self.app, scope, replaying_receive(scope, receive), group)
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
