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
``call_next`` returns is in ``_app_response``. Next to the App's ServerErrorMiddleware or
ExceptionMiddleware, a layer does that layer's work itself (``stand_in_for``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from asgi_core.requests import Request
from asgi_core.responses import Response
from asgi_core.types import ASGIApp, Message, Receive, Scope, Send
from framework.middleware._app_response import replaying_receive
from framework.middleware._direct import NextApp
from framework.middleware._stepped import SteppedResponse
from framework.middleware._tasked import ChildTask
from framework.middleware.errors import ServerErrorMiddleware
from framework.middleware.exceptions import ExceptionMiddleware

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


class _Watch:
    """A ``send`` that notes whether the response has started (for the 500 decision)."""

    __slots__ = ("send", "started")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    def __call__(self, message: Message) -> Awaitable[None]:
        if message["type"] == "http.response.start":
            self.started = True
        return self.send(message)


class BaseHTTPMiddleware:
    """Subclass and override ``dispatch``, or pass ``dispatch=`` (``@app.middleware("http")``)."""

    app = NextApp()
    _app_call: ASGIApp

    def __init__(self, app: ASGIApp, dispatch: DispatchFunction | None = None) -> None:
        self.app = app
        self.dispatch_func: DispatchFunction = self.dispatch if dispatch is None else dispatch
        self._errors: ServerErrorMiddleware | None = None
        self._exceptions: ExceptionMiddleware | None = None

    def stand_in_for(self, layer: ServerErrorMiddleware | ExceptionMiddleware) -> bool:
        """Do the work of the App's error ``layer`` right above or below this one, so a
        request crosses one layer fewer (issue 6: a layer costs < 10 µs).

        Below, the ExceptionMiddleware watches ``send`` only to learn when the response
        starts, which this layer knows anyway on ASGI 2.4 (it steps the app); so it calls
        the router itself and runs the handlers. Above, the ServerErrorMiddleware's watch
        on ``send`` and its 500 move into this layer, and the App calls this layer first.
        The outcomes are those of the separate layers. Returns whether it stands in (not
        for a subclass with its own ``__call__``, a subclass of either error layer, or a
        layer not next to this one).
        """
        if type(self).__call__ is not BaseHTTPMiddleware.__call__:
            return False
        # Exactly those classes: a subclass may do more than this layer knows of.
        if type(layer) is ExceptionMiddleware and self.app is layer:
            self._exceptions = layer
            return True
        if type(layer) is ServerErrorMiddleware and layer.app is self:
            self._errors = layer
            return True
        return False

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        raise NotImplementedError()  # pragma: no cover - subclasses override it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app_call(scope, receive, send)
            return
        errors = self._errors  # set: this layer stands in for the ServerErrorMiddleware
        asgi = scope.get("asgi")
        if (
            asgi is None or asgi.get("spec_version") not in _STEPPABLE_SPECS
        ) and not _steppable(asgi):
            if errors is None:
                await self._call_tasked(scope, receive, send)
            else:
                await self._call_tasked_watched(errors, scope, receive, send)
            return
        exceptions = self._exceptions
        if exceptions is None:
            app = SteppedResponse(self._app_call, scope, receive)
        else:
            app = SteppedResponse(exceptions._app_call, scope, receive, exceptions)
        dispatch = self.dispatch_func
        watch: _Watch | None = None
        try:
            try:
                response = await dispatch(Request(scope, receive), app.call_next)
                if response is app and app.as_is:
                    await app.__call__(scope, receive, send)  # skips the type's call slot
                else:
                    target = send
                    if errors is not None:  # not sent by ``app``: watched for its start
                        target = watch = _Watch(send)
                    await response.__call__(scope, receive, target)
                    if response is not app:  # the middleware answered with its own response
                        await app.finish(abandoned=False)
            except BaseException:
                await app.finish(abandoned=True)
                raise
        except Exception as exc:
            if errors is not None and not (app.start_sent if watch is None else watch.started):
                await errors.send_error(scope, receive, send, exc)
            raise

    async def _call_tasked_watched(
        self, errors: ServerErrorMiddleware, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """``_call_tasked`` with the ServerErrorMiddleware's work (this layer stands in)."""
        watch = _Watch(send)
        try:
            await self._call_tasked(scope, receive, watch)
        except Exception as exc:
            if not watch.started:
                await errors.send_error(scope, receive, send, exc)
            raise

    async def _call_tasked(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        # Errors are carried out of the task group by hand so they are not wrapped in an
        # ExceptionGroup: callers (and exception handlers) see the exception itself.
        host_error: Exception | None = None
        async with anyio.create_task_group() as group:
            # Before 2.4 the app below is called as it is (the ExceptionMiddleware too).
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
