"""Keel's testing toolkit: drive an ASGI app in-process with httpx's calling convention.

``TestClient`` (sync, through an anyio blocking portal) behaves like Starlette's, without
httpx; ``AsyncClient`` is its async twin on the same loop-agnostic core (``_transport``,
``_websocket``, ``_lifespan``, ``_base``). Both run every app under
``conformance.ConformanceChecker``, which fails loudly on ASGI spec violations.
``strategies`` generates requests from an app's OpenAPI document and ``check_app`` runs
them as a property test of the app's contract (both import hypothesis, so ``check_app``
and ``CheckFailure`` load on first use); ``plugin`` is the pytest plugin.
"""

from __future__ import annotations

from typing import Any

from ._async_ws_session import AsyncWebSocketSession
from ._base import TooManyRedirects
from ._cookies import Cookie, CookieConflict, Cookies
from ._headers import Headers
from ._lifespan import LifespanError
from ._request import Request
from ._response import HTTPStatusError, Response, ResponseNotRead
from ._transport import ProtocolError
from ._urls import URL
from ._websocket import WebSocketDenialResponse, WebSocketDisconnect
from ._ws_session import WebSocketTestSession
from .async_client import ASGITransport, AsyncClient
from .client import TestClient
from .conformance import ConformanceChecker, ConformanceError, check_asgi

__all__ = [
    "URL",
    "ASGITransport",
    "AsyncClient",
    "AsyncWebSocketSession",
    "CheckFailure",
    "ConformanceChecker",
    "ConformanceError",
    "Cookie",
    "CookieConflict",
    "Cookies",
    "HTTPStatusError",
    "Headers",
    "LifespanError",
    "ProtocolError",
    "Request",
    "Response",
    "ResponseNotRead",
    "TestClient",
    "TooManyRedirects",
    "WebSocketDenialResponse",
    "WebSocketDisconnect",
    "WebSocketTestSession",
    "check_app",
    "check_asgi",
]


def __getattr__(name: str) -> Any:
    if name in ("CheckFailure", "check_app"):
        from . import check

        return getattr(check, name)
    raise AttributeError(f"module 'testing' has no attribute {name!r}")
