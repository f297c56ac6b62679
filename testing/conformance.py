"""An ASGI 3 conformance checker: wrap any app, fail loudly where it breaks the spec.

``ConformanceChecker(app)`` (or ``check_asgi(app)``) is itself an ASGI app. For each
connection it puts a monitor between the app and the server (``_monitor_http``,
``_monitor_ws``) that refuses, with a ``ConformanceError`` naming the connection and the
rule, any message the spec forbids at that point:

- HTTP: ``http.response.start`` before any body and only once; a final ``int`` status;
  header names lowercase ``bytes`` tokens, values ``bytes`` without CR/LF/NUL (response
  splitting); ``body`` bytes, no body after the last chunk, nothing after the response
  ended; a body matching its ``content-length``; extension messages only when offered; an
  app returning mid-response.
- WebSocket: accept/close/denial only while connecting, ``websocket.send`` only when open
  (exactly one of ``bytes``/``text``), nothing after close or after the client's
  disconnect, valid close codes, an offered subprotocol.
- Lifespan: each ``*.complete``/``*.failed`` once, only after its event was received.
- ``receive``: never two at once, never after the app returned, never when the server
  cannot answer (awaiting an unanswered lifespan event, or after ``websocket.disconnect``).

The error is raised from the offending ``send``/``receive`` and again when the app
returns, so an app that catches it still fails. ``TestClient`` and ``AsyncClient`` run
every request through the checker unless created with ``check_asgi=False``.
"""

from __future__ import annotations

from typing import Any

from asgi_core.types import ASGIApp, Receive, Scope, Send

from ._errors import ConformanceError
from ._monitor_http import HTTPMonitor
from ._monitor_ws import LifespanMonitor, WebSocketMonitor
from ._monitors import Monitor, header_problem

__all__ = ["ConformanceChecker", "ConformanceError", "check_asgi", "header_problem"]

_MONITORS: dict[str, type[Monitor]] = {
    "http": HTTPMonitor,
    "websocket": WebSocketMonitor,
    "lifespan": LifespanMonitor,
}


class ConformanceChecker:
    """An ASGI app running ``app`` under the spec's rules (see the module docstring)."""

    __slots__ = ("app",)

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        monitor_class = _MONITORS.get(scope.get("type", ""))
        if monitor_class is None:  # a connection type the spec does not define: pass it on
            await self.app(scope, receive, send)
            return
        monitor = monitor_class(scope, receive, send)
        try:
            await self.app(scope, monitor.receive, monitor.send)
        except BaseException:
            monitor.returned(normally=False)
            raise
        monitor.returned(normally=True)

    def __getattr__(self, name: str) -> Any:
        # Transparent for code that looks at the wrapped app (``checked.state`` ...).
        if name == "app":
            raise AttributeError(name)
        return getattr(self.app, name)

    def __repr__(self) -> str:
        return f"ConformanceChecker({self.app!r})"


def check_asgi(app: ASGIApp) -> ConformanceChecker:
    """``app`` wrapped in a ``ConformanceChecker`` (never wrapped twice)."""
    if isinstance(app, ConformanceChecker):
        return app
    return ConformanceChecker(app)
