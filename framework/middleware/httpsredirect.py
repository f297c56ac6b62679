"""``HTTPSRedirectMiddleware``: send plain ``http``/``ws`` requests to ``https``/``wss``.

The redirect is a 307 (the method and body are kept) to the same URL with the secure
scheme. The default ports 80 and 443 are dropped from the host; any other port is kept, as
are the path and the query. The host comes from ``URL(scope=...)``, which never takes it
from a ``Host`` header that is not a plain ``host[:port]``, so the target can't be steered
elsewhere. A WebSocket handshake gets the redirect as a WebSocket denial response.
"""

from __future__ import annotations

from asgi_core.datastructures import URL
from asgi_core.responses import RedirectResponse
from asgi_core.types import ASGIApp, Receive, Scope, Send

__all__ = ["HTTPSRedirectMiddleware"]

_SECURE = {"http": "https", "ws": "wss"}
_DEFAULT_PORTS = (80, 443)


class HTTPSRedirectMiddleware:
    """Redirect every insecure HTTP or WebSocket request to its secure twin."""

    __slots__ = ("app",)

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scheme = _SECURE.get(scope.get("scheme", ""))
        if scheme is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        await RedirectResponse(secure_url(scope, scheme), status_code=307)(scope, receive, send)


def secure_url(scope: Scope, scheme: str) -> str:
    """The scope's URL with ``scheme``, minus a default port."""
    url = URL(scope=scope)
    try:
        port = url.port
    except ValueError:  # an out-of-range port cannot come from a validated Host
        port = None
    if port in _DEFAULT_PORTS:
        return str(url.replace(scheme=scheme, port=None))
    return str(url.replace(scheme=scheme))
