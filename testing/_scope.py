"""ASGI 3 scopes (HTTP 2.4, WebSocket) built from a test request.

The shape follows what Starlette's TestClient sends (path percent-decoded, ``raw_path``
without the query, ``root_path`` passed through, the debug/trailers/denial extensions) plus
the ``asgi`` version key the spec asks for. ``state`` is a shallow copy of the lifespan
state, as the spec says a server must give each request.
"""

from __future__ import annotations

from typing import Any

from ._request import Request
from ._urls import URL

__all__ = ["ASGI_VERSION", "http_scope", "websocket_scope"]

ASGI_VERSION = {"version": "3.0", "spec_version": "2.4"}
_WS_ASGI_VERSION = {"version": "3.0", "spec_version": "2.4"}
_HTTP_EXTENSIONS = ("http.response.debug", "http.response.trailers")


def _common(url: URL, headers: list[tuple[bytes, bytes]], root_path: str,
            client: tuple[str, int], state: dict[str, Any]) -> dict[str, Any]:
    raw_path = url.raw_path.split(b"?", 1)[0]
    return {
        "http_version": "1.1",
        "scheme": url.scheme,
        "path": url.path,
        "raw_path": raw_path,
        "query_string": url.query,
        "root_path": root_path,
        "headers": headers,
        "client": client,
        "server": [url.host, url.effective_port],
        "state": dict(state),
    }


def http_scope(request: Request, *, root_path: str, client: tuple[str, int],
               state: dict[str, Any]) -> dict[str, Any]:
    """The ``http`` scope for ``request``."""
    scope = {"type": "http", "asgi": dict(ASGI_VERSION), "method": request.method}
    scope.update(_common(request.url, request.headers.raw, root_path, client, state))
    scope["extensions"] = {name: {} for name in _HTTP_EXTENSIONS}
    return scope


def websocket_scope(request: Request, subprotocols: list[str], *, root_path: str,
                    client: tuple[str, int], state: dict[str, Any]) -> dict[str, Any]:
    """The ``websocket`` scope for an upgrade ``request`` offering ``subprotocols``."""
    scope: dict[str, Any] = {"type": "websocket", "asgi": dict(_WS_ASGI_VERSION)}
    scope.update(_common(request.url, request.headers.raw, root_path, client, state))
    scope["subprotocols"] = list(subprotocols)
    scope["extensions"] = {"websocket.http.response": {}}
    return scope
